// Task instances as the command line names them: TASK_ID for a task (every index of a mapped one),
// TASK_ID[3] for one map index. Task ids never contain brackets, so the suffix is unambiguous.
// Each name is checked against the run's task instances before anything is sent.
import type { TaskSelector } from '../core/actions.js';
import { UsageError } from '../core/errors.js';
import type { TaskInstance } from '../core/model.js';

const WITH_INDEX = /^([^[\]]+)\[(\d+)\]$/;

export function parseTaskSelector(text: string): TaskSelector {
  const match = WITH_INDEX.exec(text);
  if (match?.[1] !== undefined && match[2] !== undefined) {
    return { taskId: match[1], mapIndex: Number(match[2]) };
  }
  if (text === '' || /[[\]]/.test(text)) {
    throw new UsageError(
      `"${text}" is not a task: give a task id, or TASK_ID[N] for map index N of a mapped task`,
    );
  }
  return { taskId: text };
}

/** Throws a UsageError naming the first selector that is not a task instance of the run. */
export function checkTasksInRun(
  selectors: readonly TaskSelector[],
  tasks: readonly TaskInstance[],
  where: { dagId: string; runId: string },
): void {
  const see = `see \`dagdeck tasks list ${where.dagId} ${where.runId}\``;
  for (const selector of selectors) {
    const matching = tasks.filter((task) => task.taskId === selector.taskId);
    if (matching.length === 0) {
      throw new UsageError(
        `task "${selector.taskId}" is not in run ${where.runId} of ${where.dagId}: nothing was sent; ${see}`,
      );
    }
    if (selector.mapIndex === undefined) continue;
    const indexes = matching.map((task) => task.mapIndex ?? -1).filter((index) => index >= 0);
    if (!indexes.includes(selector.mapIndex)) {
      throw new UsageError(
        indexes.length === 0
          ? `task "${selector.taskId}" is not mapped: name it without [${selector.mapIndex}]; nothing was sent`
          : `task "${selector.taskId}" has no map index ${selector.mapIndex} in run ${where.runId} (it has ${Math.min(...indexes)}-${Math.max(...indexes)}): nothing was sent; ${see}`,
      );
    }
  }
}
