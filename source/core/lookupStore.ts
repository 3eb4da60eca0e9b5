// A per-row lookup for the home lists: something that costs one request per row (the failed tasks of
// a failed run, the run strip of a workflow outside the recent-runs window), asked only for the
// rows on screen. It lives outside React, so the home screen can unmount for a drill-down and come
// back without asking again. With 10,000 rows the cost stays O(visible rows): at most MAX_IN_FLIGHT
// requests at once, one per key, and keys scrolled away before their turn are dropped from the queue.
// Its snapshot is a version number that changes whenever an entry does.
import { sanitizeName } from './sanitize.js';
import type { Store } from './store.js';

export type Lookup<T> =
  | { status: 'loading' }
  | { status: 'ready'; value: T; at: number }
  | { status: 'error'; message: string; at: number };

export interface LookupStore<In, T> extends Store<number> {
  /**
   * The inputs wanted now (the visible rows). Keys not yet known, or known for longer than
   * `maxAgeMs`, are queued; queued keys no longer wanted are dropped, so scrolling through thousands
   * of rows never builds a backlog. An entry being fetched again keeps its old value meanwhile.
   */
  want(inputs: readonly In[]): void;
  get(input: In): Lookup<T> | undefined;
  /**
   * Forget failed lookups, and with `all` every entry's age, and ask again for what is wanted now
   * (the `r` key). Values stay shown until their new answers arrive.
   */
  expire(options?: { all?: boolean }): void;
}

export interface LookupOptions<In, T> {
  key(input: In): string;
  fetch(input: In, signal: AbortSignal): Promise<T>;
  /** Entries older than this are fetched again when wanted; without it they never expire. */
  maxAgeMs?: number;
  now?: () => number;
}

export const MAX_IN_FLIGHT = 3;
export const EMIT_BATCH_MS = 30;
/** Entries kept; the oldest settled ones go first (a long session sees many rows). */
export const MAX_ENTRIES = 2_000;

export function createLookupStore<In, T>(options: LookupOptions<In, T>): LookupStore<In, T> {
  const { key: keyOf, maxAgeMs } = options;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Lookup<T>>();
  const inFlightKeys = new Set<string>();
  const listeners = new Set<() => void>();
  const controller = new AbortController();
  let queue: In[] = [];
  /** The last inputs wanted: `expire` asks for them again at once. */
  let wanted: readonly In[] = [];
  let version = 0;
  let disposed = false;

  // Answers arrive in bursts (three in flight, a screenful queued): one change signal per
  // EMIT_BATCH_MS, not one per answer, so the list re-renders once per burst.
  let emitTimer: ReturnType<typeof setTimeout> | undefined;
  const emit = () => {
    if (emitTimer || disposed) return;
    emitTimer = setTimeout(() => {
      emitTimer = undefined;
      version += 1;
      for (const listener of [...listeners]) listener();
    }, EMIT_BATCH_MS);
  };

  const isFresh = (entry: Lookup<T> | undefined): boolean => {
    if (!entry) return false;
    if (entry.status === 'loading' || maxAgeMs === undefined) return true;
    return now() - entry.at < maxAgeMs;
  };

  const evict = () => {
    for (const [key] of entries) {
      if (entries.size <= MAX_ENTRIES) return;
      if (!inFlightKeys.has(key)) entries.delete(key);
    }
  };

  const settle = (key: string, result: Lookup<T>) => {
    inFlightKeys.delete(key);
    if (disposed) return;
    // Re-inserted, so the map's order stays oldest-settled first for eviction.
    entries.delete(key);
    entries.set(key, result);
    evict();
    emit();
    pump();
  };

  const pump = () => {
    while (!disposed && inFlightKeys.size < MAX_IN_FLIGHT && queue.length > 0) {
      const input = queue.shift() as In;
      const key = keyOf(input);
      if (inFlightKeys.has(key) || isFresh(entries.get(key))) continue;
      inFlightKeys.add(key);
      if (!entries.has(key)) entries.set(key, { status: 'loading' });
      options.fetch(input, controller.signal).then(
        (value) => settle(key, { status: 'ready', value, at: now() }),
        (error: unknown) =>
          settle(key, {
            status: 'error',
            message: sanitizeName(error instanceof Error ? error.message : String(error)),
            at: now(),
          }),
      );
    }
  };

  const want = (inputs: readonly In[]) => {
    if (disposed) return;
    wanted = inputs;
    const seen = new Set<string>();
    queue = inputs.filter((input) => {
      const key = keyOf(input);
      if (seen.has(key) || inFlightKeys.has(key) || isFresh(entries.get(key))) return false;
      seen.add(key);
      return true;
    });
    pump();
  };

  const expire = ({ all = false } = {}) => {
    let changed = false;
    for (const [key, entry] of entries) {
      if (entry.status === 'error') {
        entries.delete(key);
        changed = true;
      } else if (all && entry.status === 'ready') {
        entries.set(key, { ...entry, at: Number.NEGATIVE_INFINITY });
      }
    }
    if (changed) emit();
    want(wanted);
  };

  return {
    want,
    get(input) {
      return entries.get(keyOf(input));
    },
    expire,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => version,
    // `r`: every entry is asked again (its value stays shown until the new answer).
    refresh: async () => expire({ all: true }),
    dispose() {
      disposed = true;
      queue = [];
      clearTimeout(emitTimer);
      controller.abort();
      listeners.clear();
    },
  };
}
