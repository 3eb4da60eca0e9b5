// runs/get of a run that must belong to the job the caller names: a stale screen asking for a run
// under the wrong job gets NotFound, not another job's tasks.
import { NotFound } from '../core/errors.js';
import type { JobsApi } from './jobsApi.js';
import type { Run } from './schemas.js';

/** `workflowId` empty: any job's run (a log reference that lost its job). */
export async function getJobRun(
  api: JobsApi,
  workflowId: string,
  runId: string,
  signal?: AbortSignal,
): Promise<Run> {
  const run = await api.getRun(runId, signal);
  if (workflowId && run.job_id !== undefined && run.job_id !== workflowId) {
    throw new NotFound(`Databricks run ${runId} does not belong to job ${workflowId}: refresh the run list`);
  }
  return run;
}
