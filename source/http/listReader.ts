// What every pager shares, whatever its paging style (Airflow offsets, Databricks page tokens):
// each raw item is checked on its own (zod), a malformed one is skipped and counted rather than
// failing the list, items are told apart by key so a page that repeats earlier ones is seen, and
// the count is held under the ceiling. The pagers decide what a repeat or a short page means.
import { z } from 'zod';
import { BadResponse } from '../core/errors.js';
import { sanitizeName } from '../core/sanitize.js';
import { withSkippedItems } from '../core/skippedItems.js';

export interface ListReaderOptions<T> {
  /** What the list is, for messages: "List DAGs". */
  what: string;
  /** Who answered, for messages: "Airflow at https://airflow.example.com". */
  source: string;
  /** One item, for messages: "DAG", "job". */
  noun: string;
  /** Parses one raw item. */
  parse(raw: unknown): ParsedItem<T>;
  /** Tells two items apart (a DAG id, a job id). */
  keyOf(item: T): string;
  maxItems: number;
}

export type ParsedItem<T> = { ok: true; value: T } | { ok: false; why: string };

export interface PageCount {
  /** Items not seen before. */
  fresh: number;
  /** Items already read from an earlier page. */
  repeated: number;
  malformed: number;
}

export interface ListReader<T> {
  add(raw: readonly unknown[]): PageCount;
  /** Items kept so far. */
  readonly size: number;
  /** A copy of the items kept so far, for a caller that shows a list while it is read. */
  snapshot(): T[];
  /** The items, with a note of the skipped ones; throws when too many were malformed. */
  finish(): T[];
  /** A BadResponse naming the list and the server: `${what} failed: ${source} ${did}`. */
  refuse(did: string, advice?: string): BadResponse;
}

/** A malformed item that is still an object, to read its id from. */
const AnyObject = z.record(z.string(), z.unknown());

/** A parse function from a zod schema and a mapping; `idOf` names a bad item in the note. */
export function zodItem<S extends z.ZodType, T>(
  schema: S,
  map: (value: z.output<S>) => T,
  idOf: (raw: Record<string, unknown>) => unknown,
): (raw: unknown) => ParsedItem<T> {
  return (raw) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) return { ok: true, value: map(parsed.data) };
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(item)'}: ${issue.message}` : 'unexpected shape';
    const record = AnyObject.safeParse(raw);
    const id = record.success ? idOf(record.data) : undefined;
    const named =
      typeof id === 'string' || typeof id === 'number' ? sanitizeName(String(id)).slice(0, 80) : '';
    return { ok: false, why: named ? `${named} (${where})` : `(${where})` };
  };
}

function plural(noun: string, n: number): string {
  return n === 1 ? noun : `${noun}s`;
}

export function createListReader<T>(options: ListReaderOptions<T>): ListReader<T> {
  const { what, source, noun } = options;
  const items: T[] = [];
  const seen = new Set<string>();
  let received = 0;
  let malformed = 0;
  let firstProblem: string | undefined;

  const refuse = (
    did: string,
    advice = 'the server or a proxy in front of it is misbehaving; report it to its operators',
  ) => new BadResponse(`${what} failed: ${source} ${did}; ${advice}`);

  return {
    add(raw) {
      const count: PageCount = { fresh: 0, repeated: 0, malformed: 0 };
      for (const entry of raw) {
        received += 1;
        const parsed = options.parse(entry);
        if (!parsed.ok) {
          malformed += 1;
          count.malformed += 1;
          firstProblem ??= parsed.why;
          continue;
        }
        const key = options.keyOf(parsed.value);
        if (seen.has(key)) {
          count.repeated += 1;
          continue;
        }
        if (items.length >= options.maxItems) {
          throw refuse(
            `sent more than ${options.maxItems} ${plural(noun, 2)}, the most dagdeck reads in one list`,
            "if the list is really that long, raise the context's --max-list-items",
          );
        }
        seen.add(key);
        items.push(parsed.value);
        count.fresh += 1;
      }
      return count;
    },
    get size() {
      return items.length;
    },
    snapshot: () => items.slice(),
    finish() {
      if (malformed === 0) return items;
      // One odd item is skipped; a list that is mostly odd is not this server's list at all.
      if (items.length === 0 || malformed > Math.max(1, Math.floor(received / 10))) {
        throw refuse(
          `sent ${malformed} malformed ${plural(noun, malformed)} out of ${received} (first: ${noun} ${firstProblem})`,
          'check that the URL points at the right server and that its version is supported',
        );
      }
      return withSkippedItems(
        items,
        `${source}: skipped ${malformed} malformed ${plural(noun, malformed)} of ${received} (${noun} ${firstProblem}); the rest is shown`,
      );
    },
    refuse,
  };
}
