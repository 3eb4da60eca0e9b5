// A mode's state in a component: re-renders on each change of the mode's cell.
import { useSyncExternalStore } from 'react';
import type { Cell } from '../keys/mode.js';

export function useModeState<T>(cell: Cell<T>): T {
  return useSyncExternalStore(cell.subscribe, cell.get, cell.get);
}
