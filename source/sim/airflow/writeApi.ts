// Write endpoints (pause, trigger, run state, clear, mark): dry_run defaults to true, only_failed to
// true, reset_dag_runs false on v1 / true on v2; v2 bodies are strict (unknown keys → 422) and the
// trigger body requires `logical_date` (nullable); duplicate run ids → 409.

import type { AirflowState } from './airflowState.js';
import { apiError, invalid, type ValidationIssue } from './apiError.js';
import { FINISHED, type SimRun, type SimTi, type TiState } from './model.js';
import { paramError } from './paramError.js';
import { type ApiRequest, findDag, findRun, findTi } from './readApi.js';
import { dagView, type Json, runView, tiReference, tiView } from './views.js';

type Body = Record<string, unknown>;

/** Checks a JSON body against allowed keys and types; v2 rejects unknown keys (StrictBaseModel). */
function body(req: ApiRequest, allowed: Record<string, string>, required: string[] = []): Body {
  const value = req.body;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(req.flavour, [
      {
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: value,
      },
    ]);
  }
  const b = value as Body;
  const issues: ValidationIssue[] = [];
  for (const key of required)
    if (!(key in b)) issues.push({ type: 'missing', loc: ['body', key], msg: 'Field required', input: b });
  for (const [key, v] of Object.entries(b)) {
    const type = allowed[key];
    if (!type) {
      if (req.flavour === 3)
        issues.push({
          type: 'extra_forbidden',
          loc: ['body', key],
          msg: 'Extra inputs are not permitted',
          input: v,
        });
      else issues.push({ type: 'unknown', loc: ['body', key], msg: 'Unknown field.', input: v });
      continue;
    }
    if (v === null && type.endsWith('?')) continue;
    const base = type.replace('?', '');
    const ok =
      base === 'any' ||
      (base === 'object'
        ? typeof v === 'object' && v !== null && !Array.isArray(v)
        : base === 'array'
          ? Array.isArray(v)
          : base === 'date'
            ? typeof v === 'string'
            : typeof v === base);
    if (!ok)
      issues.push({
        type: `${base}_type`,
        loc: ['body', key],
        msg: `Input should be a valid ${base}`,
        input: v,
      });
    if (ok && base === 'date') {
      const text = v as string;
      if (Number.isNaN(Date.parse(text)) || !/(Z|[+-]\d\d:?\d\d)$/.test(text)) {
        issues.push({
          type: 'timezone_aware',
          loc: ['body', key],
          msg: 'Input should have timezone info',
          input: v,
        });
      }
    }
  }
  if (issues.length) throw invalid(req.flavour, issues);
  return b;
}

const flag = (b: Body, key: string, fallback: boolean) =>
  typeof b[key] === 'boolean' ? (b[key] as boolean) : fallback;

export function patchDag(state: AirflowState, req: ApiRequest, dagId: string): Json {
  const dag = findDag(state, req.flavour, dagId);
  const mask = req.query.getAll('update_mask').flatMap((m) => m.split(','));
  if (mask.some((m) => m !== 'is_paused'))
    throw apiError(req.flavour, 400, 'Only `is_paused` field can be updated through the REST API');
  const b = body(req, { is_paused: 'boolean' }, req.flavour === 3 ? ['is_paused'] : []);
  if (typeof b.is_paused === 'boolean') {
    dag.paused = b.is_paused;
    if (!dag.paused && dag.everyMs !== null && dag.nextRunAfter === null)
      dag.nextRunAfter = state.clock.now() + dag.everyMs;
    if (dag.paused) dag.nextRunAfter = null;
  }
  return dagView(req.flavour, dag, dag.lastParsed);
}

