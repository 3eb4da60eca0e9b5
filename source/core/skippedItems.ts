// Items of a list that a server sent malformed. One bad job or DAG must not cost the whole list
// (an incident is exactly when a half-upgraded server sends odd fields), but it must not vanish
// silently either: the list carries a one-line note of what was skipped, which the CLI prints on
// stderr and the console shows in the list's status. The note rides on the array itself, hidden
// (not enumerable), so the Backend interface keeps returning plain arrays and JSON output is
// unchanged.

const NOTE = Symbol('dagdeck.skippedItems');

interface Noted {
  [NOTE]?: string;
}

/** Attaches the note (when there is one) to `items` and returns them. */
export function withSkippedItems<T>(items: T[], note: string | undefined): T[] {
  if (note !== undefined) Object.defineProperty(items, NOTE, { value: note, enumerable: false });
  return items;
}

/** The note of a list built by withSkippedItems, e.g. "skipped 1 malformed job of 250 (…)". */
export function skippedItemsOf(list: unknown): string | undefined {
  if (!Array.isArray(list)) return undefined;
  return (list as Noted)[NOTE];
}
