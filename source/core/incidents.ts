// The incident view's data: what an on-call must look at now, across both backends, asked of the
// servers directly (failed runs, queued and running runs, import errors) so it never waits for the
// full DAG and job lists.
//
// One failure is one incident: a failed Airflow task that started a Databricks run carries that run
// and its failing Databricks tasks as its chain, and the runs of its earlier tries fold into it
// instead of showing as unrelated rows. A failure that a later successful run of the same workflow
// has superseded goes to a separate "recovered" list. Queued, running and running longer than the
// workflow's usual p95 are told apart; a continuous job is judged by its health (running, or how
// often it restarted), never by its age; a paused DAG or job says so. A backend that cannot be read
// is reported as unknown, never as zero incidents.
//
// `buildIncidents` is pure (tested without a server); `createIncidentsResource` reads the backends,
// with caches for what cannot change (the tasks of a finished run, the link a finished try pushed).
import type { Backend } from './backend.js';
import { errorLine } from './errors.js';
import {
  ACTIVE_STATES,
  type BackendKind,
  type ImportError,
  type Run,
  type State,
  type TaskAttempt,
  type TaskInstance,
} from './model.js';
import { createResource, type Resource } from './resource.js';

export type IncidentKind = 'failed' | 'import_error' | 'overdue' | 'running' | 'queued' | 'stream';

/** The order of the sections: what needs action first. */
export const KIND_ORDER: readonly IncidentKind[] = [
  'failed',
  'import_error',
  'overdue',
  'running',
  'queued',
  'stream',
];

/** The Databricks run an Airflow task started, as part of the task's incident. */
export interface LinkedRun {
  /** The backend the run is on (the one the task's link names). */
  backend: BackendKind;
  workflowId: string;
  runId: string;
  state: State | undefined;
  /** Its failing task keys (failed, not upstream_failed). */
  failedTasks: string[];
  url?: string;
  /** Runs of the same job that earlier tries of the task started, folded into this incident. */
  earlierRuns: string[];
}

export interface Incident {
  /** Stable across polls, so the cursor can stay on the same row. */
  key: string;
  backend: BackendKind;
  kind: IncidentKind;
  state: State;
  workflowId: string;
  workflowName: string;
  runId: string;
  /** The failed Airflow task (lowest failed map index of a mapped task). */
  taskId?: string;
  mapIndex?: number;
  /** A mapped task with several failed map indexes is one incident; this says how many failed. */
  failedInstances?: number;
  tryNumber?: number;
  /** The failing tasks of a Databricks run (its own incident, not part of an Airflow chain). */
  failedTasks?: string[];
  /** The Airflow task's Databricks run: the chain try → run → failing task. */
  linked?: LinkedRun;
  /** ISO time the incident is ordered by: when it ended (failures) or started (running). */
  at?: string;
  /** When the work started, for a live duration while it runs. */
  startedAt?: string;
  durationMs?: number;
  /** The workflow's usual (p95) duration, for running work. */
  usualMs?: number;
  url?: string;
  /** The later run that succeeded (or, for a continuous job, took over): the failure is recovered. */
  recoveredBy?: { runId: string; state: State; at?: string };
  /** One-word facts: "DAG paused", "job paused", "restarted 2× in 24h". */
  notes: string[];
}

/** What one backend answered, or why it could not be read. */
export type BackendReading<T> = { ok: true; value: T } | { ok: false; error: string };

/** What a failed Airflow task pushed about the Databricks run it started, with its tries' windows. */
export interface TaskLink {
  workflowId?: string;
  runId: string;
  url?: string;
  tries: readonly TaskAttempt[];
}

export interface AirflowReading {
  failedRuns: readonly Run[];
  activeRuns: readonly Run[];
  /** The task instances of failed runs, keyed by runKey(run). */
  tasks: ReadonlyMap<string, readonly TaskInstance[]>;
  /** The Databricks run each failed task started, keyed by taskKey(); its tries' windows for the earlier runs. */
  links: ReadonlyMap<string, TaskLink>;
  importErrors: readonly ImportError[];
  /** Set when the import errors could not be read (the rest could). */
  importErrorsProblem?: string;
}

