// Response bodies per API version: v1 (Airflow 2.10, spec test/specs/airflow-2-v1.yaml) and v2
// (Airflow 3.2, spec test/specs/airflow-3-v2.yaml, every `required` field present).
import {
  type Attempt,
  type ConnectionDef,
  RETRY_DELAY_MS,
  type SimDag,
  type SimRun,
  type SimTi,
  type TaskDef,
} from './model.js';

export type Flavour = 2 | 3;
export type Json = unknown;

const iso2 = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('Z', '+00:00'));
const iso3 = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
export const isoFor = (flavour: Flavour) => (flavour === 3 ? iso3 : iso2);

const fileToken = (dag: SimDag) => Buffer.from(dag.fileloc).toString('base64url');

export function dagView(flavour: Flavour, dag: SimDag, lastParsed: number): Json {
  const iso = isoFor(flavour);
  const next = dag.nextRunAfter;
  const every = dag.everyMs ?? 0;
  const common = {
    dag_id: dag.dagId,
    dag_display_name: dag.dagId,
    is_paused: dag.paused,
    description: dag.description,
    fileloc: dag.fileloc,
    file_token: fileToken(dag),
    owners: dag.owners,
    timetable_description: dag.timetableDescription,
    has_import_errors: dag.hasImportErrors,
    has_task_concurrency_limits: false,
    max_active_runs: dag.maxActiveRuns,
    max_active_tasks: 16,
    max_consecutive_failed_dag_runs: 0,
    last_parsed_time: iso(lastParsed),
    last_expired: null,
    next_dagrun_data_interval_start: next === null ? null : iso(next - every),
    next_dagrun_data_interval_end: iso(next),
  };
  if (flavour === 2) {
    return {
      ...common,
      is_active: true,
      is_subdag: false,
      root_dag_id: null,
      default_view: 'grid',
      last_pickled: null,
      pickle_id: null,
      scheduler_lock: null,
      tags: dag.tags.map((name) => ({ name })),
      schedule_interval: dag.schedule === null ? null : { __type: 'CronExpression', value: dag.schedule },
      next_dagrun: next === null ? null : iso(next - every),
      next_dagrun_create_after: iso(next),
    };
  }
  return {
    ...common,
    is_stale: false,
    last_parse_duration: 0.412,
    bundle_name: 'dags-folder',
    bundle_version: null,
    relative_fileloc: dag.fileloc.replace('/opt/airflow/dags/', ''),
    timetable_summary: dag.schedule,
    timetable_partitioned: false,
    tags: dag.tags.map((name) => ({ name, dag_id: dag.dagId, dag_display_name: dag.dagId })),
    next_dagrun_logical_date: next === null ? null : iso(next - every),
    next_dagrun_run_after: iso(next),
    allowed_run_types: null,
  };
}

export function dagDetailsView(flavour: Flavour, dag: SimDag, lastParsed: number, activeRuns: number): Json {
  const iso = isoFor(flavour);
  const paramClass = flavour === 3 ? 'airflow.sdk.definitions.param.Param' : 'airflow.models.param.Param';
  const params = Object.fromEntries(
    Object.entries(dag.params).map(([name, p]) => [
      name,
      { __class: paramClass, value: p.value, description: p.description, schema: p.schema },
    ]),
  );
  const extra = {
    catchup: false,
    dag_run_timeout: null,
    doc_md: null,
    start_date: iso(Date.UTC(2025, 0, 1)),
    end_date: null,
    is_paused_upon_creation: null,
    params,
    render_template_as_native_obj: false,
    template_search_path: null,
    timezone: 'UTC',
    last_parsed: iso(lastParsed),
    concurrency: 16,
  };
  const base = dagView(flavour, dag, lastParsed) as Record<string, unknown>;
  if (flavour === 2) return { ...base, ...extra, dataset_expression: null, orientation: 'LR' };
  return {
    ...base,
    ...extra,
    asset_expression: null,
    // How a callable renders here is the server's repr; the key is what a client can rely on.
    default_args: {
      owner: dag.owners[0] ?? 'airflow',
      retries: 0,
      ...(dag.failureCallback ? { on_failure_callback: '<function notify_oncall>' } : {}),
    },
    owner_links: {},
    is_favorite: false,
    active_runs_count: activeRuns,
    latest_dag_version: dagVersion(dag, lastParsed),
  };
}

