// Shared by both adapters: the trigger's client-chosen dag_run_id turns a re-send into a 409.
import type { Action, ActionResult } from '../core/actions.js';
import { Conflict } from '../core/errors.js';
import type { Run } from '../core/model.js';

/**
 * A 409 on trigger means either our run id already exists (an earlier send of this same request
 * made it: a retry after a lost answer, or the same trigger confirmed in another console) or another
 * run holds that logical date. The first is the write done, once; the second is the refusal.
 */
export async function resolveTriggerConflict(
  error: unknown,
  action: Extract<Action, { kind: 'trigger' }>,
  getRun: (runId: string) => Promise<Run>,
): Promise<ActionResult> {
  if (!(error instanceof Conflict)) throw error;
  const existing = await getRun(action.requestId).catch(() => undefined);
  if (!existing) {
    throw new Conflict(
      `${action.workflowId} refused the trigger: ${error.message.replace(/\.$/, '')}; another run may hold that logical date: pick another one or none`,
      { cause: error, ...(error.status === undefined ? {} : { status: error.status }) },
    );
  }
  return {
    action,
    summary: `${action.workflowId} already has run ${existing.id} (${existing.rawState}) from an earlier send of this request: no second run was made`,
    runId: existing.id,
    affected: [`run ${existing.id}`],
    alreadyDone: true,
  };
}
