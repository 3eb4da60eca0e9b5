// The cursor commands of a list screen as handlers (k/j, page up/down, home/end). They read the
// list through a ref and write the moved cursor back into it, so each key of a burst moves from
// where the previous one left the cursor, before React renders again.
import type { Command } from '../../keys/commands.js';
import type { CommandHandlers } from '../../keys/screenCommands.js';

export interface ListView {
  count: number;
  selected: number;
}

type MoveCommand = 'cursorUp' | 'cursorDown' | 'pageUp' | 'pageDown' | 'cursorTop' | 'cursorBottom';
const MOVES: readonly MoveCommand[] = [
  'cursorUp',
  'cursorDown',
  'pageUp',
  'pageDown',
  'cursorTop',
  'cursorBottom',
];

/** The cursor after a movement command in a list of `count` rows showing `page` at a time. */
export function moveCursor(command: Command, cursor: number, count: number, page: number): number {
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

export function cursorCommands<V extends ListView>(
  view: { current: V },
  page: number,
  setCursor: (cursor: number) => void,
): CommandHandlers {
  return Object.fromEntries(
    MOVES.map((command) => [
      command,
      () => {
        const { count, selected } = view.current;
        const next = moveCursor(command, selected, count, page);
        view.current = { ...view.current, selected: next };
        setCursor(next);
      },
    ]),
  );
}