export interface DatabricksReading {
  failedRuns: readonly Run[];
  activeRuns: readonly Run[];
  /** Failed task keys of failed runs (and of runs linked from Airflow), keyed by run id. */
  failedTasks: Map<string, readonly string[]>;
  /** Runs looked up by id (linked from Airflow but not among the failed runs read). */
  runs: Map<string, Run>;
}

export interface WorkflowFacts {
  name?: string;
  paused?: boolean;
  continuous?: boolean;
}

export interface IncidentSources {
  airflow?: BackendReading<AirflowReading>;
  databricks?: BackendReading<DatabricksReading>;
  /** The latest runs of a workflow, newest first, keyed by nameKey: supersession and usual durations. */
  history: ReadonlyMap<string, readonly Run[]>;
  workflows: ReadonlyMap<string, WorkflowFacts>;
}

export interface IncidentRules {
  /** Epoch ms "now", to age running runs. */
  now: number;
  /** Failures older than this are left out. */
  windowMs: number;
}

export interface IncidentsData {
  /** What needs attention, by section (KIND_ORDER), newest first within one. */
  incidents: Incident[];
  /** Failures a later success superseded, newest first. */
  recovered: Incident[];
  /** Per configured backend: whether it was read, and if not why (shown as "unknown"). */
  reach: Partial<Record<BackendKind, { ok: true } | { ok: false; error: string }>>;
  /** Partial problems of a backend that was read (its import errors could not be). */
  warnings: string[];
  windowMs: number;
}

export const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;

export function runKey(run: Pick<Run, 'backend' | 'workflowId' | 'id'>): string {
  return `${run.backend}\u0000${run.workflowId}\u0000${run.id}`;
}

/** The key of a workflow in `history` and `workflows`. */
export function nameKey(run: Pick<Run, 'backend' | 'workflowId'>): string {
  return `${run.backend}:${run.workflowId}`;
}

export function taskKey(task: Pick<TaskInstance, 'workflowId' | 'runId' | 'taskId' | 'mapIndex'>): string {
  return `${task.workflowId}\u0000${task.runId}\u0000${task.taskId}\u0000${task.mapIndex ?? -1}`;
}

const timeOf = (iso: string | undefined): number => (iso ? Date.parse(iso) || 0 : 0);

/** Databricks runs a continuous job starts carry these triggers. */
const CONTINUOUS_TRIGGERS = new Set(['continuous', 'continuous_restart']);

/** The 95th percentile of the successful runs' durations, from three of them on. */
export function usualDuration(history: readonly Run[] | undefined): number | undefined {
  const durations = (history ?? [])
    .filter((run) => run.state === 'success' && run.durationMs !== undefined)
    .map((run) => run.durationMs as number)
    .sort((a, b) => a - b);
  if (durations.length < 3) return undefined;
  return durations[Math.min(durations.length - 1, Math.ceil(0.95 * durations.length) - 1)];
}

/** The later run of the same workflow that took over from a failed one, if any. */
function supersededBy(failed: Run, history: readonly Run[] | undefined, continuous: boolean) {
  const failedAt = timeOf(failed.startedAt ?? failed.queuedAt);
  for (const later of history ?? []) {
    if (later.id === failed.id) continue;
    if (timeOf(later.startedAt ?? later.queuedAt) <= failedAt) continue;
    // A continuous job restarts by itself: the restart running is its recovery.
    if (later.state === 'success' || (continuous && later.state === 'running')) {
      const recovered: { runId: string; state: State; at?: string } = { runId: later.id, state: later.state };
      const at = later.endedAt ?? later.startedAt;
      if (at) recovered.at = at;
      return recovered;
    }
  }
  return undefined;
}

