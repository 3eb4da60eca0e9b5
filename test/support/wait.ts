// The one way a test waits for a state. vitest's own `vi.waitFor` gives up after one second, which
// an idle laptop never notices and a loaded 2-core machine (CI, `npm run test:load`) misses now and
// then: a simulator answer, a React render or a child process can take seconds there. The wait ends
// as soon as the state holds, so a generous ceiling costs a passing test nothing; it only decides
// how long a broken one takes to say so.
import { vi } from 'vitest';

/** How long a state may take to arrive before the test fails with what it last saw. */
export const WAIT_MS = 30_000;

export interface WaitOptions {
  timeout?: number;
  interval?: number;
}

/** Calls `check` until it returns without throwing (or its promise resolves); returns its value. */
export function waitFor<T>(check: () => T | Promise<T>, options: WaitOptions = {}): Promise<T> {
  return vi.waitFor(check, { timeout: options.timeout ?? WAIT_MS, interval: options.interval ?? 20 });
}
