// The simulators run on a virtual clock that starts at a fixed date (2026-11-20 12:00 UTC in the UI
// tests); the console reads the wall clock for "now" (the incident view's window, ages). A test
// that renders the console over the simulators sets the wall clock to the simulated date, so what
// it sees does not depend on the day the suite runs. Only Date is faked: timers stay real, and the
// date moves on with real time.
import { afterEach, beforeEach, vi } from 'vitest';

/** The simulated now of the UI tests' simulators. */
export const SIM_NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

/** For every test of the calling file: Date starts at `now` and runs on from there. */
export function runOnSimulatedDate(now: number = SIM_NOW): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now, shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
