// The incident view's data (issue 5: "one list, newest first, of what is failed or running across
// both backends"): failed Airflow task instances of failed DAG runs, running DAG runs, and failed,
// running and long-running Databricks runs. `buildIncidents` is pure so the ordering and the
// long-running rule are tested without a server; `createIncidentsResource` wires it to the backends.
import type { Backend } from './backend.js';
import { errorLine } from './errors.js';
import { ACTIVE_STATES, type BackendKind, type Run, type State, type TaskInstance } from './model.js';
import { createResource, type Resource } from './resource.js';

export type IncidentKind = 'failed_task' | 'failed_run' | 'running' | 'long_running';

export interface Incident {
  /** Stable across polls, so the cursor can stay on the same row. */
  key: string;
  backend: BackendKind;
  kind: IncidentKind;
  state: State;
  workflowId: string;
  workflowName: string;
  runId: string;
  /** Set for a failed Airflow task instance. */
  taskId?: string;
  mapIndex?: number;
  /** A mapped task with several failed map indexes is one incident; this says how many failed. */
  failedInstances?: number;
  tryNumber?: number;
  /** ISO time the incident is ordered by: when it ended (failures) or started (running). */
  at?: string;
  durationMs?: number;
  url?: string;
}

export interface IncidentSources {
  airflowRuns?: readonly Run[];
  /** Task instances of the failed Airflow runs, keyed by `runKey(run)`. */
  airflowTasks?: ReadonlyMap<string, readonly TaskInstance[]>;
  databricksRuns?: readonly Run[];
  /** `backend:workflowId` → display name (Databricks runs carry only the job id). */
  workflowNames?: ReadonlyMap<string, string>;
}

export interface IncidentRules {
  /** Epoch ms "now", to age running runs. */
  now: number;
  /** A Databricks run running longer than this is long-running. Default 2 h. */
  longRunningMs?: number;
}

export const DEFAULT_LONG_RUNNING_MS = 2 * 60 * 60 * 1000;

export function runKey(run: Pick<Run, 'backend' | 'workflowId' | 'id'>): string {
  return `${run.backend}\u0000${run.workflowId}\u0000${run.id}`;
}

/** The key of `IncidentSources.workflowNames`. */
export function nameKey(run: Pick<Run, 'backend' | 'workflowId'>): string {
  return `${run.backend}:${run.workflowId}`;
}

const timeOf = (iso: string | undefined): number => (iso ? Date.parse(iso) || 0 : 0);

function runningFor(run: Run, now: number): number | undefined {
  if (run.durationMs !== undefined) return run.durationMs;
  const started = timeOf(run.startedAt);
  return started > 0 ? Math.max(0, now - started) : undefined;
}