export function triggerRun(state: AirflowState, req: ApiRequest, dagId: string): Json {
  const dag = findDag(state, req.flavour, dagId);
  const b =
    req.flavour === 3
      ? body(
          req,
          {
            dag_run_id: 'string?',
            data_interval_start: 'date?',
            data_interval_end: 'date?',
            logical_date: 'date?',
            run_after: 'date?',
            conf: 'object?',
            note: 'string?',
            partition_key: 'string?',
          },
          ['logical_date'],
        )
      : body(req, {
          dag_run_id: 'string?',
          logical_date: 'date?',
          execution_date: 'date?',
          data_interval_start: 'date?',
          data_interval_end: 'date?',
          conf: 'object?',
          note: 'string?',
        });
  if (req.flavour === 2 && b.logical_date && b.execution_date && b.logical_date !== b.execution_date) {
    throw apiError(2, 400, 'logical_date conflicts with execution_date');
  }
  const now = state.clock.now();
  const logicalText = (b.logical_date ?? b.execution_date) as string | null | undefined;
  const logical = logicalText ? Date.parse(logicalText) : req.flavour === 2 ? now : null;
  const runAfter = typeof b.run_after === 'string' ? Date.parse(b.run_after) : (logical ?? now);
  const stamp = new Date(req.flavour === 2 ? (logical ?? now) : runAfter)
    .toISOString()
    .replace('Z', '+00:00');
  const runId = typeof b.dag_run_id === 'string' ? b.dag_run_id : `manual__${stamp}`;
  const conf = (b.conf as Record<string, unknown> | null | undefined) ?? {};
  // ParamValidationError is a 400 on both. Airflow 3 raises it in create_dagrun, before the
  // insert can meet a duplicate; Airflow 2 looks for an existing run first (409), then creates.
  const refuseConf = () => {
    const detail = paramError(req.flavour, dag.params, conf);
    if (detail !== null) throw apiError(req.flavour, 400, detail);
  };
  if (req.flavour === 3) refuseConf();
  const runs = state.runsOf(dag);
  if (
    runs.some((r) => r.runId === runId) ||
    (logical !== null && runs.some((r) => r.logicalDate === logical))
  ) {
    const detail =
      req.flavour === 2
        ? `DAGRun with DAG ID: '${dagId}' and DAGRun ID: '${runId}' already exists`
        : `Unique constraint violation: dag_run with dag_id=${dagId}, run_id=${runId} already exists`;
    throw apiError(req.flavour, 409, detail);
  }
  if (req.flavour === 2) refuseConf();
  const run = state.createRun(dag, {
    runId,
    runType: 'manual',
    logicalDate: logical,
    dataIntervalStart:
      typeof b.data_interval_start === 'string' ? Date.parse(b.data_interval_start) : logical,
    dataIntervalEnd: typeof b.data_interval_end === 'string' ? Date.parse(b.data_interval_end) : logical,
    runAfter,
    queuedAt: now,
    conf,
    triggeredBy: 'rest_api',
    note: (b.note as string | undefined) ?? null,
  });
  return runView(req.flavour, run, dag);
}

export function patchRun(state: AirflowState, req: ApiRequest, dagId: string, runId: string): Json {
  const run = findRun(state, req.flavour, dagId, runId);
  const b = body(req, { state: 'string?', note: 'string?' }, req.flavour === 2 ? ['state'] : []);
  if (b.state !== undefined && b.state !== null) {
    if (!['queued', 'success', 'failed'].includes(b.state as string)) {
      throw invalid(req.flavour, [
        {
          type: 'enum',
          loc: ['body', 'state'],
          msg: "Input should be 'queued', 'success' or 'failed'",
          input: b.state,
        },
      ]);
    }
    state.setRunState(run, b.state as 'queued' | 'success' | 'failed');
  }
  if (typeof b.note === 'string') run.note = b.note;
  return runView(req.flavour, run, findDag(state, req.flavour, dagId));
}

function expand(
  state: AirflowState,
  run: SimRun,
  taskIds: Set<string>,
  up: boolean,
  down: boolean,
): Set<string> {
  const dag = state.dags.get(run.dagId);
  const all = new Set(taskIds);
  if (!dag) return all;
  for (const id of taskIds) {
    if (up) for (const r of state.relatives(dag, id, 'upstream')) all.add(r);
    if (down) for (const r of state.relatives(dag, id, 'downstream')) all.add(r);
  }
  return all;
}

