// The keys of a one-column list screen: the screen's own commands first (Enter, `o`, `f`...),
// then cursor movement. Both read the rows and cursor through a ref, so each key of a burst
// moves from where the previous one left the cursor (see useLatest).
import { useKeys } from '../../hooks/useKeys.js';
import type { KeyScope } from '../../keyBinding.js';
import { moveCursor, screenCommand } from './screenCommand.js';
import { useLatest } from './useLatest.js';

export interface ListKeysOptions<T> {
  scope: KeyScope;
  rows: readonly T[];
  selected: number;
  /** Rows shown at a time (page up/down step). */
  page: number;
  setCursor: (cursor: number) => void;
  isActive: boolean;
  /** The screen's commands; true when it handled this one (then the cursor stays). */
  onCommand: (command: string, row: T | undefined) => boolean;
}

export function useListKeys<T>(options: ListKeysOptions<T>): void {
  const view = useLatest({ rows: options.rows, selected: options.selected });
  const latest = useLatest(options);
  useKeys(
    (input, key) => {
      const { scope, page, setCursor, onCommand } = latest.current;
      const command = screenCommand(scope, input, key);
      if (!command) return;
      const { rows, selected } = view.current;
      if (onCommand(command, rows[selected])) return;
      const next = moveCursor(command, selected, rows.length, page);
      view.current = { rows, selected: next };
      setCursor(next);
    },
    { isActive: options.isActive },
  );
}
