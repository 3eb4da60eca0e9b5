// A 404 on a command's arguments, said in the operator's terms: which of the DAG or the run does
// not exist (one more read tells them apart), and where to look for the right one.
import type { Backend } from '../core/backend.js';
import { NotFound, UsageError } from '../core/errors.js';

/** Runs `read`; a NotFound becomes a UsageError naming the DAG or the run that is missing. */
export async function explainNotFound<T>(
  airflow: Backend,
  where: { context: string; dagId: string; runId?: string },
  read: () => Promise<T>,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
    const dagExists = await airflow.getWorkflow(where.dagId).then(
      () => true,
      (lookup: unknown) => {
        if (lookup instanceof NotFound) return false;
        throw lookup;
      },
    );
    if (!dagExists) {
      throw new UsageError(
        `no DAG "${where.dagId}" in context "${where.context}" (or this user may not see it): see \`dagdeck dags list\``,
        { cause: error },
      );
    }
    if (where.runId !== undefined) {
      throw new UsageError(
        `DAG ${where.dagId} has no run "${where.runId}": see \`dagdeck dags list-runs ${where.dagId}\``,
        { cause: error },
      );
    }
    throw error;
  }
}
