// --wait: follows one run to its end, one line per state change of the run or of one of its task
// instances (Airflow) or tasks (Databricks), as they are seen. The first read is the baseline: the
// run's state is printed, the tasks' are not (after a clear or a repair, most of them are finished
// and stay so). A few failed reads in a row (a restarting web server, a rate limit) are waited out;
// more end the wait.
import type { Backend } from '../core/backend.js';
import { RateLimited, Timeout, Unavailable } from '../core/errors.js';
import { ACTIVE_STATES, type Run, type State, type TaskInstance } from '../core/model.js';
import { sanitizeName } from '../core/sanitize.js';

export interface FollowOptions {
  intervalMs: number;
  /** Where each change goes, one line at a time (stdout, or stderr under --json). */
  write(line: string): void;
  /** Consecutive failed reads tolerated before giving up. */
  maxFailures?: number;
  /** When the wait is over (default runFinished); a repair waits for its own entry to end too. */
  finished?: (run: Run) => boolean;
  now?: () => Date;
}

/** Over for good: not active, not unknown, and not blocked (a Databricks run waiting on a dependency). */
export function stateFinished(state: State): boolean {
  return !ACTIVE_STATES.has(state) && state !== 'none' && state !== 'blocked';
}

export function runFinished(run: Run): boolean {
  return stateFinished(run.state);
}

/**
 * A run being repaired is over once it has ended with this repair in its history, and the repair
 * has ended too: right after the request the run may still show the end of the attempt before.
 */
export function repairFinished(repairId: number): (run: Run) => boolean {
  return (run) => {
    const repair = run.repairs?.find((candidate) => candidate.id === repairId);
    return (
      repair !== undefined && runFinished(run) && (repair.state === undefined || stateFinished(repair.state))
    );
  };
}

function clock(date: Date): string {
  return date.toTimeString().slice(0, 8);
}

function taskName(task: TaskInstance): string {
  return task.mapIndex === undefined || task.mapIndex < 0 ? task.taskId : `${task.taskId}[${task.mapIndex}]`;
}

export async function followRun(
  backend: Backend,
  workflowId: string,
  runId: string,
  options: FollowOptions,
): Promise<Run> {
  const now = options.now ?? (() => new Date());
  const finished = options.finished ?? runFinished;
  const maxFailures = options.maxFailures ?? 3;
  const taskStates = new Map<string, string>();
  let runState: string | undefined;
  let failures = 0;
  for (let first = true; ; first = false) {
    try {
      const [run, tasks] = await Promise.all([
        backend.getRun(workflowId, runId),
        backend.listTasks(workflowId, runId),
      ]);
      failures = 0;
      for (const task of tasks) {
        const name = taskName(task);
        if (!first && taskStates.get(name) !== task.rawState) {
          options.write(`${clock(now())} ${sanitizeName(name)}: ${sanitizeName(task.rawState)}`);
        }
        taskStates.set(name, task.rawState);
      }
      if (run.rawState !== runState) {
        options.write(`${clock(now())} run ${sanitizeName(runId)}: ${sanitizeName(run.rawState)}`);
        runState = run.rawState;
      }
      if (finished(run)) return run;
    } catch (error) {
      const transient =
        error instanceof Unavailable || error instanceof Timeout || error instanceof RateLimited;
      failures += 1;
      if (!transient || failures > maxFailures) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}