function runningFor(run: Run, now: number): number | undefined {
  const started = timeOf(run.startedAt);
  if (started > 0 && !run.endedAt) return Math.max(0, now - started);
  return run.durationMs;
}

export function buildIncidents(sources: IncidentSources, rules: IncidentRules): IncidentsData {
  const from = rules.now - rules.windowMs;
  const current: Incident[] = [];
  const recovered: Incident[] = [];
  const reach: IncidentsData['reach'] = {};
  const warnings: string[] = [];
  const facts = (run: Pick<Run, 'backend' | 'workflowId'>) => sources.workflows.get(nameKey(run)) ?? {};
  const nameOf = (run: Run) => facts(run).name ?? run.name ?? run.workflowId;
  const place = (incident: Incident) => (incident.recoveredBy ? recovered : current).push(incident);

  const airflow = sources.airflow;
  const databricks = sources.databricks?.ok ? sources.databricks.value : undefined;
  if (sources.airflow)
    reach.airflow = sources.airflow.ok ? { ok: true } : { ok: false, error: sources.airflow.error };
  if (sources.databricks)
    reach.databricks = sources.databricks.ok ? { ok: true } : { ok: false, error: sources.databricks.error };

  // Databricks runs that belong to an Airflow task's incident, so they are not incidents of their own.
  const folded = new Set<string>();

  if (airflow?.ok) {
    const reading = airflow.value;
    if (reading.importErrorsProblem) warnings.push(`Airflow import errors: ${reading.importErrorsProblem}`);
    for (const run of reading.failedRuns) {
      const ended = run.endedAt ?? run.startedAt;
      if (ended && timeOf(ended) < from) continue;
      const recoveredBy = supersededBy(run, sources.history.get(nameKey(run)), false);
      const failed = firstPerTask((reading.tasks.get(runKey(run)) ?? []).filter((t) => t.state === 'failed'));
      if (failed.length === 0) {
        place(runIncident(run, 'failed', nameOf(run), ended, recoveredBy, facts(run)));
        continue;
      }
      for (const [task, count] of failed) {
        const incident = runIncident(
          run,
          'failed',
          nameOf(run),
          task.endedAt ?? ended,
          recoveredBy,
          facts(run),
        );
        incident.key = `${runKey(run)}\u0000${task.taskId}\u0000${task.mapIndex ?? -1}`;
        incident.taskId = task.taskId;
        incident.tryNumber = task.tryNumber;
        if (count > 1) incident.failedInstances = count;
        // typeof, not !== undefined: an adapter may hand over JSON null for an unmapped task.
        if (typeof task.mapIndex === 'number' && task.mapIndex >= 0) incident.mapIndex = task.mapIndex;
        if (task.durationMs !== undefined) incident.durationMs = task.durationMs;
        if (task.url) incident.url = task.url;
        const link = reading.links.get(taskKey(task));
        if (link) {
          incident.linked = linkedRun(link, task, databricks, folded);
          folded.add(link.runId);
        }
        place(incident);
      }
    }
    for (const run of reading.activeRuns) current.push(activeIncident(run, sources, rules.now, nameOf(run)));
    for (const error of reading.importErrors) {
      const incident: Incident = {
        key: `import\u0000${error.id}`,
        backend: 'airflow',
        kind: 'import_error',
        state: 'failed',
        workflowId: error.filename,
        workflowName: error.filename,
        runId: '',
        notes: [lastLine(error.stackTrace)],
      };
      if (error.timestamp) incident.at = error.timestamp;
      current.push(incident);
    }
  }

  if (databricks) {
    for (const run of databricks.failedRuns) {
      if (folded.has(run.id)) continue;
      const ended = run.endedAt ?? run.startedAt;
      if (ended && timeOf(ended) < from) continue;
      const continuous = isContinuous(run, facts(run));
      const recoveredBy = supersededBy(run, sources.history.get(nameKey(run)), continuous);
      const incident = runIncident(run, 'failed', nameOf(run), ended, recoveredBy, facts(run));
      const tasks = databricks.failedTasks.get(run.id);
      if (tasks && tasks.length > 0) incident.failedTasks = [...tasks];
      place(incident);
    }
    for (const run of databricks.activeRuns)
      current.push(activeIncident(run, sources, rules.now, nameOf(run)));
  }

  const rank = (incident: Incident) => KIND_ORDER.indexOf(incident.kind);
  // Newest first within a section; ties keep a stable order by key so rows do not jump between polls.
  const order = (a: Incident, b: Incident) =>
    rank(a) - rank(b) || timeOf(b.at) - timeOf(a.at) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return {
    incidents: current.sort(order),
    recovered: recovered.sort(order),
    reach,
    warnings,
    windowMs: rules.windowMs,
  };
}

