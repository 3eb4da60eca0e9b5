// Key sequences and waits for ink-testing-library (ink-style.md §2 probes 1-2, §4.7).
export const ENTER = '\r';
export const ESC = '\u001B';
export const TAB = '\t';
export const DOWN = '\u001B[B';
export const UP = '\u001B[A';
export const BACKSPACE = '\u007F';

export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
/** A lone Esc is held by ink's parser until setImmediate: give it a little longer. */
export const settleEsc = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 25));

export async function press(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    stdin.write(key);
    if (key === ESC) await settleEsc();
    else await settle();
  }
}
