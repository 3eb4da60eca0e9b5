// The adaptive page window (issue 14 "Paging at the floor under latency"): more pages in flight
// while answers come back as fast as the fastest, half as many after a much slower one.
import { describe, expect, it } from 'vitest';
import { createAdaptiveWindow } from '../../source/http/adaptiveWindow.js';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createAdaptiveWindow', () => {
  it('grows by one per fast answer, doubling each round, up to its max', () => {
    const time = clock();
    const window = createAdaptiveWindow({ initial: 4, max: 16, now: time.now });
    for (let round = 0; round < 3; round++) {
      const done = Array.from({ length: window.size }, () => window.started());
      time.advance(250);
      for (const finish of done) finish();
    }
    expect(window.size).toBe(16);
    expect(window.peak).toBe(16);
  });

  it('halves once per round when answers get much slower than the fastest', () => {
    const time = clock();
    const window = createAdaptiveWindow({
      initial: 8,
      max: 16,
      min: 1,
      slowFactor: 2,
      slackMs: 40,
      now: time.now,
    });
    const fast = window.started();
    time.advance(100);
    fast();
    expect(window.size).toBe(9);
    // A queue builds up: all of this round's answers take 5 times as long.
    const round = Array.from({ length: 9 }, () => window.started());
    time.advance(500);
    for (const finish of round) finish();
    expect(window.size).toBe(4);
    // The next round is slow too: halved again, once.
    const next = Array.from({ length: 4 }, () => window.started());
    time.advance(500);
    for (const finish of next) finish();
    expect(window.size).toBe(2);
  });

  it('never goes below its minimum (a few pages by default)', () => {
    const time = clock();
    const window = createAdaptiveWindow({ initial: 8, now: time.now });
    const first = window.started();
    time.advance(10);
    first();
    for (let i = 0; i < 5; i++) {
      const slow = window.started();
      time.advance(10_000);
      slow();
    }
    expect(window.size).toBe(4);
  });
});
