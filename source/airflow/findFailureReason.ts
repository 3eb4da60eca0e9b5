// Why an Airflow task failed: the first error or traceback of its failed try's log
// (FailureLineFinder), read from the start and stopped as soon as it is found. For a run, its
// first failed task is the one looked at.
import type { Backend } from '../core/backend.js';
import { FailureLineFinder } from '../core/failureLineFinder.js';
import type { FailureReason, FailureRef } from '../core/model.js';

export async function findFailureReason(
  backend: Pick<Backend, 'listTasks' | 'followLog'>,
  ref: FailureRef,
  signal?: AbortSignal,
): Promise<FailureReason | undefined> {
  let { taskId, mapIndex } = ref;
  if (taskId === undefined) {
    const failed = (await backend.listTasks(ref.workflowId, ref.runId, signal)).find(
      (task) => task.state === 'failed',
    );
    if (!failed) return undefined;
    taskId = failed.taskId;
    mapIndex = failed.mapIndex;
  }
  const finder = new FailureLineFinder();
  const log = backend.followLog(
    {
      backend: 'airflow',
      workflowId: ref.workflowId,
      runId: ref.runId,
      taskId,
      ...(mapIndex !== undefined ? { mapIndex } : {}),
      ...(ref.tryNumber !== undefined ? { tryNumber: ref.tryNumber } : {}),
    },
    { follow: false, ...(signal ? { signal } : {}) },
  );
  for await (const batch of log) {
    const text = finder.push(batch.lines);
    if (text !== undefined) return { text, source: 'log', taskId };
  }
  const text = finder.end();
  return text === undefined ? undefined : { text, source: 'log', taskId };
}
