// Read endpoints of /api/v1 and /api/v2 (DAGs, runs, task instances, XComs, import errors,
// connections): filters, paging capped at 100 with total_entries, default page 100 (v1) / 50 (v2),
// oldest-first default order.

import type { AirflowState } from './airflowState.js';
import { AirflowApiError, apiError, errorContentType, invalid, problem } from './apiError.js';
import type { ConnectionDef, ImportError, SimDag, SimRun, SimTi, TaskDef } from './model.js';
import type { SimRole } from './simAuth.js';
import {
  connectionView,
  dagDetailsView,
  dagView,
  type Flavour,
  type Json,
  runView,
  taskView,
  tiView,
  xcomView,
} from './views.js';

export interface ApiRequest {
  flavour: Flavour;
  query: URLSearchParams;
  body: unknown;
  /** The caller's role (absent: admin). */
  role?: SimRole;
}

export function page<T>(req: ApiRequest, items: T[]): { items: T[]; total: number } {
  const rawLimit = req.query.get('limit');
  const rawOffset = req.query.get('offset');
  const limit = rawLimit === null ? (req.flavour === 2 ? 100 : 50) : Number(rawLimit);
  const offset = rawOffset === null ? 0 : Number(rawOffset);
  if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(offset) || offset < 0) {
    throw invalid(req.flavour, [
      {
        type: 'greater_than_equal',
        loc: ['query', Number.isInteger(limit) && limit >= 0 ? 'offset' : 'limit'],
        msg: 'Input should be greater than or equal to 0',
        input: rawLimit,
      },
    ]);
  }
  // limit=0 falls back to the default page on v1 (code@2x check_limit); both clamp at 100.
  const effective = Math.min(limit === 0 && req.flavour === 2 ? 100 : limit, 100);
  return { items: items.slice(offset, offset + effective), total: items.length };
}

type Key<T> = (item: T) => string | number | null;

/**
 * `order_by` (v1 one field, v2 repeated list), `-` descending; unknown field → 400. Airflow 3 sorts
 * by the primary key last, in the direction of the first field, so its order is total; Airflow 2
 * sorts by the one field only.
 */
export function order<T>(
  req: ApiRequest,
  items: T[],
  keys: Record<string, Key<T>>,
  fallback: string,
  primaryKey?: Key<T>,
): T[] {
  const requested = req.query.getAll('order_by');
  const fields = requested.length ? requested : [fallback];
  const comparators = fields.map((field) => {
    const desc = field.startsWith('-');
    const key = keys[desc ? field.slice(1) : field];
    if (!key) {
      throw apiError(
        req.flavour,
        400,
        `Ordering with '${field.replace(/^-/, '')}' is disallowed or the attribute does not exist on the model`,
      );
    }
    return { key, desc };
  });
  if (req.flavour === 3 && primaryKey)
    comparators.push({ key: primaryKey, desc: comparators[0]?.desc ?? false });
  return [...items].sort((a, b) => {
    for (const { key, desc } of comparators) {
      const x = key(a);
      const y = key(b);
      if (x === y) continue;
      // NULLs sort last ascending, first descending (PostgreSQL default).
      const cmp = x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
      return desc ? -cmp : cmp;
    }
    return 0;
  });
}

const bool = (value: string | null) => (value === null ? undefined : value === 'true' || value === '1');

/** `*_pattern` is a substring ILIKE; v2 ≥3.2 accepts `a | b` (either substring). */
function ilike(pattern: string | null, value: string): boolean {
  if (!pattern) return true;
  return pattern
    .split('|')
    .map((p) => p.trim().toLowerCase())
    .some((p) => value.toLowerCase().includes(p));
}

export function notFound(flavour: Flavour, detail: string) {
  return apiError(flavour, 404, detail);
}

export function findDag(state: AirflowState, flavour: Flavour, dagId: string): SimDag {
  const dag = state.dag(dagId);
  if (!dag)
    throw notFound(
      flavour,
      flavour === 2 ? `DAG with dag_id: '${dagId}' not found` : `Dag with id ${dagId} was not found`,
    );
  return dag;
}