/** The chain of an Airflow task that started a Databricks run, and the earlier tries' runs it folds in. */
function linkedRun(
  link: TaskLink,
  task: TaskInstance,
  databricks: DatabricksReading | undefined,
  folded: Set<string>,
): LinkedRun {
  const jobId = link.workflowId ?? databricks?.runs.get(link.runId)?.workflowId ?? '';
  const known =
    databricks?.runs.get(link.runId) ?? databricks?.failedRuns.find((run) => run.id === link.runId);
  const linked: LinkedRun = {
    backend: 'databricks',
    workflowId: jobId || (known?.workflowId ?? ''),
    runId: link.runId,
    state: known?.state,
    failedTasks: [...(databricks?.failedTasks.get(link.runId) ?? [])],
    earlierRuns: [],
  };
  const url = link.url ?? known?.url;
  if (url) linked.url = url;
  // Runs of the same job that started while an earlier try of this task ran: that try's runs.
  const windows = link.tries
    .filter((attempt) => attempt.attempt < task.tryNumber && attempt.startedAt)
    .map((attempt) => [
      timeOf(attempt.startedAt) - 60_000,
      timeOf(attempt.endedAt) || Number.POSITIVE_INFINITY,
    ]);
  for (const run of databricks?.failedRuns ?? []) {
    if (run.id === link.runId || (linked.workflowId && run.workflowId !== linked.workflowId)) continue;
    const started = timeOf(run.startedAt);
    if (windows.some(([start = 0, end = 0]) => started >= start && started <= end)) {
      linked.earlierRuns.push(run.id);
      folded.add(run.id);
    }
  }
  return linked;
}

function isContinuous(run: Run, facts: WorkflowFacts): boolean {
  return facts.continuous === true || CONTINUOUS_TRIGGERS.has(run.trigger ?? '');
}

function activeIncident(run: Run, sources: IncidentSources, now: number, name: string): Incident {
  const facts = sources.workflows.get(nameKey(run)) ?? {};
  const history = sources.history.get(nameKey(run));
  const waiting = run.state === 'queued' || run.state === 'scheduled';
  let kind: IncidentKind = waiting ? 'queued' : 'running';
  const incident = runIncident(run, kind, name, run.startedAt ?? run.queuedAt, undefined, facts);
  const age = waiting ? undefined : runningFor(run, now);
  if (age !== undefined) incident.durationMs = age;
  else delete incident.durationMs;
  if (run.startedAt && !waiting) incident.startedAt = run.startedAt;
  if (!waiting && run.backend === 'databricks' && isContinuous(run, facts)) {
    // A stream runs for days by design: its health is whether it keeps failing and restarting.
    kind = 'stream';
    const restarts = (history ?? []).filter((other) => other.state === 'failed').length;
    incident.notes.push(
      restarts > 0 ? `restarted after ${restarts} failure${restarts === 1 ? '' : 's'}` : 'healthy',
    );
  } else if (!waiting) {
    const usual = usualDuration(history);
    if (usual !== undefined) {
      incident.usualMs = usual;
      if (age !== undefined && age > usual) kind = 'overdue';
    }
  }
  incident.kind = kind;
  return incident;
}

