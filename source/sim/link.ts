// How the Airflow simulator's DatabricksRunNowOperator-like task reaches the Databricks simulator,
// so its XComs (run_id, run_page_url) name a real run there. Implemented by the Databricks simulator.

export type LinkedRunState = 'pending' | 'running' | 'success' | 'failed' | 'canceled';

export interface DatabricksRunStarter {
  /**
   * Starts a run of the job with this name, as run-now would. Throws if no such job exists.
   * `endsAt` (virtual epoch ms) is when the run will end, when already known (not queued).
   */
  runNow(
    jobName: string,
    jobParameters: Record<string, string>,
  ): { jobId: number; runId: number; runPageUrl: string; endsAt?: number };
  /** The run's current outcome, as the operator's polling sees it. */
  runState(runId: number): LinkedRunState;
}
