// One run as its screen shows it: the run (state, repairs, URL) and its tasks with their attempts,
// and, for a run another backend's task started, the way back to that task.

import type { ConsoleBackends } from './consoleBackends.js';
import { type AirflowOrigin, findAirflowOrigin } from './findAirflowOrigin.js';
import { ACTIVE_STATES, type BackendKind, type Run, type TaskInstance } from './model.js';
import { createResource, type Resource } from './resource.js';
import { requireBackend } from './sessionBackends.js';

/** The task of another backend that started a run, and which of its tries did. */
export type RunOrigin = AirflowOrigin;

export interface RunRef {
  backend: BackendKind;
  workflowId: string;
  runId: string;
}

export interface RunDetail {
  run: Run;
  tasks: TaskInstance[];
}

export function createRunDetailResource(backends: ConsoleBackends, ref: RunRef): Resource<RunDetail> {
  return createResource<RunDetail>({
    async fetch(signal) {
      const backend = requireBackend(backends, ref.backend);
      // listTasks reads the same run again; one call for the header, one for the task rows keeps
      // the Backend contract simple (the header is small).
      const [run, tasks] = await Promise.all([
        backend.getRun(ref.workflowId, ref.runId, signal),
        backend.listTasks(ref.workflowId, ref.runId, signal),
      ]);
      return { run, tasks };
    },
    isActive: (data) =>
      ACTIVE_STATES.has(data.run.state) || data.tasks.some((task) => ACTIVE_STATES.has(task.state)),
  });
}

/** Which backend's tasks start which backend's runs: an Airflow task starts Databricks runs. */
const STARTED_BY: Readonly<Partial<Record<BackendKind, BackendKind>>> = { databricks: 'airflow' };

/**
 * The backend of this session whose task can have started a run of `kind`; undefined when there
 * is none to look in.
 */
export function runOriginKind(backends: ConsoleBackends, kind: BackendKind): BackendKind | undefined {
  const origin = STARTED_BY[kind];
  return origin && backends[origin] ? origin : undefined;
}

/** The backend whose runs a task of `kind` can start (what its links lead to), if any. */
export function linkedRunKind(kind: BackendKind): BackendKind | undefined {
  return (Object.keys(STARTED_BY) as BackendKind[]).find((started) => STARTED_BY[started] === kind);
}

/**
 * The task that started the run, looked up once (it never changes): null when none of the recent
 * runs of the other backend started it, or when the session has no such backend.
 */
export function createRunOriginResource(backends: ConsoleBackends, ref: RunRef): Resource<RunOrigin | null> {
  return createResource<RunOrigin | null>({
    async fetch(signal) {
      const originKind = runOriginKind(backends, ref.backend);
      const origin = originKind ? backends[originKind] : undefined;
      const backend = backends[ref.backend];
      if (!origin || !backend) return null;
      const run = await backend.getRun(ref.workflowId, ref.runId, signal);
      return (await findAirflowOrigin(origin, run, signal)) ?? null;
    },
    idleIntervalMs: 10 * 60_000,
  });
}
