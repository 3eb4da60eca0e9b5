// The refreshSeconds preference as the console lists' poll intervals (issue 15).
import { describe, expect, it } from 'vitest';
import { consoleTiming } from '../../source/app/consoleTiming.js';

describe('consoleTiming', () => {
  it('polls idle lists every refreshSeconds and active ones at 3 s, or sooner when refreshSeconds is shorter', () => {
    expect(consoleTiming({ refreshSeconds: 10 })).toEqual({
      idleIntervalMs: 10_000,
      activeIntervalMs: 3_000,
    });
    expect(consoleTiming({ refreshSeconds: 1 })).toEqual({ idleIntervalMs: 1_000, activeIntervalMs: 1_000 });
    expect(consoleTiming({ refreshSeconds: 2.5 })).toEqual({
      idleIntervalMs: 2_500,
      activeIntervalMs: 2_500,
    });
  });
});
