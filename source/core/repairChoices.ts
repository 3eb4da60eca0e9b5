// What a repair can re-run: the run's tasks as they ended, the ones that did not succeed marked
// to start with (the usual repair), every task offered (a repair may re-run any of them).
import type { ConsoleBackends } from './consoleBackends.js';
import { formatDuration } from './formatDuration.js';
import type { State, TaskInstance } from './model.js';
import type { RunRef } from './runDetail.js';
import { requireBackend } from './sessionBackends.js';

const NEEDS_REPAIR: ReadonlySet<State> = new Set(['failed', 'upstream_failed', 'canceled']);

export interface RepairChoice {
  taskKey: string;
  /** "last failed after 9m 10s (2 attempts)". */
  detail: string;
  needsRepair: boolean;
}

export async function repairChoicesOf(
  backends: ConsoleBackends,
  ref: RunRef,
  signal?: AbortSignal,
): Promise<RepairChoice[]> {
  const tasks = await requireBackend(backends, ref.backend).listTasks(ref.workflowId, ref.runId, signal);
  return tasks.map((task: TaskInstance) => {
    const attempts = task.attempts?.length ?? 1;
    const took =
      task.durationMs !== undefined && task.durationMs > 0 ? ` after ${formatDuration(task.durationMs)}` : '';
    return {
      taskKey: task.taskId,
      detail: `last ${task.rawState}${took}${attempts > 1 ? ` (${attempts} attempts)` : ''}`,
      needsRepair: NEEDS_REPAIR.has(task.state),
    };
  });
}
