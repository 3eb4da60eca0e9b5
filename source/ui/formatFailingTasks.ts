// How the failed tasks of a run (core/failingTasks.ts) read in the home list's "failing" column.
import { displayWidth } from '../core/displayWidth.js';
import type { Lookup } from '../core/lookupStore.js';

export type FailingTasks = Lookup<readonly string[]>;

/**
 * The cell text: the first failed task and how many more, the group prefix dropped when the full
 * id does not fit `width`. `?` when the lookup failed, `…` while it runs.
 */
export function formatFailingTasks(entry: FailingTasks | undefined, width: number): string {
  if (!entry || entry.status === 'loading') return '…';
  if (entry.status === 'error') return '?';
  const [first, ...rest] = entry.value;
  if (first === undefined) return '';
  const more = rest.length > 0 ? ` +${rest.length}` : '';
  const full = `${first}${more}`;
  if (displayWidth(full) <= width) return full;
  return `${first.slice(first.lastIndexOf('.') + 1)}${more}`;
}