export function clearTaskInstances(state: AirflowState, req: ApiRequest, dagId: string): Json {
  const dag = findDag(state, req.flavour, dagId);
  const common = {
    dry_run: 'boolean',
    dag_run_id: 'string?',
    start_date: 'date?',
    end_date: 'date?',
    only_failed: 'boolean',
    only_running: 'boolean',
    reset_dag_runs: 'boolean',
    task_ids: 'array?',
    include_upstream: 'boolean',
    include_downstream: 'boolean',
    include_future: 'boolean',
    include_past: 'boolean',
  };
  const b =
    req.flavour === 3
      ? body(req, { ...common, run_on_latest_version: 'boolean', prevent_running_task: 'boolean' })
      : body(req, { ...common, include_subdags: 'boolean', include_parentdag: 'boolean' });
  const dryRun = flag(b, 'dry_run', true);
  const onlyFailed = flag(b, 'only_failed', true);
  const onlyRunning = flag(b, 'only_running', false);
  const reset = flag(b, 'reset_dag_runs', req.flavour === 3);
  if (onlyFailed && onlyRunning && req.flavour === 3)
    throw apiError(3, 400, 'only_failed and only_running both are set to True');
  const rawIds = (b.task_ids as unknown[] | undefined) ?? null;
  if (rawIds && rawIds.length === 0)
    throw invalid(req.flavour, [
      {
        type: 'too_short',
        loc: ['body', 'task_ids'],
        msg: 'List should have at least 1 item after validation, not 0',
        input: [],
      },
    ]);
  const pairs = (rawIds ?? []).map((t) =>
    Array.isArray(t) ? { id: String(t[0]), index: Number(t[1]) } : { id: String(t), index: null },
  );
  const runs =
    typeof b.dag_run_id === 'string'
      ? [findRun(state, req.flavour, dagId, b.dag_run_id)]
      : state.runsOf(dag).filter((r) => {
          const t = r.logicalDate ?? r.runAfter;
          return (
            (typeof b.start_date !== 'string' || t >= Date.parse(b.start_date)) &&
            (typeof b.end_date !== 'string' || t <= Date.parse(b.end_date))
          );
        });
  const picked: { run: SimRun; tis: SimTi[] }[] = [];
  for (const run of runs) {
    const ids = rawIds
      ? expand(
          state,
          run,
          new Set(pairs.map((p) => p.id)),
          flag(b, 'include_upstream', false),
          flag(b, 'include_downstream', false),
        )
      : null;
    const tis = run.tis.filter((ti) => {
      if (ids && !ids.has(ti.def.taskId)) return false;
      const exact = pairs.find((p) => p.id === ti.def.taskId);
      if (exact && exact.index !== null && exact.index !== ti.mapIndex) return false;
      if (onlyFailed && ti.state !== 'failed' && ti.state !== 'upstream_failed') return false;
      if (onlyRunning && ti.state !== 'running') return false;
      return true;
    });
    if (tis.length) picked.push({ run, tis });
  }
  if (!dryRun) for (const { run, tis } of picked) state.clear(run, tis, reset);
  const rows = picked.flatMap(({ run, tis }) =>
    tis.map((ti) => (req.flavour === 2 ? tiReference(run, ti) : tiView(3, run, ti))),
  );
  return req.flavour === 2 ? { task_instances: rows } : { task_instances: rows, total_entries: rows.length };
}

const STATES: TiState[] = ['success', 'failed', 'skipped'];

/** Airflow 2's marshmallow enum error for a task-instance new_state outside STATES. */
function checkV1NewState(value: unknown): void {
  if (STATES.includes(value as TiState)) return;
  throw invalid(2, [
    {
      type: 'enum',
      loc: ['body', 'new_state'],
      msg: 'Must be one of: success, failed, skipped.',
      input: value,
    },
  ]);
}

/** Sets a TI (and relatives) to a state; afterwards clears failed downstream TIs. */
function setState(state: AirflowState, run: SimRun, targets: SimTi[], newState: TiState): void {
  for (const ti of targets) state.setTiState(ti, newState);
  const dag = state.dags.get(run.dagId);
  if (!dag) return;
  const targetIds = new Set(targets.map((t) => t.def.taskId));
  const down = new Set<string>();
  for (const id of targetIds)
    for (const d of state.relatives(dag, id, 'downstream')) if (!targetIds.has(d)) down.add(d);
  const toClear = run.tis.filter(
    (ti) => down.has(ti.def.taskId) && (ti.state === 'failed' || ti.state === 'upstream_failed'),
  );
  if (toClear.length) state.clear(run, toClear, true);
  else if (
    FINISHED.has(newState) &&
    run.state !== 'queued' &&
    run.state !== 'running' &&
    run.tis.some((t) => !FINISHED.has(t.state))
  )
    state.markActive(run);
}

