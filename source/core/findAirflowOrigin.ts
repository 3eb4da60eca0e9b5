// The way back from a Databricks run to the Airflow task that started it. Databricks does not record
// who called run-now, but the Airflow operator pushes the run id it started (XCom run_id), so the
// task is found from the Airflow side: the DAG runs going on when the Databricks run started, their
// task instances run by a Databricks operator whose tries cover that moment, and the one whose
// pushed run id is this run (its latest try) or whose earlier try ran then. Bounded: a few DAG runs,
// a few tasks each; a run no Airflow task of the recent runs started is reported as not found.
import type { Backend } from './backend.js';
import type { Run, TaskInstance } from './model.js';

export interface AirflowOrigin {
  task: TaskInstance;
  /** The try that started the run: the task's latest, or an earlier one. */
  tryNumber: number;
}

/** DAG runs and tasks looked at, at most: the search stays a handful of requests. */
const MAX_DAG_RUNS = 8;
const SLACK_MS = 60_000;

const timeOf = (iso: string | undefined): number => (iso ? Date.parse(iso) : Number.NaN);

export async function findAirflowOrigin(
  airflow: Backend,
  run: Pick<Run, 'id' | 'startedAt' | 'workflowId'>,
  signal?: AbortSignal,
  now: number = Date.now(),
): Promise<AirflowOrigin | undefined> {
  const started = timeOf(run.startedAt);
  if (Number.isNaN(started)) return undefined;
  const since = new Date(started - SLACK_MS).toISOString();
  const [finished, active] = await Promise.all([
    airflow.listRecentRuns({ limit: 100, finishedStates: ['failed', 'success'], since }, signal),
    airflow.listRecentRuns({ limit: 100, activeOnly: true }, signal),
  ]);
  const covers = (from: string | undefined, to: string | undefined) => {
    const start = timeOf(from);
    const end = timeOf(to);
    return (
      !Number.isNaN(start) &&
      start - SLACK_MS <= started &&
      (Number.isNaN(end) ? now : end) + SLACK_MS >= started
    );
  };
  const candidates = [...active, ...finished]
    .filter((dagRun) => covers(dagRun.startedAt, dagRun.endedAt))
    .slice(0, MAX_DAG_RUNS);
  for (const dagRun of candidates) {
    const tasks = await airflow.listTasks(dagRun.workflowId, dagRun.id, signal);
    for (const task of tasks.filter((one) => /databricks/i.test(one.operator ?? ''))) {
      const [link] = await airflow.findLinks(task, signal);
      if (link?.runId === run.id) return { task, tryNumber: task.tryNumber };
      // Another job's run, or a task with a single try: not this run's starter.
      if (task.tryNumber <= 1 || (link?.workflowId !== undefined && link.workflowId !== run.workflowId))
        continue;
      // An earlier try's run: XCom holds only the latest try's run id, so go by the tries' times.
      const tries = await airflow.listTries(task, signal);
      const earlier = tries.find(
        (attempt) => attempt.attempt < task.tryNumber && covers(attempt.startedAt, attempt.endedAt),
      );
      if (earlier && !covers(task.startedAt, task.endedAt)) return { task, tryNumber: earlier.attempt };
    }
  }
  return undefined;
}
