// The home rows ask their lookups (failing tasks, run strips) only once the rows on screen have
// stayed put for WANT_SETTLE_MS. Under a fake clock a test moves past that wait, so every lookup the
// screen as it is now wants has been asked: "nothing more was asked" is then a fact, not a sleep.
import { vi } from 'vitest';
import { WANT_SETTLE_MS } from '../../../source/ui/screens/home/useRowLookups.js';
import { settle } from '../../support/ink.js';

/** Installs the fake clock the lookups' settle timer runs on (setImmediate, React's, stays real). */
export function fakeLookupClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
}

/**
 * Renders what the last key or answer changed, then moves the fake clock past the settle wait: the
 * lookups the screen wants are asked by now. Twice, for a render the first round's answers cause.
 */
export async function rowLookupsAsked(): Promise<void> {
  for (let round = 0; round < 2; round++) {
    await settle();
    await vi.advanceTimersByTimeAsync(WANT_SETTLE_MS);
  }
}
