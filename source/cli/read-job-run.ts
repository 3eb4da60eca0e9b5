// The run a Databricks command names by its id alone, as the Databricks CLI does: runs/get says
// which job it belongs to, and the writes need that job. A run that does not exist, or that no job
// made (a one-time runs/submit), is one line saying where to look, exit 2.
import type { Backend } from '../core/backend.js';
import { NotFound, UsageError } from '../core/errors.js';
import type { Run } from '../core/model.js';

export async function readJobRun(databricks: Backend, context: string, runId: string): Promise<Run> {
  let run: Run;
  try {
    run = await databricks.getRun('', runId);
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
    throw new UsageError(
      `no run ${runId} in context "${context}" (deleted, older than 60 days, or another workspace's): see \`dagdeck jobs list-runs\``,
      { cause: error },
    );
  }
  if (run.workflowId === '') {
    throw new UsageError(
      `run ${runId} was not started by a job (a one-time submitted run): dagdeck acts on job runs only; use the Databricks UI for it`,
    );
  }
  return run;
}
