// The per-row lookup behind the failing column and the run strips (source/core/lookupStore.ts):
// single flight per key, at most MAX_IN_FLIGHT at once, queued keys dropped when scrolled away,
// expiry with the old value kept meanwhile, one change signal per burst of answers, and `r` forgetting errors (and ages).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLookupStore, EMIT_BATCH_MS, MAX_IN_FLIGHT } from '../../source/core/lookupStore.js';

/** A fetch whose calls are answered by the test, one by one. */
function manualFetch() {
  const pending: { input: string; resolve(value: string): void; reject(error: Error): void }[] = [];
  const fetch = (input: string) =>
    new Promise<string>((resolve, reject) => {
      pending.push({ input, resolve, reject });
    });
  return { fetch, pending };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the lookup store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks each key once, MAX_IN_FLIGHT at a time, and drops queued keys no longer wanted', async () => {
    const { fetch, pending } = manualFetch();
    const store = createLookupStore({ key: (input: string) => input, fetch });
    const inputs = Array.from({ length: 8 }, (_, i) => `row${i}`);
    store.want(inputs);
    store.want(inputs);
    expect(pending.map((p) => p.input)).toEqual(inputs.slice(0, MAX_IN_FLIGHT));
    expect(store.get('row0')).toEqual({ status: 'loading' });
    store.want(['row0', 'row7']); // scrolled: row3..row6 leave the queue
    pending[0]?.resolve('zero');
    await flush();
    expect(store.get('row0')).toMatchObject({ status: 'ready', value: 'zero' });
    expect(pending.map((p) => p.input)).toEqual(['row0', 'row1', 'row2', 'row7']);
    expect(store.get('row4')).toBeUndefined();
    store.dispose();
  });

  it('without maxAgeMs an answer is kept for good; `expire` forgets only the errors', async () => {
    // The change signal is batched on a timer: a virtual clock proves it comes once per burst.
    vi.useFakeTimers();
    const { fetch, pending } = manualFetch();
    const store = createLookupStore({ key: (input: string) => input, fetch });
    const listener = vi.fn();
    store.subscribe(listener);
    store.want(['a', 'b']);
    pending[0]?.resolve('A');
    pending[1]?.reject(new Error('HTTP 503 from airflow\u001b[2J'));
    await vi.advanceTimersByTimeAsync(0);
    // Both answers are readable at once; the change signal comes once for the burst.
    expect(store.get('a')).toMatchObject({ status: 'ready', value: 'A' });
    expect(listener).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(EMIT_BATCH_MS);
    expect(listener).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2 * EMIT_BATCH_MS);
    expect(listener).toHaveBeenCalledTimes(1);
    // The message is sanitised: it reaches the terminal.
    expect(store.get('b')).toMatchObject({ status: 'error', message: 'HTTP 503 from airflow' });
    store.want(['a', 'b']);
    expect(pending).toHaveLength(2);
    store.expire({ all: true });
    store.want(['a', 'b']);
    expect(pending.map((p) => p.input)).toEqual(['a', 'b', 'b']);
    store.dispose();
  });

  it('asks again once an entry is older than maxAgeMs, showing the old value meanwhile', async () => {
    const { fetch, pending } = manualFetch();
    let now = 1_000;
    const store = createLookupStore({
      key: (input: string) => input,
      fetch,
      maxAgeMs: 60_000,
      now: () => now,
    });
    store.want(['a']);
    pending[0]?.resolve('first');
    await flush();
    now += 59_999;
    store.want(['a']);
    expect(pending).toHaveLength(1);
    now += 1;
    store.want(['a']);
    expect(pending).toHaveLength(2);
    expect(store.get('a')).toMatchObject({ status: 'ready', value: 'first' });
    pending[1]?.resolve('second');
    await flush();
    expect(store.get('a')).toMatchObject({ status: 'ready', value: 'second', at: 61_000 });
    // `r`: every age forgotten, asked again at once.
    store.expire({ all: true });
    store.want(['a']);
    expect(pending).toHaveLength(3);
    store.dispose();
  });

  it('after dispose it asks nothing and aborts what is in flight', async () => {
    const signals: AbortSignal[] = [];
    const store = createLookupStore({
      key: (input: string) => input,
      fetch: (_input, signal) => {
        signals.push(signal);
        return new Promise<string>(() => {});
      },
    });
    store.want(['a']);
    store.dispose();
    store.want(['b']);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
  });
});
