// Airflow clamps `limit` to `[api] maximum_page_limit` (default 100) silently, so every list is
// paged with offset until total_entries. The first page gives the
// total and the page size the server really uses; the rest are requested a few at a time.
//
// Nothing the server says is taken on trust: a total beyond the ceiling is refused before a second
// page is asked for (a total_entries of a billion once grew the heap past 4 GB), a negative total
// or a first page longer than the total is refused, every later page must bring the items its
// offset promises (an empty or short page before the end, or a page of items already read, is an
// error, not more data), and the final count must be the announced one. A list whose total changes
// while it is read is read once more; twice is an error. The whole read has one deadline.
//
// How many pages are in flight adapts to the server (http/adaptiveWindow.ts), and each page that
// arrives is reported (`onPage`) so a screen can show the rows read so far instead of nothing.
import type { PagesSoFar } from '../core/backend.js';
import { createAdaptiveWindow } from '../http/adaptiveWindow.js';
import { DEFAULT_LIST_LIMITS, type ListLimits, listTimeout, withListDeadline } from '../http/listLimits.js';
import { createListReader, type ListReader, type ParsedItem } from '../http/listReader.js';

/** One page as the server sent it: raw items (checked one by one) and its total_entries. */
export interface RawPage {
  items: readonly unknown[];
  /** null in Airflow 3.3's cursor mode; then pages are read until a short one. */
  total: number | null | undefined;
}

export interface PagerOptions<T> {
  /** "List DAGs". */
  what: string;
  /** "Airflow at https://airflow.example.com". */
  source: string;
  /** "DAG". */
  noun: string;
  parse(raw: unknown): ParsedItem<T>;
  keyOf(item: T): string;
  limits?: ListLimits;
  /** Read at most this many (the newest runs): a larger total is then no lie. */
  max?: number;
  pageSize?: number;
  signal?: AbortSignal | undefined;
  /**
   * Called after each page with how far the read has got (the items in arrival order). A list read
   * again because its total changed starts over from its first page.
   */
  onPage?: ((pages: PagesSoFar<T>) => void) | undefined;
  /** The most pages in flight at once (the window adapts below it). Default 16. */
  maxInFlight?: number;
}

export type FetchPage = (offset: number, limit: number, signal: AbortSignal) => Promise<RawPage>;

export const PAGE_SIZE = 100;
/** Pages in flight at most; the HTTP client's per-host limit bounds it too. */
export const MAX_PAGES_IN_FLIGHT = 16;

type Outcome<T> = { ok: true; items: T[] } | { ok: false; changed: string };

export async function fetchAllPages<T>(fetchPage: FetchPage, options: PagerOptions<T>): Promise<T[]> {
  const limits = options.limits ?? DEFAULT_LIST_LIMITS;
  let pagesRead = 0;
  const counted: FetchPage = async (offset, limit, signal) => {
    const page = await fetchPage(offset, limit, signal);
    pagesRead += 1;
    return page;
  };
  return withListDeadline(
    limits.deadlineMs,
    options.signal,
    () =>
      listTimeout(
        options.what,
        options.source,
        limits.deadlineMs,
        `${pagesRead} page${pagesRead === 1 ? '' : 's'} read`,
      ),
    async (signal) => {
      const first = await readOnce(counted, options, limits, signal);
      if (first.ok) return first.items;
      const second = await readOnce(counted, options, limits, signal);
      if (second.ok) return second.items;
      throw reader(options, limits).refuse(
        `${second.changed} twice in a row`,
        'the list is changing faster than it can be read; try again',
      );
    },
  );
}

function reader<T>(options: PagerOptions<T>, limits: ListLimits): ListReader<T> {
  return createListReader({
    what: options.what,
    source: options.source,
    noun: options.noun,
    parse: options.parse,
    keyOf: options.keyOf,
    maxItems: limits.maxItems,
  });
}

