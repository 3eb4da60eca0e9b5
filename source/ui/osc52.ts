// Copying to the clipboard of the terminal the user sits at, also over SSH and through tmux: the
// OSC 52 escape sequence asks the terminal itself to set its clipboard (xterm, iTerm2, kitty,
// WezTerm, Windows Terminal, tmux with set-clipboard on). Terminals that do not support it ignore it.

/** The sequence that sets the clipboard to `text`. */
export function osc52(text: string): string {
  const payload = Buffer.from(text, 'utf8').toString('base64');
  return `\x1b]52;c;${payload}\x07`;
}
