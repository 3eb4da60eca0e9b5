// Handing the terminal to another program ($EDITOR) while the console runs: the alternate screen is
// left, the cursor shown and raw mode turned off, the program runs synchronously (so nothing of the
// console draws over it), then everything is put back and ink repaints the whole frame.
import { writeSync } from 'node:fs';
import type { Instance } from 'ink';

const ENTER_ALT_SCREEN = '\x1b[?1049h';
const LEAVE_ALT_SCREEN = '\x1b[?1049l';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

let active: { instance: Instance; altScreen: boolean } | undefined;

/** Called by runConsole once the console is on screen; undone when it exits. */
export function registerConsole(console: { instance: Instance; altScreen: boolean } | undefined): void {
  active = console;
}

export function handOverTerminal<T>(run: () => T): T {
  const { stdin, stdout } = process;
  const console = active;
  const write = (text: string) => {
    try {
      writeSync(stdout.fd, text);
    } catch {
      // The terminal is gone: nothing to restore.
    }
  };
  if (stdin.isTTY) stdin.setRawMode(false);
  write(`${console?.altScreen ? LEAVE_ALT_SCREEN : ''}${SHOW_CURSOR}`);
  try {
    return run();
  } finally {
    write(`${console?.altScreen ? ENTER_ALT_SCREEN : ''}${HIDE_CURSOR}`);
    if (stdin.isTTY) stdin.setRawMode(true);
    // The screen was the editor's: forget the last frame so the next one is drawn whole.
    console?.instance.clear();
  }
}
