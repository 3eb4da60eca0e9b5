// The `/` filter of the console lists (after k9s): whitespace-separated terms,
// all of which must match. A term is a case-insensitive substring of any of the row's text, or
// `tag:x` (a tag containing x), or `state:failed` (a row whose LATEST state is failed: what is
// broken now), or `recent:failed` (any of the row's recent states, e.g. a DAG that failed and has
// recovered since); `active` means queued/scheduled/running/retrying in both. `!` before a term inverts it (`!test` hides rows
// containing "test"), so `/!fred` keeps the non-matches as in k9s.
import { ACTIVE_STATES, type State } from './model.js';

/** What a row offers to the filter. */
export interface FilterSubject {
  /** Names, ids, schedules... any text a substring term may match. */
  text: readonly string[];
  tags?: readonly string[];
  /** The states the row shows (the last run's state first, then earlier ones). */
  states?: readonly State[];
}

export type FilterTerm =
  | { kind: 'text'; value: string; negate: boolean }
  | { kind: 'tag'; value: string; negate: boolean }
  | { kind: 'state'; value: string; negate: boolean }
  | { kind: 'recent'; value: string; negate: boolean };

export interface Filter {
  readonly query: string;
  readonly terms: readonly FilterTerm[];
  /** True when the filter keeps every row. */
  readonly empty: boolean;
  matches(subject: FilterSubject): boolean;
}

export function parseFilter(query: string): Filter {
  const terms: FilterTerm[] = [];
  for (const word of query.trim().split(/\s+/)) {
    if (word === '' || word === '!') continue;
    const negate = word.startsWith('!');
    const body = (negate ? word.slice(1) : word).toLowerCase();
    if (body.startsWith('tag:') && body.length > 4) terms.push({ kind: 'tag', value: body.slice(4), negate });
    else if (body.startsWith('state:') && body.length > 6)
      terms.push({ kind: 'state', value: body.slice(6), negate });
    else if (body.startsWith('recent:') && body.length > 7)
      terms.push({ kind: 'recent', value: body.slice(7), negate });
    else terms.push({ kind: 'text', value: body, negate });
  }
  return {
    query,
    terms,
    empty: terms.length === 0,
    matches: (subject) => terms.every((term) => matchTerm(term, subject) !== term.negate),
  };
}

function matchTerm(term: FilterTerm, subject: FilterSubject): boolean {
  switch (term.kind) {
    case 'text':
      return subject.text.some((text) => text.toLowerCase().includes(term.value));
    case 'tag':
      return (subject.tags ?? []).some((tag) => tag.toLowerCase().includes(term.value));
    case 'state':
    case 'recent': {
      const all = subject.states ?? [];
      const states = term.kind === 'state' ? all.slice(0, 1) : all;
      if (term.value === 'active') return states.some((state) => ACTIVE_STATES.has(state));
      return states.some((state) => state === term.value || state.startsWith(term.value));
    }
  }
}

/** Keeps the items whose subject matches; the same array when the filter is empty. */
export function applyFilter<T>(
  items: readonly T[],
  filter: Filter,
  subject: (item: T) => FilterSubject,
): T[] {
  if (filter.empty) return items as T[];
  return items.filter((item) => filter.matches(subject(item)));
}
