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

export function createSimClock(options: { speed?: number; start?: number } = {}): SimClock {
  const speed = options.speed ?? 1;
  const realStart = Date.now();
  const virtualStart = options.start ?? realStart;
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
