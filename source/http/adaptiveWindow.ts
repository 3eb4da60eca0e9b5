// How many pages of one list are asked for at once. A fixed window is wrong at both ends: six in
// flight leave a far server idle between round trips (101 pages of DAGs at 250 ms took 4+ s), and
// more than a struggling server can take only makes every answer slower. So the window grows by
// one for every page that comes back about as fast as the fastest seen (which doubles it each
// round trip while the server keeps up), and halves, at most once per round and never below a
// few pages, when an answer is much slower than that (a queue is building up, or the client waited
// out a 429's Retry-After).

export interface AdaptiveWindowOptions {
  /** Pages in flight at first. Default 4. */
  initial?: number;
  /** Never more than this. Default 16. */
  max?: number;
  /**
   * Never fewer than this (default 4, at most `max`): a server answering a little slower because
   * pages queue up is still busy, and halving below a few pages would leave it idle between them.
   */
  min?: number;
  /** An answer slower than `slowFactor` × the fastest (plus `slackMs`) shrinks the window. Default 4. */
  slowFactor?: number;
  /** Latency noise that never counts as slow. Default 200 ms. */
  slackMs?: number;
  now?: () => number;
}

export interface AdaptiveWindow {
  /** Pages that may be in flight now. */
  readonly size: number;
  /** The largest the window has been (for tests and the debug log). */
  readonly peak: number;
  /** Call when a page is asked for; returns the function to call when its answer is in. */
  started(): () => void;
}

export function createAdaptiveWindow(options: AdaptiveWindowOptions = {}): AdaptiveWindow {
  const max = Math.max(1, options.max ?? 16);
  const min = Math.min(max, Math.max(1, options.min ?? 4));
  const slowFactor = options.slowFactor ?? 4;
  const slackMs = options.slackMs ?? 200;
  const now = options.now ?? performanceNow;
  let size = Math.min(max, Math.max(min, options.initial ?? 4));
  let peak = size;
  let fastest = Number.POSITIVE_INFINITY;
  /** Pages started before the last decrease belong to the round that caused it. */
  let startedCount = 0;
  let shrunkAt = 0;

  return {
    get size() {
      return size;
    },
    get peak() {
      return peak;
    },
    started() {
      const at = now();
      startedCount += 1;
      const ticket = startedCount;
      return () => {
        const took = now() - at;
        const slow = took > fastest * slowFactor + slackMs;
        fastest = Math.min(fastest, took);
        if (slow) {
          if (ticket > shrunkAt) {
            size = Math.max(min, Math.floor(size / 2));
            shrunkAt = startedCount;
          }
          return;
        }
        size = Math.min(max, size + 1);
        peak = Math.max(peak, size);
      };
    },
  };
}

function performanceNow(): number {
  return performance.now();
}