function dagVersion(dag: SimDag, created: number): Json {
  return {
    id: '0195a0b4-0000-7000-8000-000000000001',
    version_number: 1,
    dag_id: dag.dagId,
    bundle_name: 'dags-folder',
    bundle_version: null,
    created_at: iso3(created),
    dag_display_name: dag.dagId,
    bundle_url: null,
  };
}

export function runView(flavour: Flavour, run: SimRun, dag: SimDag): Json {
  const iso = isoFor(flavour);
  const common = {
    dag_run_id: run.runId,
    dag_id: run.dagId,
    logical_date: iso(run.logicalDate),
    start_date: iso(run.start),
    end_date: iso(run.end),
    data_interval_start: iso(run.dataIntervalStart),
    data_interval_end: iso(run.dataIntervalEnd),
    last_scheduling_decision: iso(run.updatedAt),
    run_type: run.runType,
    state: run.state,
    conf: run.conf,
    note: run.note,
  };
  if (flavour === 2) {
    return { ...common, execution_date: common.logical_date, external_trigger: run.runType === 'manual' };
  }
  return {
    ...common,
    dag_display_name: run.dagId,
    run_after: iso(run.runAfter),
    queued_at: iso(run.queuedAt),
    duration: run.start !== null && run.end !== null ? (run.end - run.start) / 1000 : null,
    triggered_by: run.triggeredBy,
    triggering_user_name: run.runType === 'manual' ? 'admin' : null,
    dag_versions: [dagVersion(dag, run.queuedAt)],
    bundle_version: null,
    partition_key: null,
  };
}

export function tiView(flavour: Flavour, run: SimRun, ti: SimTi, attempt?: Attempt): Json {
  const iso = isoFor(flavour);
  const a = attempt ?? ti.attempts.at(-1);
  const start = attempt ? attempt.start : ti.start;
  const end = attempt ? attempt.end : ti.end;
  const common = {
    task_id: ti.def.taskId,
    task_display_name: ti.def.taskId,
    dag_id: run.dagId,
    dag_run_id: run.runId,
    map_index: ti.mapIndex,
    rendered_map_index: ti.mapIndex >= 0 ? String(ti.mapIndex) : null,
    start_date: iso(start),
    end_date: iso(end),
    duration:
      start !== null && end !== null
        ? (end - start) / 1000
        : !attempt && flavour === 3
          ? ti.heldDuration
          : null,
    state: attempt ? attempt.state : ti.state,
    try_number: attempt ? attempt.tryNumber : ti.tryNumber,
    max_tries: ti.maxTries,
    hostname: a?.hostname ?? '',
    unixname: 'airflow',
    pool: 'default_pool',
    pool_slots: 1,
    queue: 'default',
    priority_weight: 1,
    operator: ti.def.operator,
    queued_when: iso(ti.queuedWhen),
    pid: a?.pid ?? null,
    executor: null,
    executor_config: '{}',
    note: ti.note,
    trigger: null,
    triggerer_job: null,
  };
  if (flavour === 2) {
    return { ...common, execution_date: iso(run.logicalDate), sla_miss: null, rendered_fields: {} };
  }
  return {
    ...(attempt
      ? {}
      : { id: ti.id, logical_date: iso(run.logicalDate), run_after: iso(run.runAfter), rendered_fields: {} }),
    ...common,
    dag_display_name: run.dagId,
    operator_name: ti.def.operator.replace(/^_PythonDecoratedOperator$/, '@task'),
    scheduled_when: iso(ti.scheduledWhen),
    dag_version: null,
  };
}

const timeDelta = (seconds: number): Json => ({ __type: 'TimeDelta', days: 0, seconds, microseconds: 0 });

