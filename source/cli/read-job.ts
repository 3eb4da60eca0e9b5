// The job a Databricks command names, read once to check it exists; a 404 (or the workspace's 400
// "does not exist") becomes one line in the operator's terms, exit 2.
import type { Backend } from '../core/backend.js';
import { NotFound, UsageError } from '../core/errors.js';
import type { Workflow } from '../core/model.js';

export async function readJob(databricks: Backend, context: string, jobId: string): Promise<Workflow> {
  try {
    return await databricks.getWorkflow(jobId);
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
    throw new UsageError(
      `no job ${jobId} in context "${context}" (or this account cannot see it): see \`dagdeck jobs list\``,
      { cause: error },
    );
  }
}
