// A scenario instead of the seeded story: exactly the DAGs and runs a test names (a DAG whose name
// carries an escape sequence, three runs whose durations would reorder a list, a run that turns up
// between two polls). Runs are moved along the same lifecycle as the story's (a failed run fails
// its last task, the ones before it succeed), so every endpoint answers for them as it does for
// any other run.
import type { AirflowState } from './airflowState.js';
import type { DagDef, SimRun } from './model.js';

const SECOND = 1000;
const DAY = 24 * 60 * 60 * SECOND;
/** A run starts 2 s after it is queued, each task 3 s after the one before ends (airflowState.ts). */
const TASK_OFFSET_MS = 3 * SECOND;

export interface ScenarioRun {
  runId: string;
  /** Where the run is at the clock's now. */
  state: 'running' | 'success' | 'failed';
  /** ISO-8601: when the run started. */
  startedAt: string;
  /** How long a finished run took; default one minute. */
  durationMs?: number;
}

export interface ScenarioDag {
  dagId: string;
  tags?: string[];
  owners?: string[];
  paused?: boolean;
  schedule?: string | null;
  description?: string | null;
  /** Its tasks, each downstream of the one before; default one task, `run`. */
  tasks?: string[];
  runs?: ScenarioRun[];
}

function scenarioDef(dag: ScenarioDag): DagDef {
  return {
    dagId: dag.dagId,
    description: dag.description ?? null,
    owners: dag.owners ?? ['data-eng'],
    tags: dag.tags ?? [],
    schedule: dag.schedule === undefined ? '@daily' : dag.schedule,
    timetableDescription: null,
    // A scenario's DAGs alert on failure, as the demo's do: they show no review finding of their own.
    failureCallback: true,
    // The scenario's runs are all there is: the simulated scheduler starts none of its own.
    everyMs: null,
    fileloc: `/opt/airflow/dags/${dag.dagId}.py`,
    params: {},
    tasks: (dag.tasks ?? ['run']).map((taskId, index, all) => ({
      taskId,
      operator: 'BashOperator',
      upstream: index === 0 ? [] : [all[index - 1] ?? ''],
      retries: 0,
      minutes: [1, 1],
    })),
    maxActiveRuns: 16,
    hasImportErrors: false,
    generated: false,
  };
}

function seedRun(state: AirflowState, dagId: string, spec: ScenarioRun): SimRun {
  const dag = state.dag(dagId);
  if (!dag) throw new Error(`no DAG ${dagId} in the scenario`);
  const started = Date.parse(spec.startedAt);
  if (Number.isNaN(started)) throw new Error(`startedAt ${spec.startedAt} is not a date`);
  const queuedAt = started - 2 * SECOND;
  const run = state.createRun(dag, {
    runId: spec.runId,
    runType: 'manual',
    logicalDate: queuedAt,
    runAfter: queuedAt,
    queuedAt,
    conf: {},
    triggeredBy: 'rest_api',
    ...(spec.state === 'failed' ? { forceFail: [dag.tasks.at(-1)?.taskId ?? ''] } : {}),
  });
  // Each task takes an equal share of the run's duration.
  const tasks = run.tis.length;
  const share = Math.max(SECOND, (spec.durationMs ?? 60 * SECOND) / tasks - TASK_OFFSET_MS);
  const minutes = share / (60 * SECOND);
  for (const ti of run.tis) ti.def = { ...ti.def, minutes: [minutes, minutes] };
  // A paused DAG's runs ran while it was active (the story's do too): a paused DAG holds new runs queued.
  const paused = dag.paused;
  dag.paused = false;
  try {
    moveRun(state, run, spec.state, started);
  } finally {
    dag.paused = paused;
  }
  return run;
}

function moveRun(state: AirflowState, run: SimRun, to: ScenarioRun['state'], started: number): void {
  if (to === 'running') {
    state.advance(run, started + TASK_OFFSET_MS);
    // Still running a day later: a test's frozen or slow clock never sees it end.
    const attempt = run.tis[0]?.attempts.at(-1);
    if (attempt) attempt.plannedEnd = started + DAY;
    return;
  }
  state.advance(run, Number.MAX_SAFE_INTEGER);
}

/** Adds the scenario's DAGs (and runs) to the simulator; more can be added while it serves. */
export function seedScenario(state: AirflowState, dags: readonly ScenarioDag[]): void {
  for (const dag of dags) {
    if (!state.dags.has(dag.dagId)) state.addDag(scenarioDef(dag), dag.paused ?? false);
    for (const run of dag.runs ?? []) seedRun(state, dag.dagId, run);
  }
}