/** One task of GET /dags/{dag_id}/tasks, with every field the version's serializer writes. */
export function taskView(flavour: Flavour, dag: SimDag, task: TaskDef): Json {
  const className = task.operator;
  const common = {
    task_id: task.taskId,
    task_display_name: task.taskId,
    owner: dag.owners[0] ?? 'airflow',
    start_date: isoFor(flavour)(Date.UTC(2026, 0, 1)),
    end_date: null,
    trigger_rule: 'all_success',
    depends_on_past: false,
    wait_for_downstream: false,
    retries: task.retries,
    queue: 'default',
    pool: 'default_pool',
    pool_slots: 1,
    execution_timeout: task.timeoutMinutes === undefined ? null : timeDelta(task.timeoutMinutes * 60),
    retry_delay: { __type: 'TimeDelta', days: 0, seconds: RETRY_DELAY_MS / 1000, microseconds: 0 },
    priority_weight: 1,
    weight_rule: 'downstream',
    ui_color: '#fff',
    ui_fgcolor: '#000',
    template_fields: [],
    downstream_task_ids: dag.tasks.filter((t) => t.upstream.includes(task.taskId)).map((t) => t.taskId),
    doc_md: null,
    operator_name: className.replace(/^_PythonDecoratedOperator$/, '@task'),
    params: {},
    class_ref: { module_path: 'airflow.operators', class_name: className },
    is_mapped: task.mapped !== undefined,
  };
  if (flavour === 2) {
    // Airflow 2: the backoff is a flag, extra links are class references.
    return { ...common, retry_exponential_backoff: task.backoff === true, extra_links: [] };
  }
  // Airflow 3.2+: the backoff is the factor of the wait (0 = constant).
  return { ...common, retry_exponential_backoff: task.backoff ? 2 : 0, extra_links: [] };
}

export function tiReference(run: SimRun, ti: SimTi): Json {
  return {
    task_id: ti.def.taskId,
    dag_id: run.dagId,
    dag_run_id: run.runId,
    execution_date: iso2(run.logicalDate),
  };
}

export function xcomView(
  flavour: Flavour,
  run: SimRun,
  ti: SimTi,
  key: string,
  entry: { value: unknown; timestamp: number },
  withValue: 'none' | 'native' | 'string',
): Json {
  const iso = isoFor(flavour);
  const base = {
    key,
    timestamp: iso(entry.timestamp),
    map_index: ti.mapIndex,
    task_id: ti.def.taskId,
    dag_id: run.dagId,
  };
  const value =
    withValue === 'none' ? {} : { value: withValue === 'string' ? pythonStr(entry.value) : entry.value };
  if (flavour === 2) return { ...base, execution_date: iso(run.logicalDate), ...value };
  return {
    ...base,
    logical_date: iso(run.logicalDate),
    run_id: run.runId,
    run_after: iso(run.runAfter),
    dag_display_name: run.dagId,
    task_display_name: ti.def.taskId,
    ...value,
  };
}

/** Python str() of a JSON value, as `stringify=true` renders it. */
export function pythonStr(value: unknown): string {
  if (typeof value === 'string') return value;
  const repr = (v: unknown): string => {
    if (v === null) return 'None';
    if (v === true) return 'True';
    if (v === false) return 'False';
    if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    if (Array.isArray(v)) return `[${v.map(repr).join(', ')}]`;
    if (typeof v === 'object')
      return `{${Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `${repr(k)}: ${repr(x)}`)
        .join(', ')}}`;
    return String(v);
  };
  return repr(value);
}

const MASK = '***';
/** Key names Airflow masks (a key is sensitive when its name contains one of them). */
const SENSITIVE =
  /access_token|api_key|apikey|authorization|passphrase|passwd|password|private_key|secret|token|keyfile_dict|service_account/i;

/** The extra as the API returns it: JSON text, strings under sensitive keys masked; not JSON: as is. */
function maskedExtra(extra: string | null): string | null {
  if (extra === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(extra);
  } catch {
    return extra;
  }
  const walk = (value: unknown, sensitive: boolean): unknown => {
    if (typeof value === 'string') return sensitive ? MASK : value;
    if (Array.isArray(value)) return value.map((item) => walk(item, sensitive));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, walk(item, sensitive || SENSITIVE.test(key))]),
      );
    }
    return value;
  };
  return JSON.stringify(walk(parsed, false));
}

/**
 * One connection: v1 lists it without extra and never shows the password (the single object adds
 * extra); v2 shows the whole object, the password as "***" or null.
 */
export function connectionView(flavour: Flavour, connection: ConnectionDef, single: boolean): Json {
  const common = {
    connection_id: connection.id,
    conn_type: connection.type,
    description: connection.description,
    host: connection.host,
    login: connection.login,
    schema: null,
    port: null,
  };
  if (flavour === 2) return single ? { ...common, extra: maskedExtra(connection.extra) } : common;
  return {
    ...common,
    password: connection.password === null ? null : MASK,
    extra: maskedExtra(connection.extra),
    team_name: null,
  };
}
