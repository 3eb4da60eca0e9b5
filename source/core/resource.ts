// A polled resource: the one way screens read data. It lives outside React,
// keeps one request in flight, polls faster while something is active and slower when idle, backs
// off on errors and keeps the last good value marked stale instead of hiding it. The UI reads it
// through useSyncExternalStore (source/ui/hooks/useResource.ts); polling only runs while a screen
// is subscribed, so screens that are not shown cost nothing.
//
// A slow backend is shown as slow, not as "loading" forever: a fetch running longer than
// slowAfterMs sets `slow` while what was there stays on screen, and the HTTP deadlines end the
// fetch with an error. A fetch that skipped malformed items says so in `warning`.

import { errorLine, isAbortError, RateLimited } from './errors.js';
import { skippedItemsOf } from './skippedItems.js';
import type { Store } from './store.js';

export interface ResourceSnapshot<T> {
  /** The last value fetched successfully, kept while later fetches fail. */
  data: T | undefined;
  /** One line describing the last failure, cleared by the next success. */
  error: string | undefined;
  /** True while a fetch is in flight. */
  loading: boolean;
  /** True when the last fetch failed and `data` is from an earlier success. */
  stale: boolean;
  /** Epoch ms of the last successful fetch. */
  updatedAt: number | undefined;
  /** True while the fetch in flight has run longer than slowAfterMs. */
  slow: boolean;
  /** What the last successful fetch left out as malformed, one line (core/skippedItems.ts). */
  warning: string | undefined;
  /**
   * Set while `data` is what a fetch still in flight has read so far (the first pages of a long
   * list): how many items that is and how many the server announced, when it says.
   */
  partial: ListProgress | undefined;
  /** `data` and `updatedAt` come from an earlier session (the last-known-state cache), not this one. */
  seeded: boolean;
}

export interface ListProgress {
  loaded: number;
  total: number | undefined;
}

/**
 * How a fetch hands over what it has so far; shown only while nothing complete is. `partial` is
 * called only when the data is published (a few times a second at most).
 */
export type ReportPartial<T> = (progress: ListProgress, partial: () => T) => void;

export interface ResourceOptions<T> {
  fetch(signal: AbortSignal, report: ReportPartial<T>): Promise<T>;
  /** Poll interval while `isActive(data)` is true (something is running). Default 3 s. */
  activeIntervalMs?: number;
  /** Poll interval otherwise. Default 15 s. */
  idleIntervalMs?: number;
  /** Upper bound of the error backoff. Default 60 s. */
  maxBackoffMs?: number;
  /** A fetch running longer than this marks the resource slow. Default 5 s. */
  slowAfterMs?: number;
  /** Partial data is published at most this often (the first at once). Default 500 ms. */
  partialIntervalMs?: number;
  /**
   * Lets a fetch in flight finish when the last subscriber leaves (it still stops polling): a long
   * list that a screen opened on top interrupted would otherwise start over from its first page.
   */
  finishUnobserved?: boolean;
  isActive?(data: T): boolean;
  now?(): number;
}

export interface Resource<T> extends Store<ResourceSnapshot<T>> {
  /** Starts polling on the first subscriber, stops (and aborts the fetch) when the last one leaves. */
  subscribe(listener: () => void): () => void;
  /**
   * Hears every change without keeping the resource polled: what shows the state of a list
   * (the header) must not be the reason it is read.
   */
  watch(listener: () => void): () => void;
  /** Fetch now (the `r` key); joins the fetch in flight instead of starting a second one. */
  refresh(): Promise<void>;
  /**
   * Starts from a value fetched earlier (the same list, shown before, or the last-known state of
   * an earlier session, `fromCache`), so that a screen opened again shows it at once with its age,
   * instead of nothing until the server answers. Ignored once the resource has data of its own.
   */
  seed(data: T, updatedAt: number, fromCache?: boolean): void;
}

