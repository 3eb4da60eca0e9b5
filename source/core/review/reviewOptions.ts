// The thresholds of the review, with the defaults `dagdeck review` uses.
export interface ReviewOptions {
  /** Runs per workflow the health figures are taken over. */
  runs: number;
  /** Finished Databricks runs whose task timings are read for the setup share. */
  timedRuns: number;
  /** An XCom value above this many bytes is a finding (the metadata database holds it). */
  xcomBytes: number;
  /** Cluster start-up above this share of setup + execution, with no pool, is a finding. */
  setupShare: number;
  /** Success rates below these are an error / a warning. */
  successError: number;
  successWarning: number;
  /** Fewest finished runs before a success rate or a p95 is judged. */
  minRuns: number;
}

export const DEFAULT_REVIEW_OPTIONS: ReviewOptions = {
  runs: 20,
  timedRuns: 3,
  xcomBytes: 48 * 1024,
  setupShare: 0.3,
  successError: 0.5,
  successWarning: 0.8,
  minRuns: 3,
};