export function findRun(state: AirflowState, flavour: Flavour, dagId: string, runId: string): SimRun {
  const dag = findDag(state, flavour, dagId);
  const run = state.runsOf(dag).find((r) => r.runId === runId);
  if (!run) {
    throw notFound(
      flavour,
      flavour === 2
        ? `DAGRun with DAG ID: '${dagId}' and DagRun ID: '${runId}' not found`
        : `The DagRun with dag_id: \`${dagId}\` and run_id: \`${runId}\` was not found`,
    );
  }
  return run;
}

export function findTi(flavour: Flavour, run: SimRun, taskId: string, mapIndex: number | null): SimTi {
  const tis = run.tis.filter((t) => t.def.taskId === taskId);
  if (mapIndex === null && flavour === 3 && tis.some((t) => t.mapIndex >= 0)) {
    throw notFound(3, 'Task instance is mapped, add the map_index value to the URL');
  }
  const ti =
    tis.find((t) => t.mapIndex === (mapIndex ?? -1)) ??
    (flavour === 2 && mapIndex === null ? tis[0] : undefined);
  if (!ti) {
    throw notFound(
      flavour,
      flavour === 2
        ? 'Task instance not found'
        : `The Task Instance with dag_id: \`${run.dagId}\`, run_id: \`${run.runId}\`, task_id: \`${taskId}\` and map_index: \`${mapIndex ?? -1}\` was not found`,
    );
  }
  return ti;
}

// Listing 10,000 DAGs is 101 pages, and each page sorted every DAG again (a third of the
// simulator's time per page): the plain `?order_by=dag_id` order is kept until a DAG is added.
const sortedDags = new WeakMap<AirflowState, { count: number; dags: SimDag[] }>();

export function listDags(state: AirflowState, req: ApiRequest): Json {
  const q = req.query;
  const paused = bool(q.get('paused'));
  const tags = q.getAll('tags');
  const matchAll = q.get('tags_match_mode') === 'all';
  const owners = q.getAll('owners');
  const pattern = q.get('dag_id_pattern');
  const filtered = state
    .allDags()
    .filter(
      (d) =>
        (paused === undefined || d.paused === paused) &&
        (tags.length === 0 ||
          (matchAll ? tags.every((t) => d.tags.includes(t)) : tags.some((t) => d.tags.includes(t)))) &&
        (owners.length === 0 || owners.some((o) => d.owners.includes(o))) &&
        ilike(pattern, d.dagId),
    );
  const keys: Record<string, Key<SimDag>> = req.flavour === 2
    ? { dag_id: (d) => d.dagId }
    : { dag_id: (d) => d.dagId, dag_display_name: (d) => d.dagId, next_dagrun: (d) => d.nextRunAfter };
  const orderKey = q.getAll('order_by').join(',');
  const unfiltered = filtered.length === state.dagCount();
  const cached = sortedDags.get(state);
  let sorted: SimDag[];
  if (unfiltered && (orderKey === '' || orderKey === 'dag_id') && cached?.count === filtered.length) {
    sorted = cached.dags;
  } else {
    sorted = order(req, filtered, keys, 'dag_id', (d) => d.dagId);
    if (unfiltered && (orderKey === '' || orderKey === 'dag_id'))
      sortedDags.set(state, { count: filtered.length, dags: sorted });
  }
  const { items, total } = page(req, sorted);
  return { dags: items.map((d) => dagView(req.flavour, d, d.lastParsed)), total_entries: total };
}

export function getDag(state: AirflowState, req: ApiRequest, dagId: string, details: boolean): Json {
  const dag = findDag(state, req.flavour, dagId);
  if (!details) return dagView(req.flavour, dag, dag.lastParsed);
  const active = state.runsOf(dag).filter((r) => r.state === 'running' || r.state === 'queued').length;
  return dagDetailsView(req.flavour, dag, dag.lastParsed, active);
}

