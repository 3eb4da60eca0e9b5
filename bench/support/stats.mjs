// One summary shape for every timing list in bench/results, so two results files read the same way:
// n, median, p95, min and max, rounded to 0.1 (milliseconds, MiB or seconds, as the caller measured).

/** To 0.1: finer than a noisy machine can tell apart, coarse enough to read. */
export const round = (n) => Math.round(n * 10) / 10;

/** The nearest-rank percentile of an ascending list. */
export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The median of a list in any order (the lower one of an even count, as `percentile` gives). */
export function median(values) {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

export function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return { n: 0 };
  return {
    n: sorted.length,
    median: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
  };
}