export function createResource<T>(options: ResourceOptions<T>): Resource<T> {
  const activeMs = options.activeIntervalMs ?? 3_000;
  const idleMs = options.idleIntervalMs ?? 15_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const slowAfterMs = options.slowAfterMs ?? 5_000;
  const partialMs = options.partialIntervalMs ?? 500;
  const now = options.now ?? Date.now;
  const listeners = new Set<() => void>();
  const watchers = new Set<() => void>();
  let snapshot: ResourceSnapshot<T> = {
    data: undefined,
    error: undefined,
    loading: false,
    stale: false,
    updatedAt: undefined,
    slow: false,
    warning: undefined,
    partial: undefined,
    seeded: false,
  };
  let inFlight: Promise<void> | undefined;
  let controller: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  /** When this resource's own last fetch succeeded (not a seeded value): decides whether to fetch on subscribe. */
  let fetchedAt: number | undefined;
  /** How long the server asked us to wait (429 Retry-After), honoured by the next poll. */
  let retryAfterMs = 0;
  let disposed = false;

  const publish = (next: Partial<ResourceSnapshot<T>>): void => {
    snapshot = { ...snapshot, ...next };
    for (const listener of listeners) listener();
    for (const watcher of watchers) watcher();
  };

  const nextDelay = (): number => {
    if (failures > 0) return Math.max(retryAfterMs, Math.min(maxBackoffMs, activeMs * 2 ** (failures - 1)));
    const data = snapshot.data;
    return data !== undefined && options.isActive?.(data) ? activeMs : idleMs;
  };

  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (disposed || listeners.size === 0) return;
    timer = setTimeout(() => void refresh(), nextDelay());
    timer.unref?.();
  };

  const refresh = (): Promise<void> => {
    if (inFlight) return inFlight;
    if (disposed) return Promise.resolve();
    controller = new AbortController();
    const signal = controller.signal;
    publish({ loading: true });
    const slowTimer = setTimeout(() => publish({ slow: true }), slowAfterMs);
    slowTimer.unref?.();
    let partialAt = Number.NEGATIVE_INFINITY;
    // A list read for the first time shows its first pages as they come; one already shown in
    // full (or from the cache) stays whole until the new one is complete.
    const report: ReportPartial<T> = (progress, partial) => {
      if (signal.aborted || controller?.signal !== signal) return;
      // Everything is in: the complete list follows at once, so showing it as partial is churn.
      if (progress.total !== undefined && progress.loaded >= progress.total) return;
      if (snapshot.data !== undefined && snapshot.partial === undefined) return;
      const at = now();
      if (at - partialAt < partialMs) return;
      partialAt = at;
      publish({ data: partial(), partial: progress });
    };
    inFlight = options
      .fetch(signal, report)
      .then(
        (data) => {
          // A fetch that ignored its abort and finished after dispose changes nothing.
          if (disposed) return;
          failures = 0;
          retryAfterMs = 0;
          fetchedAt = now();
          publish({
            data,
            error: undefined,
            loading: false,
            stale: false,
            slow: false,
            updatedAt: now(),
            warning: skippedItemsOf(data),
            partial: undefined,
            seeded: false,
          });
        },
        (error: unknown) => {
          if (signal.aborted || isAbortError(error)) {
            // Pages of an abandoned read are not a list: forget them (the next read starts over).
            publish(
              snapshot.partial
                ? { loading: false, slow: false, data: undefined, partial: undefined }
                : { loading: false, slow: false },
            );
            return;
          }
          failures += 1;
          retryAfterMs = error instanceof RateLimited ? (error.retryAfterMs ?? 0) : 0;
          // What was shown stays, marked stale: a rate limit or a deadline never empties a list.
          // Pages of a read that failed stay too, still marked partial (what was read, not all).
          publish({
            error: errorLine(error),
            loading: false,
            slow: false,
            stale: snapshot.data !== undefined,
          });
        },
      )
      .finally(() => {
        clearTimeout(slowTimer);
        inFlight = undefined;
        controller = undefined;
        // Aborted because the last subscriber left: one that came back meanwhile joined this
        // fetch and got nothing, so fetch again now rather than a whole interval later.
        if (signal.aborted && !disposed && listeners.size > 0) void refresh();
        else schedule();
      });
    return inFlight;
  };

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1 && !inFlight) {
        const fresh = fetchedAt !== undefined && now() - fetchedAt < nextDelay();
        if (fresh) schedule();
        else void refresh();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          if (timer) clearTimeout(timer);
          timer = undefined;
          if (!options.finishUnobserved) controller?.abort();
        }
      };
    },
    watch(watcher) {
      watchers.add(watcher);
      return () => watchers.delete(watcher);
    },
    refresh,
    seed(data, updatedAt, fromCache = false) {
      if (snapshot.data !== undefined || disposed) return;
      publish({ data, updatedAt, warning: skippedItemsOf(data), seeded: fromCache, stale: fromCache });
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      controller?.abort();
      listeners.clear();
      watchers.clear();
    },
  };
}