function affected(state: AirflowState, run: SimRun, ti: SimTi, b: Body, mapIndex: number | null): SimTi[] {
  const ids = expand(
    state,
    run,
    new Set([ti.def.taskId]),
    flag(b, 'include_upstream', false),
    flag(b, 'include_downstream', false),
  );
  return run.tis.filter(
    (t) =>
      ids.has(t.def.taskId) &&
      (t.def.taskId !== ti.def.taskId || mapIndex === null || t.mapIndex === mapIndex),
  );
}

export function patchTi(
  state: AirflowState,
  req: ApiRequest,
  p: { dagId: string; runId: string; taskId: string; mapIndex: number | null; dryRunPath: boolean },
): Json {
  const run = findRun(state, req.flavour, p.dagId, p.runId);
  if (req.flavour === 2) {
    const b = body(req, { dry_run: 'boolean', new_state: 'string' }, ['new_state']);
    checkV1NewState(b.new_state);
    const ti = findTi(2, run, p.taskId, p.mapIndex);
    if (flag(b, 'dry_run', true)) return tiReference(run, ti);
    setState(state, run, [ti], b.new_state as TiState);
    // Real 2.10 answers an applied PATCH with `{}`: it dumps the list set_task_instance_state
    // returns through the single-object reference schema (code@2x task_instance_endpoint.py
    // patch_task_instance; seen on a real 2.10.5 by test/real).
    return {};
  }
  const b = body(req, {
    new_state: 'string?',
    note: 'string?',
    include_upstream: 'boolean',
    include_downstream: 'boolean',
    include_future: 'boolean',
    include_past: 'boolean',
  });
  const newState = typeof b.new_state === 'string' ? (b.new_state.toLowerCase() as TiState) : null;
  if (newState && !STATES.includes(newState))
    throw invalid(3, [
      {
        type: 'value_error',
        loc: ['body', 'new_state'],
        msg: `Value error, 'new_state' should be one of ${JSON.stringify(STATES)}`,
        input: b.new_state,
      },
    ]);
  // Without map_index the whole mapped task is hit.
  const mapped = run.tis.filter((t) => t.def.taskId === p.taskId);
  const first = p.mapIndex === null && mapped[0] ? mapped[0] : findTi(3, run, p.taskId, p.mapIndex);
  const targets = affected(state, run, first, b, p.mapIndex);
  if (!p.dryRunPath && newState) {
    const self = targets.filter((t) => t.def.taskId === p.taskId);
    if (self.every((t) => t.state === newState))
      throw apiError(3, 409, `Task id ${p.taskId} is already in ${newState} state`);
    setState(state, run, targets, newState);
  }
  if (!p.dryRunPath && typeof b.note === 'string') for (const t of targets) t.note = b.note;
  return { task_instances: targets.map((t) => tiView(3, run, t)), total_entries: targets.length };
}

/** v1 POST /dags/{d}/updateTaskInstancesState: the four include_* flags are required. */
export function updateTaskInstancesState(state: AirflowState, req: ApiRequest, dagId: string): Json {
  const b = body(
    req,
    {
      dry_run: 'boolean',
      task_id: 'string',
      dag_run_id: 'string',
      execution_date: 'date',
      include_upstream: 'boolean',
      include_downstream: 'boolean',
      include_future: 'boolean',
      include_past: 'boolean',
      new_state: 'string',
    },
    ['task_id', 'include_upstream', 'include_downstream', 'include_future', 'include_past', 'new_state'],
  );
  checkV1NewState(b.new_state);
  const dag = findDag(state, 2, dagId);
  const run =
    typeof b.dag_run_id === 'string'
      ? findRun(state, 2, dagId, b.dag_run_id)
      : state.runsOf(dag).find((r) => r.logicalDate === Date.parse(String(b.execution_date)));
  if (!run) throw apiError(2, 404, 'Task instance not found');
  const ti = findTi(2, run, String(b.task_id), null);
  const targets = affected(state, run, ti, b, null).filter((t) => t.state !== b.new_state);
  if (!flag(b, 'dry_run', true)) setState(state, run, targets, b.new_state as TiState);
  return { task_instances: targets.map((t) => tiReference(run, t)) };
}
