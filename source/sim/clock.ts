// A virtual clock shared by both simulators: `speed` virtual seconds pass per real second, so a
// demo or a test can watch runs go from queued to success in a few real seconds.

export interface SimClock {
  /** Virtual now, in epoch milliseconds. */
  now(): number;
  /** Virtual now as an ISO-8601 UTC string. */
  iso(): string;
  readonly speed: number;
  /** Move virtual time forward by ms (tests use this with speed 0 for full control). */
  advance(ms: number): void;
}

export function createSimClock(
  options: {
    speed?: number;
    start?: number;
    /**
     * The clock reads as if it had been running since this time at `speed`: a simulator restarted
     * with the same epoch carries on where the last one was.
     */
    epoch?: number;
  } = {},
): SimClock {
  const speed = options.speed ?? 1;
  const realStart = Date.now();
  const virtualStart =
    options.epoch !== undefined
      ? options.epoch + (realStart - options.epoch) * speed
      : (options.start ?? realStart);
  let offset = 0;
  const now = () => virtualStart + (Date.now() - realStart) * speed + offset;
  return {
    speed,
    now,
    iso: () => new Date(now()).toISOString(),
    advance: (ms) => {
      offset += ms;
    },
  };
}

/**
 * A clock whose now() can be held at one time: the simulators seed their story "at" its epoch,
 * whatever the time, so the same seed and epoch give the same runs, then let the clock run.
 */
export function pinnableClock(clock: SimClock): SimClock & { pin(at: number | undefined): void } {
  let pinned: number | undefined;
  const now = () => pinned ?? clock.now();
  return {
    get speed() {
      return clock.speed;
    },
    now,
    iso: () => new Date(now()).toISOString(),
    advance: (ms) => clock.advance(ms),
    pin: (at) => {
      pinned = at;
    },
  };
}
