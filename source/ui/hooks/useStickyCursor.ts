// Selection follows the row, not the row number (user audit): lists are newest first, so a poll
// that brings a new incident or run shifts every row down, and a cursor kept as a bare index
// silently lands on another row (Enter then opens the wrong one). When the rows change because of
// new data, the cursor moves to where the previously selected row now is; when it is gone, the
// index stays (clamped). A change of view (filter, sort, a toggle such as `f`) is the user's doing
// and keeps the index as before. The one way every list screen does this, home panes included.
import { useLayoutEffect } from 'react';
import { useRouteRef } from './useRouteState.js';

export interface StickyCursorOptions<T> {
  /** Names the list within its route (a screen with two lists passes two ids). */
  id: string;
  rows: readonly T[];
  keyOf: (row: T) => string;
  /** The cursor as stored (unclamped); screens with a default position pass it resolved. */
  cursor: number;
  /** Stores a moved cursor; called from a layout effect, before the next key is read. */
  setCursor: (cursor: number) => void;
  /** Filter, sort and toggles: when it changes, the rows changed because the user asked. */
  viewKey: string;
}

interface Anchor {
  rows: readonly unknown[];
  keys: readonly string[];
  /** The selected row's key; kept while the list is empty (loading again after Esc, say). */
  key: string | undefined;
  viewKey: string;
}

/** The index to draw and act on this render: the stored cursor, moved to follow its row. */
export function useStickyCursor<T>(options: StickyCursorOptions<T>): number {
  const { rows, keyOf, cursor, setCursor, viewKey } = options;
  // Kept with the route, so a poll that lands while a drill-down is open is followed on return.
  const anchor = useRouteRef<Anchor | undefined>(`sticky:${options.id}`, undefined);
  const before = anchor.current;
  const clamped = Math.max(0, Math.min(cursor, rows.length - 1));
  const sameView = before !== undefined && before.viewKey === viewKey;
  // Row keys are compared only when the array is new (memoised lists cost nothing per key).
  const keys = before && before.rows === rows ? before.keys : rows.map(keyOf);
  let index = clamped;
  if (sameView && before.key !== undefined && !sameKeys(before.keys, keys)) {
    const at = keys.indexOf(before.key);
    if (at >= 0) index = at;
  }
  const selectedKey = keys[index];
  useLayoutEffect(() => {
    anchor.current = {
      rows,
      keys,
      key: selectedKey ?? (sameView ? before?.key : undefined),
      viewKey,
    };
    if (index !== clamped) setCursor(index);
  });
  return index;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