export function buildIncidents(sources: IncidentSources, rules: IncidentRules): Incident[] {
  const longMs = rules.longRunningMs ?? DEFAULT_LONG_RUNNING_MS;
  const names = sources.workflowNames;
  const incidents: Incident[] = [];

  for (const run of sources.airflowRuns ?? []) {
    if (run.state === 'failed') {
      const failed = firstPerTask(
        (sources.airflowTasks?.get(runKey(run)) ?? []).filter((task) => task.state === 'failed'),
      );
      if (failed.length === 0) {
        incidents.push(runIncident(run, 'failed_run', run.endedAt ?? run.startedAt, names));
        continue;
      }
      for (const [task, count] of failed) {
        const incident: Incident = {
          key: `${runKey(run)}\u0000${task.taskId}\u0000${task.mapIndex ?? -1}`,
          backend: 'airflow',
          kind: 'failed_task',
          state: task.state,
          workflowId: run.workflowId,
          workflowName: names?.get(nameKey(run)) ?? run.workflowId,
          runId: run.id,
          taskId: task.taskId,
          tryNumber: task.tryNumber,
        };
        if (count > 1) incident.failedInstances = count;
        // typeof, not !== undefined: an adapter may hand over JSON null for an unmapped task.
        if (typeof task.mapIndex === 'number' && task.mapIndex >= 0) incident.mapIndex = task.mapIndex;
        const at = task.endedAt ?? task.startedAt ?? run.endedAt ?? run.startedAt;
        if (at) incident.at = at;
        if (task.durationMs !== undefined) incident.durationMs = task.durationMs;
        incidents.push(incident);
      }
    } else if (ACTIVE_STATES.has(run.state)) {
      const incident = runIncident(run, 'running', run.startedAt ?? run.queuedAt, names);
      const age = runningFor(run, rules.now);
      if (age !== undefined) incident.durationMs = age;
      incidents.push(incident);
    }
  }

  for (const run of sources.databricksRuns ?? []) {
    if (run.state === 'failed') {
      incidents.push(runIncident(run, 'failed_run', run.endedAt ?? run.startedAt, names));
    } else if (ACTIVE_STATES.has(run.state)) {
      const age = runningFor(run, rules.now);
      const kind: IncidentKind = age !== undefined && age > longMs ? 'long_running' : 'running';
      const incident = runIncident(run, kind, run.startedAt ?? run.queuedAt, names);
      if (age !== undefined) incident.durationMs = age;
      incidents.push(incident);
    }
  }

  // Newest first; ties keep a stable order by key so rows do not jump between polls.
  return incidents.sort(
    (a, b) => timeOf(b.at) - timeOf(a.at) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** One entry per task id (the lowest failed map index) with how many instances failed. */
function firstPerTask(tasks: readonly TaskInstance[]): [TaskInstance, number][] {
  const byTask = new Map<string, [TaskInstance, number]>();
  for (const task of tasks) {
    const seen = byTask.get(task.taskId);
    if (!seen) byTask.set(task.taskId, [task, 1]);
    else {
      seen[1] += 1;
      if ((task.mapIndex ?? -1) < (seen[0].mapIndex ?? -1)) seen[0] = task;
    }
  }
  return [...byTask.values()];
}

function runIncident(
  run: Run,
  kind: IncidentKind,
  at: string | undefined,
  names: ReadonlyMap<string, string> | undefined,
): Incident {
  const incident: Incident = {
    key: runKey(run),
    backend: run.backend,
    kind,
    state: run.state,
    workflowId: run.workflowId,
    workflowName: names?.get(nameKey(run)) ?? run.workflowId,
    runId: run.id,
  };
  if (at) incident.at = at;
  if (run.durationMs !== undefined) incident.durationMs = run.durationMs;
  if (run.url) incident.url = run.url;
  return incident;
}

export interface IncidentsData {
  incidents: Incident[];
  /** One line per backend that could not be read; the other backend's incidents are still shown. */
  errors: string[];
}

export interface IncidentsResourceOptions {
  airflow?: Backend | undefined;
  databricks?: Backend | undefined;
  /** How many recent runs to read per backend. Default 100. */
  recentRuns?: number;
  /** How many failed Airflow runs to open for their failed tasks. Default 15. */
  maxFailedRunsExpanded?: number;
  longRunningMs?: number;
  now?: () => number;
  /** Minimum age of the cached workflow names before a miss refetches them. Default 5 min. */
  namesTtlMs?: number;
}

export function createIncidentsResource(options: IncidentsResourceOptions): Resource<IncidentsData> {
  const now = options.now ?? Date.now;
  const recent = options.recentRuns ?? 100;
  const expand = options.maxFailedRunsExpanded ?? 15;
  const namesTtl = options.namesTtlMs ?? 5 * 60_000;
  // Databricks runs name only their job id; job names come from listWorkflows, which is large
  // (thousands of jobs), so it is read once and again only when an unknown job id shows up.
  const names = new Map<string, string>();
  let namesReadAt = Number.NEGATIVE_INFINITY;

  const readAirflow = async (backend: Backend, signal: AbortSignal) => {
    const runs = await backend.listRecentRuns({ limit: recent }, signal);
    const failed = runs.filter((run) => run.state === 'failed').slice(0, expand);
    const tasks = new Map<string, TaskInstance[]>();
    await Promise.all(
      failed.map(async (run) => {
        tasks.set(runKey(run), await backend.listTasks(run.workflowId, run.id, signal));
      }),
    );
    return { runs, tasks };
  };

  const readDatabricks = async (backend: Backend, signal: AbortSignal) => {
    const runs = await backend.listRecentRuns({ limit: recent }, signal);
    const interesting = runs.filter((run) => run.state === 'failed' || ACTIVE_STATES.has(run.state));
    const missing = interesting.some((run) => !names.has(nameKey(run)));
    if (missing && now() - namesReadAt > namesTtl) {
      namesReadAt = now();
      for (const workflow of await backend.listWorkflows({}, signal)) {
        names.set(nameKey({ backend: 'databricks', workflowId: workflow.id }), workflow.name);
      }
    }
    return runs;
  };

  return createResource<IncidentsData>({
    async fetch(signal) {
      const errors: string[] = [];
      const [airflow, databricks] = await Promise.all([
        options.airflow
          ? readAirflow(options.airflow, signal).catch((error: unknown) => {
              errors.push(`Airflow: ${errorLine(error)}`);
              return undefined;
            })
          : undefined,
        options.databricks
          ? readDatabricks(options.databricks, signal).catch((error: unknown) => {
              errors.push(`Databricks: ${errorLine(error)}`);
              return undefined;
            })
          : undefined,
      ]);
      if (signal.aborted) throw signal.reason;
      // Both failing is a failed fetch: the resource keeps the last list and marks it stale.
      const wanted = (options.airflow ? 1 : 0) + (options.databricks ? 1 : 0);
      if (wanted > 0 && errors.length === wanted) throw new Error(errors.join('; '));
      const sources: IncidentSources = { workflowNames: names };
      if (airflow) {
        sources.airflowRuns = airflow.runs;
        sources.airflowTasks = airflow.tasks;
      }
      if (databricks) sources.databricksRuns = databricks;
      const rules: IncidentRules = { now: now() };
      if (options.longRunningMs !== undefined) rules.longRunningMs = options.longRunningMs;
      return { incidents: buildIncidents(sources, rules), errors };
    },
    isActive: (data) => data.incidents.some((incident) => ACTIVE_STATES.has(incident.state)),
  });
}