/**
 * GET /dags/{dag_id}/tasks: every task of the DAG in one answer (no paging), sorted by one
 * attribute (task_id by default); the downstream ids are the only edges.
 */
export function listTaskDefinitions(state: AirflowState, req: ApiRequest, dagId: string): Json {
  const dag = findDag(state, req.flavour, dagId);
  const field = req.query.get('order_by') ?? 'task_id';
  const keys: Record<string, (task: TaskDef) => string | number> = {
    task_id: (task) => task.taskId,
    task_display_name: (task) => task.taskId,
    retries: (task) => task.retries,
    operator_name: (task) => task.operator,
  };
  const key = keys[field.replace(/^-/, '')];
  if (!key) {
    throw apiError(
      req.flavour,
      400,
      req.flavour === 3
        ? `Ordering with '${field.replace(/^-/, '')}' is disallowed or the attribute does not exist on the model`
        : `'${dag.tasks[0]?.operator ?? 'BaseOperator'}' object has no attribute '${field.replace(/^-/, '')}'`,
    );
  }
  const sorted = [...dag.tasks].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  if (field.startsWith('-')) sorted.reverse();
  return {
    tasks: sorted.map((task) => taskView(req.flavour, dag, task)),
    total_entries: sorted.length,
  };
}

const runKeys = (flavour: Flavour): Record<string, Key<SimRun>> => {
  const common: Record<string, Key<SimRun>> = {
    id: (r) => r.id,
    state: (r) => r.state,
    dag_id: (r) => r.dagId,
    dag_run_id: (r) => r.runId,
    start_date: (r) => r.start,
    end_date: (r) => r.end,
    updated_at: (r) => r.updatedAt,
    conf: (r) => JSON.stringify(r.conf),
  };
  return flavour === 2
    ? {
        ...common,
        execution_date: (r) => r.logicalDate,
        external_trigger: (r) => String(r.runType === 'manual'),
      }
    : {
        ...common,
        run_id: (r) => r.runId,
        logical_date: (r) => r.logicalDate,
        run_after: (r) => r.runAfter,
        duration: (r) => (r.start !== null && r.end !== null ? r.end - r.start : null),
      };
};

function inRange(req: ApiRequest, name: string, value: number | null): boolean {
  for (const [suffix, test] of [
    ['_gte', (a: number, b: number) => a >= b],
    ['_gt', (a: number, b: number) => a > b],
    ['_lte', (a: number, b: number) => a <= b],
    ['_lt', (a: number, b: number) => a < b],
  ] as const) {
    const bound = req.query.get(`${name}${suffix}`);
    if (bound === null) continue;
    const limit = Date.parse(bound);
    if (Number.isNaN(limit))
      throw invalid(req.flavour, [
        {
          type: 'datetime_from_date_parsing',
          loc: ['query', `${name}${suffix}`],
          msg: 'Input should be a valid datetime',
          input: bound,
        },
      ]);
    if (value === null || !test(value, limit)) return false;
  }
  return true;
}

export function listRuns(state: AirflowState, req: ApiRequest, dagId: string): Json {
  const runs = dagId === '~' ? state.allRuns() : state.runsOf(findDag(state, req.flavour, dagId));
  const states = req.query.getAll('state');
  const runTypes = req.query.getAll('run_type');
  const dateField = req.flavour === 2 ? 'execution_date' : 'logical_date';
  const filtered = runs.filter(
    (r) =>
      (states.length === 0 || states.includes(r.state)) &&
      (runTypes.length === 0 || runTypes.includes(r.runType)) &&
      inRange(req, dateField, r.logicalDate) &&
      inRange(req, 'start_date', r.start) &&
      inRange(req, 'end_date', r.end) &&
      (req.flavour === 2 || inRange(req, 'run_after', r.runAfter)) &&
      ilike(req.query.get('run_id_pattern'), r.runId) &&
      ilike(req.query.get('dag_id_pattern'), r.dagId),
  );
  // Ties (runs of many DAGs due at the same time) keep the order the runs were made in, where
  // Airflow 3 would sort them by id in the direction of the first key: the seeded story's recent
  // runs are chosen among such ties, and the console's tests read that choice.
  const { items, total } = page(req, order(req, filtered, runKeys(req.flavour), 'id'));
  return {
    dag_runs: items.map((r) => runView(req.flavour, r, state.dags.get(r.dagId) as SimDag)),
    total_entries: total,
  };
}

