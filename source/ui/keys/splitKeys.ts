// ink 6.8 hands a chunk of stdin to useInput as one `input` when it is not a single known key, so
// fast typing over SSH, tmux send-keys or a paste can arrive as ":now\r" in one event. Splitting it
// back into keypresses keeps every key going through the keymap in order (Enter included).
import type { Key } from 'ink';

export interface KeyPress {
  input: string;
  key: Key;
}

export function splitKeys(input: string, key: Key): KeyPress[] {
  const chars = Array.from(input);
  if (chars.length <= 1 || key.ctrl || key.meta || input.includes('\u001b')) return [{ input, key }];
  const plain: Key = { ...key, return: false, tab: false, backspace: false, delete: false, shift: false };
  return chars.map((ch) => {
    if (ch === '\r' || ch === '\n') return { input: '', key: { ...plain, return: true } };
    if (ch === '\t') return { input: '', key: { ...plain, tab: true } };
    if (ch === '\u007f' || ch === '\b') return { input: '', key: { ...plain, backspace: true } };
    return { input: ch, key: { ...plain, shift: ch !== ch.toLowerCase() } };
  });
}