async function readOnce<T>(
  fetchPage: FetchPage,
  options: PagerOptions<T>,
  limits: ListLimits,
  signal: AbortSignal,
): Promise<Outcome<T>> {
  const list = reader(options, limits);
  const nouns = `${options.noun}s`;
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const requested = Math.min(options.pageSize ?? PAGE_SIZE, max);
  const first = await fetchPage(0, requested, signal);
  const total = first.total;
  if (total === null || total === undefined) {
    return readUntilShort(fetchPage, first, list, options.noun, requested, max, signal, options.onPage);
  }
  if (!Number.isSafeInteger(total) || total < 0) {
    throw list.refuse(`announced a total_entries of ${total}, which no list has`);
  }
  if (first.items.length > total) {
    throw list.refuse(`sent ${first.items.length} ${nouns} on the first page but announced only ${total}`);
  }
  const wanted = Math.min(total, max);
  if (wanted > limits.maxItems) {
    throw list.refuse(
      `announced ${total} ${nouns}, more than the ${limits.maxItems} dagdeck reads in one list`,
      "it may be lying; if the list is really that long, raise the context's --max-list-items",
    );
  }
  if (wanted > 0 && first.items.length === 0) {
    throw list.refuse(`announced ${total} ${nouns} but its first page is empty`);
  }
  list.add(first.items.slice(0, wanted));
  const report = () => options.onPage?.(pagesOf(list, total));
  report();
  // A server with a lower maximum_page_limit answers with fewer items than asked: page by that size.
  const size = first.items.length;
  let received = Math.min(size, wanted);
  let next = size;
  let changed: string | undefined;

  const readPage = async (offset: number): Promise<void> => {
    const expected = Math.min(size, wanted - offset);
    const page = await fetchPage(offset, expected, signal);
    if (changed !== undefined) return;
    if (page.total !== total) {
      changed = `changed its total_entries from ${total} to ${page.total} while the list was read`;
      return;
    }
    if (page.items.length === 0) {
      throw list.refuse(`sent an empty page at offset ${offset} although it announced ${total} ${nouns}`);
    }
    if (page.items.length < expected) {
      throw list.refuse(
        `sent a short page at offset ${offset} (${page.items.length} of ${expected} ${nouns}) before the end of the ${total} it announced`,
      );
    }
    const count = list.add(page.items.slice(0, expected));
    received += expected;
    if (count.fresh === 0 && count.malformed === 0) {
      throw list.refuse(`ignores the offset: the page at offset ${offset} repeats ${nouns} already read`);
    }
    if (count.repeated > 0) {
      changed = `sent the same ${nouns} on two pages (its order is not stable, or the list changed while it was read)`;
      return;
    }
    report();
  };

  const window = createAdaptiveWindow({ max: options.maxInFlight ?? MAX_PAGES_IN_FLIGHT });
  await new Promise<void>((resolve, reject) => {
    let inFlight = 0;
    let failure: unknown;
    // Asks for pages while the window has room; after a failure the pages in flight finish, but
    // no new one is asked for, and the first error is the list's.
    const pump = (): void => {
      while (failure === undefined && changed === undefined && next < wanted && inFlight < window.size) {
        if (signal.aborted) {
          failure = signal.reason;
          break;
        }
        const offset = next;
        next += size;
        inFlight += 1;
        const done = window.started();
        readPage(offset).then(
          () => {
            done();
            inFlight -= 1;
            pump();
          },
          (error: unknown) => {
            failure ??= error;
            inFlight -= 1;
            pump();
          },
        );
      }
      if (inFlight > 0) return;
      if (failure !== undefined) reject(failure);
      else resolve();
    };
    pump();
  });
  if (changed !== undefined) return { ok: false, changed };
  if (received !== wanted) {
    throw list.refuse(`sent ${received} ${nouns} of the ${wanted} it announced`);
  }
  return { ok: true, items: list.finish() };
}

export function pagesOf<T>(list: ListReader<T>, total: number | undefined): PagesSoFar<T> {
  return { loaded: list.size, total, items: () => list.snapshot() };
}

/** No total (cursor mode): read by offset until a page comes back short or empty. */
async function readUntilShort<T>(
  fetchPage: FetchPage,
  first: RawPage,
  list: ListReader<T>,
  noun: string,
  requested: number,
  max: number,
  signal: AbortSignal,
  onPage: PagerOptions<T>['onPage'],
): Promise<Outcome<T>> {
  list.add(first.items.slice(0, max));
  onPage?.(pagesOf(list, undefined));
  const size = first.items.length;
  let offset = size;
  let last = first.items.length;
  while (last > 0 && last >= Math.min(size, requested) && offset < max) {
    signal.throwIfAborted();
    const page = await fetchPage(offset, Math.min(size, max - offset), signal);
    const count = list.add(page.items.slice(0, max - offset));
    if (page.items.length > 0 && count.fresh === 0 && count.malformed === 0) {
      throw list.refuse(`ignores the offset: the page at offset ${offset} repeats ${noun}s already read`);
    }
    onPage?.(pagesOf(list, undefined));
    last = page.items.length;
    offset += last;
  }
  return { ok: true, items: list.finish() };
}