export function listTis(state: AirflowState, req: ApiRequest, dagId: string, runId: string): Json {
  const dags = dagId === '~' ? state.allDags() : [findDag(state, req.flavour, dagId)];
  const runs =
    runId === '~'
      ? dags.flatMap((d) => state.runsOf(d))
      : dagId === '~'
        ? state.allRuns().filter((r) => r.runId === runId)
        : [findRun(state, req.flavour, dagId, runId)];
  const states = req.query.getAll('state').map((s) => (s === 'none' || s === 'no_status' ? null : s));
  const taskId = req.query.get('task_id');
  const rows = runs.flatMap((run) =>
    run.tis
      .filter(
        (ti) =>
          (states.length === 0 || states.includes(ti.state)) && (taskId === null || ti.def.taskId === taskId),
      )
      .map((ti) => ({ run, ti })),
  );
  type Row = (typeof rows)[number];
  const keys: Record<string, Key<Row>> = {
    id: (r) => r.ti.id,
    state: (r) => r.ti.state,
    duration: (r) => (r.ti.start !== null && r.ti.end !== null ? r.ti.end - r.ti.start : null),
    start_date: (r) => r.ti.start,
    end_date: (r) => r.ti.end,
    map_index: (r) => r.ti.mapIndex,
    try_number: (r) => r.ti.tryNumber,
    logical_date: (r) => r.run.logicalDate,
    run_after: (r) => r.run.runAfter,
    operator: (r) => r.ti.def.operator,
  };
  // v2: map_index, then the instance's id (a UUIDv7, new on every clear and retry), so a run's list
  // is not in the DAG's order and a cleared instance moves to the end. v1 (2.10) has no order_by
  // and refuses parameters its spec lacks; its rows come in the database's order.
  if (req.flavour === 2 && req.query.has('order_by')) {
    throw apiError(2, 400, 'Extra query parameter(s) order_by not in spec');
  }
  const sorted = req.flavour === 3 ? order(req, rows, keys, 'map_index', (r) => r.ti.id) : rows;
  const { items, total } = page(req, sorted);
  return { task_instances: items.map((r) => tiView(req.flavour, r.run, r.ti)), total_entries: total };
}

export function getTi(
  state: AirflowState,
  req: ApiRequest,
  p: { dagId: string; runId: string; taskId: string; mapIndex: number | null },
): Json {
  const run = findRun(state, req.flavour, p.dagId, p.runId);
  return tiView(req.flavour, run, findTi(req.flavour, run, p.taskId, p.mapIndex));
}

export function listTries(
  state: AirflowState,
  req: ApiRequest,
  p: { dagId: string; runId: string; taskId: string; mapIndex: number | null },
): Json {
  const run = findRun(state, req.flavour, p.dagId, p.runId);
  const mapIndex = p.mapIndex ?? (req.query.has('map_index') ? Number(req.query.get('map_index')) : -1);
  const ti = findTi(req.flavour, run, p.taskId, mapIndex);
  const tries = ti.attempts.map((a) => tiView(req.flavour, run, ti, a));
  return { task_instances: tries, total_entries: tries.length };
}