function runIncident(
  run: Run,
  kind: IncidentKind,
  name: string,
  at: string | undefined,
  recoveredBy: Incident['recoveredBy'],
  facts: WorkflowFacts,
): Incident {
  const incident: Incident = {
    key: runKey(run),
    backend: run.backend,
    kind,
    state: run.state,
    workflowId: run.workflowId,
    workflowName: name,
    runId: run.id,
    notes: [],
  };
  if (at) incident.at = at;
  if (run.durationMs !== undefined) incident.durationMs = run.durationMs;
  if (run.url) incident.url = run.url;
  if (recoveredBy) incident.recoveredBy = recoveredBy;
  if (facts.paused) incident.notes.push(run.backend === 'airflow' ? 'DAG paused' : 'job paused');
  return incident;
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

/** The exception of a Python traceback: its last non-empty line. */
function lastLine(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return (lines[lines.length - 1] ?? '').trim().slice(0, 300);
}

// ——— Reading the backends ———

export interface IncidentsResourceOptions {
  airflow?: Backend | undefined;
  databricks?: Backend | undefined;
  windowMs?: number;
  /** How many failed or active runs to read per backend and kind. Default 100. */
  recentRuns?: number;
  /** How many failed runs to open for their failed tasks (and workflows to look up). Default 20. */
  maxExpanded?: number;
  now?: () => number;
}

/** Remembers answers for a while (or for good): a refresh asks only for what may have changed. */
function createMemo<V>(ttlMs: number, now: () => number) {
  const entries = new Map<string, { value: Promise<V>; at: number }>();
  return (key: string, read: () => Promise<V>, forever = false): Promise<V> => {
    const entry = entries.get(key);
    if (entry && (forever || now() - entry.at < ttlMs)) return entry.value;
    const value = read();
    entries.set(key, { value, at: forever ? Number.POSITIVE_INFINITY : now() });
    // A failed read is not remembered.
    value.catch(() => entries.delete(key));
    return value;
  };
}

export function createIncidentsResource(options: IncidentsResourceOptions): Resource<IncidentsData> {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
  const limit = options.recentRuns ?? 100;
  const expand = options.maxExpanded ?? 20;
  const { airflow, databricks } = options;
  const tasksMemo = createMemo<TaskInstance[]>(0, now);
  const linksMemo = createMemo<TaskLink | undefined>(0, now);
  const historyMemo = createMemo<Run[]>(60_000, now);
  const factsMemo = createMemo<WorkflowFacts>(5 * 60_000, now);
  const dbxTasksMemo = createMemo<string[]>(0, now);
  const dbxRunMemo = createMemo<Run>(0, now);

  const readAirflow = async (
    backend: Backend,
    since: string,
    signal: AbortSignal,
  ): Promise<AirflowReading> => {
    const [failedRuns, activeRuns, imports] = await Promise.all([
      backend.listRecentRuns({ limit, finishedStates: ['failed'], since }, signal),
      backend.listRecentRuns({ limit, activeOnly: true }, signal),
      backend.listImportErrors(signal).then(
        (errors): BackendReading<ImportError[]> => ({ ok: true, value: errors }),
        (error: unknown): BackendReading<ImportError[]> => ({ ok: false, error: errorLine(error) }),
      ),
    ]);
    const tasks = new Map<string, TaskInstance[]>();
    const links = new Map<string, TaskLink>();
    await Promise.all(
      failedRuns.slice(0, expand).map(async (run) => {
        // The tasks of a finished run only change when it is cleared, which gives it a new end.
        const list = await tasksMemo(
          `${runKey(run)}\u0000${run.endedAt ?? ''}`,
          () => backend.listTasks(run.workflowId, run.id, signal),
          run.endedAt !== undefined,
        );
        tasks.set(runKey(run), list);
        await Promise.all(
          list
            .filter((task) => task.state === 'failed' && /databricks/i.test(task.operator ?? ''))
            .map(async (task) => {
              const link = await linksMemo(
                `${taskKey(task)}\u0000${task.tryNumber}\u0000${task.endedAt ?? ''}`,
                async () => {
                  const [found] = await backend.findLinks(task, signal);
                  if (!found) return undefined;
                  const tries = task.tryNumber > 1 ? await backend.listTries(task, signal) : [];
                  return {
                    runId: found.runId,
                    tries,
                    ...(found.workflowId ? { workflowId: found.workflowId } : {}),
                    ...(found.url ? { url: found.url } : {}),
                  };
                },
                true,
              );
              if (link) links.set(taskKey(task), link);
            }),
        );
      }),
    );
    const reading: AirflowReading = {
      failedRuns,
      activeRuns,
      tasks,
      links,
      importErrors: imports.ok ? imports.value : [],
    };
    // Databricks-less deployments and old servers may refuse import errors: say so, keep the rest.
    if (!imports.ok) reading.importErrorsProblem = imports.error;
    return reading;
  };

  const failedKeys = (backend: Backend, workflowId: string, runId: string, signal: AbortSignal) =>
    dbxTasksMemo(
      `${workflowId}\u0000${runId}`,
      async () =>
        (await backend.listTasks(workflowId, runId, signal))
          .filter((task) => task.state === 'failed')
          .map((task) => task.taskId),
      true,
    );

  const readDatabricks = async (
    backend: Backend,
    since: string,
    signal: AbortSignal,
  ): Promise<DatabricksReading> => {
    const [failedRuns, activeRuns] = await Promise.all([
      backend.listRecentRuns({ limit, finishedStates: ['failed'], since }, signal),
      backend.listRecentRuns({ limit, activeOnly: true }, signal),
    ]);
    const failedTasks = new Map<string, readonly string[]>();
    await Promise.all(
      failedRuns.slice(0, expand).map(async (run) => {
        failedTasks.set(run.id, await failedKeys(backend, run.workflowId, run.id, signal));
      }),
    );
    return { failedRuns, activeRuns, failedTasks, runs: new Map() };
  };

  /** The Databricks runs Airflow tasks started that were not among the failed runs read (older, or not failed). */
  const readLinkedRuns = async (
    backend: Backend,
    reading: DatabricksReading,
    links: Iterable<TaskLink>,
    signal: AbortSignal,
  ): Promise<void> => {
    await Promise.all(
      [...links].map(async (link) => {
        if (reading.failedRuns.some((run) => run.id === link.runId)) return;
        const found = await dbxRunMemo(link.runId, () =>
          backend.getRun(link.workflowId ?? '', link.runId, signal),
        ).catch(() => undefined);
        if (!found) return;
        reading.runs.set(found.id, found);
        if (found.state === 'failed') {
          reading.failedTasks.set(found.id, await failedKeys(backend, found.workflowId, found.id, signal));
        }
      }),
    );
  };

  /** The latest runs and the facts (name, paused, continuous) of the workflows the incidents name. */
  /**
   * What the incidents need to know of their workflows: the latest runs of those that failed or
   * are running (a later success, the usual duration) and the facts of those with work still going
   * (paused, continuous). Queued runs need no history, failures no facts: fewer requests.
   */
  const readWorkflows = async (
    runs: readonly Run[],
    backends: Partial<Record<BackendKind, Backend>>,
    signal: AbortSignal,
  ) => {
    const history = new Map<string, Run[]>();
    const workflows = new Map<string, WorkflowFacts>();
    const wanted = new Map<string, { run: Run; history: boolean; facts: boolean }>();
    for (const run of runs) {
      const key = nameKey(run);
      const entry = wanted.get(key) ?? { run, history: false, facts: false };
      if (run.state !== 'queued' && run.state !== 'scheduled') entry.history = true;
      if (ACTIVE_STATES.has(run.state)) entry.facts = true;
      wanted.set(key, entry);
    }
    await Promise.all(
      [...wanted.entries()].slice(0, expand * 2).map(async ([key, want]) => {
        const { run } = want;
        const backend = backends[run.backend];
        if (!backend) return;
        const [latest, facts] = await Promise.all([
          want.history
            ? historyMemo(key, () => backend.listRuns(run.workflowId, { limit: 25 }, signal)).catch(
                () => undefined,
              )
            : undefined,
          want.facts
            ? factsMemo(key, async () => {
                const workflow = await backend.getWorkflow(run.workflowId, signal);
                const known: WorkflowFacts = {
                  name: workflow.name,
                  continuous: workflow.schedule?.startsWith('continuous') === true,
                };
                if (workflow.paused !== undefined) known.paused = workflow.paused;
                return known;
              }).catch(() => undefined)
            : undefined,
        ]);
        if (latest) history.set(key, latest);
        if (facts) workflows.set(key, facts);
      }),
    );
    return { history, workflows };
  };

  return createResource<IncidentsData>({
    async fetch(signal, report) {
      const since = new Date(now() - windowMs).toISOString();
      const settle = async <T>(read: Promise<T>): Promise<BackendReading<T>> =>
        read.then(
          (value): BackendReading<T> => ({ ok: true, value }),
          (error: unknown): BackendReading<T> => {
            if (signal.aborted) throw error;
            return { ok: false, error: errorLine(error) };
          },
        );
      // Each backend on its own: one that is slow or down never holds up the other.
      const [airflowReading, databricksReading] = await Promise.all([
        airflow ? settle(readAirflow(airflow, since, signal)) : undefined,
        databricks ? settle(readDatabricks(databricks, since, signal)) : undefined,
      ]);
      if (databricks && airflowReading?.ok && databricksReading?.ok) {
        await readLinkedRuns(
          databricks,
          databricksReading.value,
          airflowReading.value.links.values(),
          signal,
        );
      }
      if (signal.aborted) throw signal.reason;
      // Nothing could be read at all: a failed fetch, so the last good view stays, marked stale.
      const failures = [
        airflowReading && !airflowReading.ok ? `Airflow: ${airflowReading.error}` : undefined,
        databricksReading && !databricksReading.ok ? `Databricks: ${databricksReading.error}` : undefined,
      ].filter((line) => line !== undefined);
      if (failures.length > 0 && failures.length === (airflow ? 1 : 0) + (databricks ? 1 : 0)) {
        throw new Error(failures.join('; '));
      }
      const sourcesWith = (history: IncidentSources['history'], workflows: IncidentSources['workflows']) => {
        const sources: IncidentSources = { history, workflows };
        if (airflowReading) sources.airflow = airflowReading;
        if (databricksReading) sources.databricks = databricksReading;
        return sources;
      };
      // The failures and the running work show at once; what their workflows' history adds
      // (recovered, over the usual time, paused, streaming) follows.
      report({ loaded: 0, total: undefined }, () =>
        buildIncidents(sourcesWith(new Map(), new Map()), { now: now(), windowMs }),
      );
      const named: Run[] = [];
      if (airflowReading?.ok)
        named.push(...airflowReading.value.failedRuns, ...airflowReading.value.activeRuns);
      if (databricksReading?.ok)
        named.push(...databricksReading.value.failedRuns, ...databricksReading.value.activeRuns);
      const { history, workflows } = await readWorkflows(
        named,
        { ...(airflow ? { airflow } : {}), ...(databricks ? { databricks } : {}) },
        signal,
      );
      return buildIncidents(sourcesWith(history, workflows), { now: now(), windowMs });
    },
    isActive: (data) => data.incidents.some((incident) => ACTIVE_STATES.has(incident.state)),
    activeIntervalMs: 10_000,
    idleIntervalMs: 30_000,
  });
}
