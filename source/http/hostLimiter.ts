// Per-host concurrency limit and request budget: many
// panes polling one Airflow must not open dozens of sockets nor exceed the server's rate limit.
// A semaphore queues requests beyond `maxConcurrent`; a token bucket spaces them to `ratePerSecond`
// with bursts up to `burst`. Waiting is cancellable with the request's AbortSignal.

export interface RequestBudget {
  /** Sustained requests per second per host. */
  ratePerSecond: number;
  /** Requests allowed at once after an idle period. */
  burst: number;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

interface HostState {
  active: number;
  waiters: Array<() => void>;
  tokens: number;
  refilledAt: number;
}

export interface HostLimiter {
  /** Waits for a slot and a token for `host`; returns the release function. */
  acquire(host: string, signal?: AbortSignal): Promise<() => void>;
}

export function createHostLimiter(
  maxConcurrent: number,
  budget: RequestBudget,
  sleep: Sleep,
  now: () => number = Date.now,
): HostLimiter {
  const hosts = new Map<string, HostState>();

  function stateOf(host: string): HostState {
    let state = hosts.get(host);
    if (!state) {
      state = { active: 0, waiters: [], tokens: budget.burst, refilledAt: now() };
      hosts.set(host, state);
    }
    return state;
  }

  function slot(state: HostState, signal?: AbortSignal): Promise<void> {
    if (state.active < maxConcurrent) {
      state.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        state.active++;
        resolve();
      };
      const onAbort = () => {
        const index = state.waiters.indexOf(grant);
        if (index >= 0) state.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      state.waiters.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  function release(state: HostState): void {
    state.active--;
    state.waiters.shift()?.();
  }

  async function token(state: HostState, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const t = now();
      state.tokens = Math.min(
        budget.burst,
        state.tokens + ((t - state.refilledAt) / 1000) * budget.ratePerSecond,
      );
      state.refilledAt = t;
      if (state.tokens >= 1) {
        state.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - state.tokens) / budget.ratePerSecond) * 1000), signal);
    }
  }

  return {
    async acquire(host, signal) {
      const state = stateOf(host);
      await slot(state, signal);
      try {
        await token(state, signal);
      } catch (error) {
        release(state);
        throw error;
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        release(state);
      };
    },
  };
}
