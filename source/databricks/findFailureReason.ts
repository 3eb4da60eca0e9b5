// Why a Databricks run or task failed, in one line: the error of the failed task run (get-output)
// when it has one, else the state messages, which say only that it failed and sometimes how.
import type { FailureReason, FailureRef } from '../core/model.js';
import { getJobRun } from './getJobRun.js';
import type { JobsApi } from './jobsApi.js';
import { mapState } from './mapState.js';
import { RunOutput, type RunTask } from './schemas.js';
import { groupAttempts } from './toTaskInstances.js';

export async function findFailureReason(
  api: JobsApi,
  ref: FailureRef,
  signal?: AbortSignal,
): Promise<FailureReason | undefined> {
  const run = await getJobRun(api, ref.workflowId, ref.runId, signal);
  const groups = groupAttempts(run);
  const failed = (attempts: RunTask[] | undefined) => {
    const latest = attempts?.[attempts.length - 1];
    return latest !== undefined && mapState(latest.state, latest.status).state === 'failed';
  };
  const taskKey = ref.taskId ?? [...groups.keys()].find((key) => failed(groups.get(key)));
  const attempts = taskKey === undefined ? undefined : groups.get(taskKey);
  const attempt =
    ref.tryNumber !== undefined ? attempts?.[ref.tryNumber - 1] : attempts?.[attempts.length - 1];
  const runMessage = run.state?.state_message;
  if (!attempt || taskKey === undefined) {
    if (mapState(run.state, run.status).state !== 'failed' || !runMessage) return undefined;
    return { text: firstLine(runMessage), source: 'message' };
  }
  if (attempt.run_id) {
    // The error of the task run says what failed; the state messages only that it did.
    const output = await api.get('jobs/runs/get-output', { run_id: attempt.run_id }, RunOutput, signal);
    if (output.error?.trim()) return { text: firstLine(output.error), source: 'error', taskId: taskKey };
  }
  const message = attempt.state?.state_message || attempt.status?.termination_details?.message;
  if (message?.trim()) return { text: firstLine(message), source: 'message', taskId: taskKey };
  return runMessage?.trim() ? { text: firstLine(runMessage), source: 'message', taskId: taskKey } : undefined;
}

/** The first non-empty line of a message. */
function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}
