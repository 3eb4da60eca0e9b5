// Shared by both adapters: the trigger's client-chosen dag_run_id turns a re-send into a 409.
import type { Action } from '../core/actions.js';
import { Conflict } from '../core/errors.js';
import type { Run } from '../core/model.js';

/**
 * A 409 on trigger means either our run id already exists (a re-send: the first request made the
 * run) or another run holds that logical date. Only the first is "already triggered".
 */
export async function explainTriggerConflict(
  error: unknown,
  action: Extract<Action, { kind: 'trigger' }>,
  getRun: (runId: string) => Promise<Run>,
): Promise<unknown> {
  if (!(error instanceof Conflict)) return error;
  const existing = await getRun(action.requestId).catch(() => undefined);
  if (!existing) return error;
  return new Conflict(
    `${action.workflowId} was already triggered as run ${action.requestId} (${existing.rawState}); no second run was made`,
    { cause: error, ...(error.status === undefined ? {} : { status: error.status }) },
  );
}