export function listXcoms(
  state: AirflowState,
  req: ApiRequest,
  p: { dagId: string; runId: string; taskId: string },
): Json {
  const run = findRun(state, req.flavour, p.dagId, p.runId);
  const mapIndex = req.query.has('map_index') ? Number(req.query.get('map_index')) : null;
  const key = req.query.get('xcom_key');
  // `~` stands for every task, as in the real API.
  const entries = run.tis
    .filter(
      (ti) =>
        (p.taskId === '~' || ti.def.taskId === p.taskId) && (mapIndex === null || ti.mapIndex === mapIndex),
    )
    .flatMap((ti) =>
      [...ti.xcoms]
        .filter(([k]) => key === null || k === key)
        .map(([k, e]) => xcomView(req.flavour, run, ti, k, e, 'none')),
    );
  const { items, total } = page(req, entries);
  return { xcom_entries: items, total_entries: total };
}

export function getXcom(
  state: AirflowState,
  req: ApiRequest,
  p: { dagId: string; runId: string; taskId: string; key: string },
): Json {
  const run = findRun(state, req.flavour, p.dagId, p.runId);
  const mapIndex = req.query.has('map_index') ? Number(req.query.get('map_index')) : -1;
  const ti = run.tis.find((t) => t.def.taskId === p.taskId && t.mapIndex === mapIndex);
  const entry = ti?.xcoms.get(p.key);
  if (!ti || !entry) {
    throw notFound(
      req.flavour,
      req.flavour === 2 ? 'XCom entry not found' : `XCom entry with key: \`${p.key}\` not found`,
    );
  }
  const stringify = bool(req.query.get('stringify')) ?? req.flavour === 2;
  return xcomView(req.flavour, run, ti, p.key, entry, stringify ? 'string' : 'native');
}

export function listImportErrors(state: AirflowState, req: ApiRequest): Json {
  const iso = (ms: number) =>
    req.flavour === 3 ? new Date(ms).toISOString() : new Date(ms).toISOString().replace('Z', '+00:00');
  const sorted = order(
    req,
    state.importErrors,
    {
      // v1 names the id import_error_id only; v2 takes both.
      ...(req.flavour === 3 ? { id: (e: ImportError) => e.id } : {}),
      import_error_id: (e) => e.id,
      timestamp: (e) => e.timestamp,
      filename: (e) => e.filename,
    },
    req.flavour === 3 ? 'id' : 'import_error_id',
    (e) => e.id,
  );
  const { items, total } = page(req, sorted);
  return {
    import_errors: items.map((e) => ({
      import_error_id: e.id,
      timestamp: iso(e.timestamp),
      filename: req.flavour === 3 ? e.filename.replace('/opt/airflow/dags/', '') : e.filename,
      ...(req.flavour === 3 ? { bundle_name: 'dags-folder' } : {}),
      stack_trace: e.stackTrace,
    })),
    total_entries: total,
  };
}

/** Reading connections needs can_read on Connections: Op and Admin have it, Viewer does not. */
function requireConnectionsRead(req: ApiRequest): void {
  if (req.role !== 'VIEWER') return;
  throw req.flavour === 2
    ? new AirflowApiError(403, { ...(problem(403, '') as object), detail: null }, {}, errorContentType(2))
    : new AirflowApiError(403, { detail: 'Forbidden' });
}

export function listConnections(state: AirflowState, req: ApiRequest): Json {
  requireConnectionsRead(req);
  const sorted = order(
    req,
    state.connections,
    {
      connection_id: (c: ConnectionDef) => c.id,
      conn_type: (c) => c.type,
      host: (c) => c.host ?? '',
      id: (c) => state.connections.indexOf(c),
    },
    'id',
  );
  const { items, total } = page(req, sorted);
  return { connections: items.map((c) => connectionView(req.flavour, c, false)), total_entries: total };
}

export function getConnection(state: AirflowState, req: ApiRequest, connectionId: string): Json {
  requireConnectionsRead(req);
  const connection = state.connections.find((c) => c.id === connectionId);
  if (!connection) {
    throw notFound(req.flavour, `The Connection with connection_id: \`${connectionId}\` was not found`);
  }
  return connectionView(req.flavour, connection, true);
}
