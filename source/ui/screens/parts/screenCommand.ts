// Resolves a key press to the command of a screen binding, so the handlers follow the keymap table
// (screenKeys) rather than a second list of keys hard-coded in each screen.
import type { Key } from 'ink';
import { type KeyScope, matchesKey } from '../../keyBinding.js';
import { screenKeys } from '../screenKeys.js';

export function screenCommand(scope: KeyScope, input: string, key: Key): string | undefined {
  return screenKeys.find((binding) => binding.scope === scope && matchesKey(binding, input, key))?.command;
}

/** The cursor after a movement command in a list of `count` rows showing `page` at a time. */
export function moveCursor(command: string | undefined, cursor: number, count: number, page: number): number {
  const last = Math.max(0, count - 1);
  const step = Math.max(1, page - 1);
  switch (command) {
    case 'cursorUp':
      return Math.max(0, cursor - 1);
    case 'cursorDown':
      return Math.min(last, cursor + 1);
    case 'pageUp':
      return Math.max(0, cursor - step);
    case 'pageDown':
      return Math.min(last, cursor + step);
    case 'cursorTop':
      return 0;
    case 'cursorBottom':
      return last;
    default:
      return Math.min(cursor, last);
  }
}
