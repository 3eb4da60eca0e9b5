// The polled store every screen reads (one store per screen: polling with an adaptive interval,
// cancellation on unmount, single-flight; a setTimeout chain, no overlapping requests, abort on
// unmount, back off on error). Fake timers
// drive the clock, so every interval below is exact and nothing sleeps.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimited, Unavailable } from '../../source/core/errors.js';
import { createResource, type ReportPartial, type ResourceOptions } from '../../source/core/resource.js';
import { withSkippedItems } from '../../source/core/skippedItems.js';

interface Data {
  active: boolean;
  n: number;
}

interface Call {
  signal: AbortSignal;
  resolve(data: Data): void;
  reject(error: unknown): void;
}

/** A fetch whose calls the test settles by hand, recording the signal each one was given. */
function controlledFetch() {
  const calls: Call[] = [];
  const fetch = vi.fn(
    (signal: AbortSignal) =>
      new Promise<Data>((resolve, reject) => {
        calls.push({ signal, resolve, reject });
      }),
  );
  return {
    fetch,
    calls,
    last(): Call {
      const call = calls.at(-1);
      if (!call) throw new Error('fetch was never called');
      return call;
    },
  };
}

/** Lets the settled fetch's then/finally handlers run without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

const ACTIVE = 1_000;
const IDLE = 10_000;
const MAX_BACKOFF = 5_000;

function setup(extra: Partial<ResourceOptions<Data>> = {}) {
  const source = controlledFetch();
  const resource = createResource<Data>({
    fetch: source.fetch,
    activeIntervalMs: ACTIVE,
    idleIntervalMs: IDLE,
    maxBackoffMs: MAX_BACKOFF,
    isActive: (data) => data.active,
    ...extra,
  });
  return { ...source, resource };
}

/** Asserts the next fetch starts exactly `ms` after now: not one millisecond earlier. */
async function expectNextFetchAfter(fetch: ReturnType<typeof vi.fn>, ms: number): Promise<void> {
  const before = fetch.mock.calls.length;
  await vi.advanceTimersByTimeAsync(ms - 1);
  expect(fetch).toHaveBeenCalledTimes(before);
  await vi.advanceTimersByTimeAsync(1);
  expect(fetch).toHaveBeenCalledTimes(before + 1);
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createResource (DESIGN.md data flow: polled store per screen)', () => {
  it('fetches on the first subscribe and publishes the data with its time', async () => {
    const { fetch, last, resource } = setup();
    expect(resource.getSnapshot()).toEqual({
      data: undefined,
      error: undefined,
      loading: false,
      stale: false,
      updatedAt: undefined,
      slow: false,
      warning: undefined,
      partial: undefined,
      seeded: false,
    });
    resource.subscribe(() => {});
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(resource.getSnapshot().loading).toBe(true);

    await vi.advanceTimersByTimeAsync(250);
    last().resolve({ active: false, n: 1 });
    await settle();
    expect(resource.getSnapshot()).toEqual({
      data: { active: false, n: 1 },
      error: undefined,
      loading: false,
      stale: false,
      updatedAt: Date.parse('2026-01-01T00:00:00.250Z'),
      slow: false,
      warning: undefined,
      partial: undefined,
      seeded: false,
    });
  });

  it('does not poll without a subscriber, and stops polling when the last one leaves', async () => {
    const { fetch, last, resource } = setup();
    await vi.advanceTimersByTimeAsync(IDLE * 10);
    expect(fetch).not.toHaveBeenCalled();

    const first = resource.subscribe(() => {});
    const second = resource.subscribe(() => {});
    expect(fetch).toHaveBeenCalledTimes(1); // a second subscriber joins the polling, no new fetch
    last().resolve({ active: true, n: 1 });
    await settle();
    await expectNextFetchAfter(fetch, ACTIVE);
    last().resolve({ active: true, n: 2 });
    await settle();

    first();
    await expectNextFetchAfter(fetch, ACTIVE); // one subscriber left: still polling
    last().resolve({ active: true, n: 3 });
    await settle();

    second();
    await vi.advanceTimersByTimeAsync(IDLE * 10);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('aborts the fetch in flight when the last subscriber leaves, without reporting an error', async () => {
    const { fetch, last, resource } = setup();
    const unsubscribe = resource.subscribe(() => {});
    const { signal } = last();
    expect(signal.aborted).toBe(false);
    unsubscribe();
    expect(signal.aborted).toBe(true);
    last().reject(new DOMException('The request was cancelled', 'AbortError'));
    await settle();
    expect(resource.getSnapshot()).toMatchObject({ loading: false, error: undefined, stale: false });
    await vi.advanceTimersByTimeAsync(IDLE * 10);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a subscriber that comes back while the aborted fetch settles gets a new fetch, not a full interval later', async () => {
    // Leaving a screen and coming straight back (enter, esc) must not leave it empty for a whole
    // idle interval: the aborted fetch carried nothing, so the new subscriber needs its own.
    const { fetch, last, resource } = setup();
    resource.subscribe(() => {})();
    resource.subscribe(() => {});
    expect(fetch).toHaveBeenCalledTimes(1); // the aborted fetch is still in flight: joined
    last().reject(new DOMException('The request was cancelled', 'AbortError'));
    await settle();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(last().signal.aborted).toBe(false);
    last().resolve({ active: false, n: 1 });
    await settle();
    expect(resource.getSnapshot().data).toEqual({ active: false, n: 1 });
  });

  it('a subscriber that comes back within the interval keeps the fresh data; after it, fetches at once', async () => {
    const { fetch, last, resource } = setup();
    const unsubscribe = resource.subscribe(() => {});
    last().resolve({ active: false, n: 1 });
    await settle();
    unsubscribe();

    await vi.advanceTimersByTimeAsync(IDLE - 1);
    const again = resource.subscribe(() => {});
    expect(fetch).toHaveBeenCalledTimes(1); // still fresh: no request
    await expectNextFetchAfter(fetch, IDLE); // but polling resumed
    last().resolve({ active: false, n: 2 });
    await settle();
    again();

    await vi.advanceTimersByTimeAsync(IDLE);
    resource.subscribe(() => {});
    expect(fetch).toHaveBeenCalledTimes(3); // old data: fetched on subscribe
  });

  it('polls at the active interval while isActive(data) holds and at the idle interval otherwise', async () => {
    const isActive = vi.fn((data: Data) => data.active);
    const { fetch, last, resource } = setup({ isActive });
    resource.subscribe(() => {});

    last().resolve({ active: true, n: 1 });
    await settle();
    expect(isActive).toHaveBeenLastCalledWith({ active: true, n: 1 });
    await expectNextFetchAfter(fetch, ACTIVE);

    last().resolve({ active: false, n: 2 });
    await settle();
    expect(isActive).toHaveBeenLastCalledWith({ active: false, n: 2 });
    await expectNextFetchAfter(fetch, IDLE);

    last().resolve({ active: true, n: 3 });
    await settle();
    await expectNextFetchAfter(fetch, ACTIVE);
  });

  it('polls at the idle interval when no isActive is given', async () => {
    const { fetch, last } = controlledFetch();
    const resource = createResource<Data>({ fetch, activeIntervalMs: ACTIVE, idleIntervalMs: IDLE });
    resource.subscribe(() => {});
    last().resolve({ active: true, n: 1 });
    await settle();
    await expectNextFetchAfter(fetch, IDLE);
  });

  it('refresh() joins the fetch in flight: one request, every caller settles with it', async () => {
    const { fetch, last, resource } = setup();
    resource.subscribe(() => {});
    const a = resource.refresh();
    const b = resource.refresh();
    expect(a).toBe(b);
    expect(fetch).toHaveBeenCalledTimes(1);

    let done = 0;
    void a.then(() => done++);
    void b.then(() => done++);
    await settle();
    expect(done).toBe(0);
    last().resolve({ active: false, n: 1 });
    await settle();
    expect(done).toBe(2);
    expect(resource.getSnapshot().data).toEqual({ active: false, n: 1 });

    // Nothing in flight any more: the next refresh is a new request.
    void resource.refresh();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('a poll that comes due during a manual refresh joins it, and the next poll counts from the refresh', async () => {
    const { fetch, last, resource } = setup();
    resource.subscribe(() => {});
    last().resolve({ active: true, n: 1 });
    await settle();

    await vi.advanceTimersByTimeAsync(ACTIVE / 2);
    void resource.refresh(); // the `r` key, half way to the next poll
    expect(fetch).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(ACTIVE); // the old poll time passes while it is in flight
    expect(fetch).toHaveBeenCalledTimes(2);
    last().resolve({ active: true, n: 2 });
    await settle();
    await expectNextFetchAfter(fetch, ACTIVE);
    last().resolve({ active: true, n: 3 });
    await settle();

    // A refresh that answers before the poll was due replaces that poll instead of adding one.
    await vi.advanceTimersByTimeAsync(ACTIVE / 2);
    void resource.refresh();
    last().resolve({ active: true, n: 4 });
    await settle();
    expect(fetch).toHaveBeenCalledTimes(4);
    await expectNextFetchAfter(fetch, ACTIVE);
  });

  it('a failure keeps the last data marked stale with a one-line error, backs off doubling up to the cap, and a success recovers', async () => {
    const { fetch, last, resource } = setup();
    resource.subscribe(() => {});
    last().resolve({ active: true, n: 1 });
    await settle();
    const goodAt = resource.getSnapshot().updatedAt;

    await expectNextFetchAfter(fetch, ACTIVE);
    last().reject(new Unavailable('Airflow at http://airflow.test is unreachable\nconnect ECONNREFUSED'));
    await settle();
    expect(resource.getSnapshot()).toEqual({
      data: { active: true, n: 1 },
      error: 'Airflow at http://airflow.test is unreachable connect ECONNREFUSED',
      loading: false,
      stale: true,
      updatedAt: goodAt,
      slow: false,
      warning: undefined,
      partial: undefined,
      seeded: false,
    });

    // Backoff: the active interval, then doubling, capped at maxBackoffMs.
    for (const delay of [ACTIVE, 2 * ACTIVE, 4 * ACTIVE, MAX_BACKOFF, MAX_BACKOFF]) {
      await expectNextFetchAfter(fetch, delay);
      last().reject(new Error('socket hang up\nat stack'));
      await settle();
      expect(resource.getSnapshot()).toMatchObject({
        data: { active: true, n: 1 },
        error: 'socket hang up',
        stale: true,
      });
    }

    await expectNextFetchAfter(fetch, MAX_BACKOFF);
    last().resolve({ active: true, n: 2 });
    await settle();
    expect(resource.getSnapshot()).toMatchObject({
      data: { active: true, n: 2 },
      error: undefined,
      stale: false,
      loading: false,
    });
    expect(resource.getSnapshot().updatedAt).toBeGreaterThan(goodAt ?? Number.POSITIVE_INFINITY);
    await expectNextFetchAfter(fetch, ACTIVE); // back to the normal interval
    last().resolve({ active: false, n: 3 });
    await settle();
    await expectNextFetchAfter(fetch, IDLE);
  });

  it('a failure before any data is an error, not stale', async () => {
    const { last, resource } = setup();
    resource.subscribe(() => {});
    last().reject('plain string failure');
    await settle();
    expect(resource.getSnapshot()).toEqual({
      data: undefined,
      error: 'plain string failure',
      loading: false,
      stale: false,
      updatedAt: undefined,
      slow: false,
      warning: undefined,
      partial: undefined,
      seeded: false,
    });
  });

  it('passes an AbortSignal to fetch and aborts it on dispose; nothing polls or fetches afterwards', async () => {
    const listener = vi.fn();
    const { fetch, last, resource } = setup();
    resource.subscribe(listener);
    const { signal } = last();
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal.aborted).toBe(false);

    resource.dispose();
    expect(signal.aborted).toBe(true);
    last().reject(new DOMException('The request was cancelled', 'AbortError'));
    await settle();
    expect(resource.getSnapshot().error).toBeUndefined();

    await resource.refresh();
    await vi.advanceTimersByTimeAsync(IDLE * 10);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledTimes(1); // the loading flag only: disposed drops its listeners
  });

  it('notifies every listener on each change, with a new snapshot each time, and stops after unsubscribe', async () => {
    const { last, resource } = setup();
    const seen: Array<{ loading: boolean; n: number | undefined; stale: boolean }> = [];
    const other = vi.fn();
    resource.subscribe(() => {
      const snapshot = resource.getSnapshot();
      seen.push({ loading: snapshot.loading, n: snapshot.data?.n, stale: snapshot.stale });
    });
    const unsubscribeOther = resource.subscribe(other);
    expect(seen).toEqual([{ loading: true, n: undefined, stale: false }]);

    const before = resource.getSnapshot();
    last().resolve({ active: true, n: 1 });
    await settle();
    expect(resource.getSnapshot()).not.toBe(before); // useSyncExternalStore compares by identity
    expect(other).toHaveBeenCalledTimes(1);

    unsubscribeOther();
    await vi.advanceTimersByTimeAsync(ACTIVE);
    last().reject(new Error('boom'));
    await settle();
    expect(seen).toEqual([
      { loading: true, n: undefined, stale: false },
      { loading: false, n: 1, stale: false },
      { loading: true, n: 1, stale: false },
      { loading: false, n: 1, stale: true },
    ]);
    expect(other).toHaveBeenCalledTimes(1);
  });

  it('a fetch running past slowAfterMs marks the resource slow and keeps the data; the answer clears it (issue 13)', async () => {
    const { fetch, last, resource } = setup({ slowAfterMs: 3_000 });
    resource.subscribe(() => {});
    last().resolve({ active: true, n: 1 });
    await settle();
    await expectNextFetchAfter(fetch, ACTIVE);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(resource.getSnapshot().slow).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(resource.getSnapshot()).toMatchObject({ slow: true, loading: true, data: { active: true, n: 1 } });
    last().reject(new Unavailable('did not finish within 60 s'));
    await settle();
    expect(resource.getSnapshot()).toMatchObject({ slow: false, stale: true, data: { active: true, n: 1 } });
  });

  it('a 429 keeps what was shown and waits as long as Retry-After asks (issue 13)', async () => {
    const { fetch, last, resource } = setup();
    resource.subscribe(() => {});
    last().resolve({ active: true, n: 1 });
    await settle();
    await expectNextFetchAfter(fetch, ACTIVE);
    last().reject(new RateLimited('rate-limited', { retryAfterMs: 4_000 }));
    await settle();
    expect(resource.getSnapshot()).toMatchObject({ data: { active: true, n: 1 }, stale: true });
    await expectNextFetchAfter(fetch, 4_000);
  });

  it('a list that skipped malformed items says so in warning', async () => {
    const source = controlledFetch();
    const resource = createResource<Data[]>({
      fetch: async (signal) => withSkippedItems([await source.fetch(signal)], 'skipped 1 malformed job of 2'),
    });
    resource.subscribe(() => {});
    source.last().resolve({ active: false, n: 1 });
    await settle();
    expect(resource.getSnapshot().warning).toBe('skipped 1 malformed job of 2');
  });

  it('a seeded value shows at once, and the resource still fetches on its first subscribe', async () => {
    const { fetch, last, resource } = setup();
    const earlier = Date.parse('2025-12-31T23:59:59Z');
    resource.seed({ active: false, n: 0 }, earlier);
    expect(resource.getSnapshot()).toMatchObject({ data: { active: false, n: 0 }, updatedAt: earlier });
    resource.subscribe(() => {});
    expect(fetch).toHaveBeenCalledTimes(1);
    last().reject(new RateLimited('rate-limited'));
    await settle();
    // The fetch failed: what was shown before is still there, marked stale, not zero rows.
    expect(resource.getSnapshot()).toMatchObject({ data: { active: false, n: 0 }, stale: true });
    resource.seed({ active: true, n: 9 }, Date.now());
    expect(resource.getSnapshot().data).toEqual({ active: false, n: 0 });
  });

  it('shows the pages of a first read as they come, throttled, and the complete list replaces them (issue 14)', async () => {
    let report: ReportPartial<number[]> = () => {};
    const source = controlledFetch();
    const resource = createResource<number[]>({
      fetch: async (signal, partial) => {
        report = partial;
        return [(await source.fetch(signal)).n];
      },
      partialIntervalMs: 200,
    });
    resource.subscribe(() => {});
    report({ loaded: 1, total: 3 }, () => [1]);
    expect(resource.getSnapshot()).toMatchObject({ data: [1], partial: { loaded: 1, total: 3 } });
    // Within the interval: not published (the screen would redraw per page).
    report({ loaded: 2, total: 3 }, () => [1, 2]);
    expect(resource.getSnapshot().data).toEqual([1]);
    await vi.advanceTimersByTimeAsync(200);
    report({ loaded: 2, total: 3 }, () => [1, 2]);
    expect(resource.getSnapshot().data).toEqual([1, 2]);
    source.last().resolve({ active: false, n: 7 });
    await settle();
    expect(resource.getSnapshot()).toMatchObject({ data: [7], partial: undefined });
    // A refresh of a list already shown whole keeps it whole until the new one is complete.
    void resource.refresh();
    report({ loaded: 1, total: 3 }, () => [8]);
    expect(resource.getSnapshot()).toMatchObject({ data: [7], partial: undefined });
  });

  it('a value from the cache is marked seeded and stale until this session fetched its own', async () => {
    const { last, resource } = setup();
    resource.seed({ active: false, n: 0 }, Date.parse('2025-12-31T23:00:00Z'), true);
    expect(resource.getSnapshot()).toMatchObject({ seeded: true, stale: true });
    resource.subscribe(() => {});
    last().resolve({ active: false, n: 1 });
    await settle();
    expect(resource.getSnapshot()).toMatchObject({ data: { n: 1 }, seeded: false, stale: false });
  });

  it('with finishUnobserved, a fetch in flight finishes after the last subscriber left, and is not asked again on return', async () => {
    const { fetch, last, resource } = setup({ finishUnobserved: true });
    const leave = resource.subscribe(() => {});
    const { signal } = last();
    leave();
    expect(signal.aborted).toBe(false);
    last().resolve({ active: false, n: 5 });
    await settle();
    expect(resource.getSnapshot().data).toEqual({ active: false, n: 5 });
    resource.subscribe(() => {});
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
