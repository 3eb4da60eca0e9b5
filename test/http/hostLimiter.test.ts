// The per-host queue (a few requests in flight per host, the rest wait): waiting is per host and
// cancellable.
import { describe, expect, it } from 'vitest';
import { createHostLimiter } from '../../source/http/hostLimiter.js';

const noWait = async () => {};
const budget = { ratePerSecond: 1000, burst: 1000 };

describe('createHostLimiter', () => {
  it('queues beyond the limit per host, and other hosts are not held up', async () => {
    const limiter = createHostLimiter(1, budget, noWait);
    const first = await limiter.acquire('https://a.test');
    let second = false;
    const pending = limiter.acquire('https://a.test').then((release) => {
      second = true;
      return release;
    });
    const other = await limiter.acquire('https://b.test');
    await Promise.resolve();
    expect(second).toBe(false);
    first();
    const release = await pending;
    expect(second).toBe(true);
    release();
    other();
  });

  it('a queued request whose signal aborts leaves the queue and rejects with the reason', async () => {
    const limiter = createHostLimiter(1, budget, noWait);
    const first = await limiter.acquire('https://a.test');
    const controller = new AbortController();
    const queued = limiter.acquire('https://a.test', controller.signal);
    controller.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    first();
    // The aborted waiter did not take the slot: the next caller gets it at once.
    const next = await limiter.acquire('https://a.test');
    next();
  });
});
