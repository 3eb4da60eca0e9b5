// The timing and ordering rules of issue 17, pinned against answers shaped as a real Airflow 3.3 and
// 2.10 give them (every field of the published spec's schema, checked with Ajv below), served by a
// loopback server to the real client. One DAG, `nightly_load`:
//
//   extract ──> transform.clean ──> transform.enrich ──> load ──> a_notify
//      └──────> shard (mapped, 3 indexes)
//
// Its tasks endpoint lists them by task id; Airflow 3 lists a run's instances by map_index and then
// by their UUIDv7 id, which is new on every clear, so `load`, cleared while it ran, comes last of
// the unmapped ones; Airflow 2.10 lists them in the database's order (here: the order the DAG file
// defines them, a_notify first). Neither order is the DAG's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend } from '../../source/core/backend.js';
import { formatDuration } from '../../source/core/formatDuration.js';
import type { TaskInstance } from '../../source/core/model.js';
import { durationOf, isElapsing } from '../../source/core/timing.js';
import { createHttpClient } from '../../source/http/client.js';
import { buildRunGrid, gridRowKey } from '../../source/ui/screens/parts/buildRunGrid.js';
import { specValidator } from '../support/specValidator.js';
import { startTestServer, type TestServer } from './support/startTestServer.js';
import { fakeJwt, testSecret } from './support/testSecret.js';

const DAG = 'nightly_load';
const RUN = 'scheduled__2026-12-02T00:00:00+00:00';
const NOW = Date.parse('2026-12-03T12:00:00Z');
/** The rows the grid must show: the DAG's structure. */
const STRUCTURE = [
  'task:extract',
  'task:shard',
  'group:transform',
  'task:transform.clean',
  'task:transform.enrich',
  'task:load',
  'task:a_notify',
];

interface TaskSpec {
  id: string;
  downstream: string[];
  operator: string;
  retries: number;
  mapped?: boolean;
}
const TASKS: TaskSpec[] = [
  { id: 'a_notify', downstream: [], operator: 'EmailOperator', retries: 0 },
  { id: 'extract', downstream: ['shard', 'transform.clean'], operator: 'PythonOperator', retries: 2 },
  { id: 'load', downstream: ['a_notify'], operator: 'BashOperator', retries: 1 },
  { id: 'shard', downstream: [], operator: '_PythonDecoratedOperator', retries: 0, mapped: true },
  { id: 'transform.clean', downstream: ['transform.enrich'], operator: 'PythonOperator', retries: 0 },
  { id: 'transform.enrich', downstream: ['load'], operator: 'PythonOperator', retries: 0 },
];

const timeDelta = (seconds: number) => ({ __type: 'TimeDelta', days: 0, seconds, microseconds: 0 });

/** GET /api/v2/dags/{dag}/tasks, as 3.3 serialises TaskResponse. */
function v2Task(task: TaskSpec) {
  return {
    task_id: task.id,
    task_display_name: task.id,
    owner: 'airflow',
    start_date: '2026-01-01T00:00:00Z',
    end_date: null,
    trigger_rule: 'all_success',
    depends_on_past: false,
    wait_for_downstream: false,
    retries: task.retries,
    queue: 'default',
    pool: 'default_pool',
    pool_slots: 1,
    execution_timeout: null,
    retry_delay: timeDelta(300),
    // 3.2+: the backoff factor; extract doubles its wait.
    retry_exponential_backoff: task.id === 'extract' ? 2 : 0,
    priority_weight: 1,
    weight_rule: 'downstream',
    ui_color: '#fff',
    ui_fgcolor: '#000',
    template_fields: [],
    downstream_task_ids: task.downstream,
    doc_md: null,
    operator_name: task.operator === '_PythonDecoratedOperator' ? '@task' : task.operator,
    params: {},
    class_ref: { module_path: 'airflow.providers.standard.operators.python', class_name: task.operator },
    is_mapped: task.mapped ?? false,
    extra_links: [],
  };
}

/** GET /api/v1/dags/{dag}/tasks, as 2.10 dumps TaskSchema (operator_name too, which its spec omits). */
function v1Task(task: TaskSpec) {
  return {
    class_ref: { module_path: 'airflow.operators.python', class_name: task.operator },
    operator_name: task.operator === '_PythonDecoratedOperator' ? '@task' : task.operator,
    task_id: task.id,
    task_display_name: task.id,
    owner: 'airflow',
    start_date: '2026-01-01T00:00:00+00:00',
    end_date: null,
    trigger_rule: 'all_success',
    extra_links: [],
    depends_on_past: false,
    wait_for_downstream: false,
    retries: task.retries,
    queue: 'default',
    pool: 'default_pool',
    pool_slots: 1,
    execution_timeout: null,
    retry_delay: timeDelta(300),
    // 2.x: a flag (doubling).
    retry_exponential_backoff: task.id === 'extract',
    priority_weight: 1,
    weight_rule: 'downstream',
    ui_color: '#fff',
    ui_fgcolor: '#000',
    template_fields: [],
    downstream_task_ids: task.downstream,
    params: {},
    is_mapped: task.mapped ?? false,
    doc_md: null,
  };
}

interface TiSpec {
  task: string;
  mapIndex?: number;
  state: string | null;
  tryNumber: number;
  start: string | null;
  end: string | null;
  duration: number | null;
  /** The UUIDv7 of the Airflow 3 row (its primary key: the order after map_index). */
  id?: string;
}

/** One task instance as 3.3 serialises TaskInstanceResponse (with `id`) or TaskInstanceHistoryResponse. */
function v2Ti(ti: TiSpec, history = false) {
  const common = {
    task_id: ti.task,
    dag_id: DAG,
    dag_run_id: RUN,
    map_index: ti.mapIndex ?? -1,
    start_date: ti.start,
    end_date: ti.end,
    duration: ti.duration,
    state: ti.state,
    try_number: ti.tryNumber,
    max_tries: 1,
    task_display_name: ti.task,
    dag_display_name: DAG,
    hostname: ti.start ? 'worker-1' : '',
    unixname: 'airflow',
    pool: 'default_pool',
    pool_slots: 1,
    queue: 'default',
    priority_weight: 1,
    operator: 'BashOperator',
    operator_name: 'BashOperator',
    queued_when: ti.start,
    scheduled_when: ti.start,
    pid: ti.start ? 4242 : null,
    executor: null,
    executor_config: '{}',
    dag_version: null,
  };
  if (history) return common;
  return {
    id: ti.id ?? '0193a1b2-0000-7000-8000-000000000000',
    ...common,
    logical_date: '2026-12-02T00:00:00Z',
    run_after: '2026-12-03T00:00:00Z',
    note: null,
    rendered_map_index: ti.mapIndex !== undefined ? String(ti.mapIndex) : null,
    rendered_fields: {},
    trigger: null,
    triggerer_job: null,
  };
}

/** One task instance as 2.10 dumps TaskInstanceSchema (list) or TaskInstanceHistorySchema (tries). */
function v1Ti(ti: TiSpec, history = false) {
  const offset = (iso: string | null) => (iso ? iso.replace('Z', '+00:00') : null);
  const common = {
    task_id: ti.task,
    task_display_name: ti.task,
    dag_id: DAG,
    dag_run_id: RUN,
    start_date: offset(ti.start),
    end_date: offset(ti.end),
    duration: ti.duration,
    state: ti.state,
    try_number: ti.tryNumber,
    map_index: ti.mapIndex ?? -1,
    max_tries: 1,
    hostname: ti.start ? 'worker-1' : '',
    unixname: 'airflow',
    pool: 'default_pool',
    pool_slots: 1,
    queue: 'default',
    priority_weight: 1,
    operator: 'BashOperator',
    queued_when: offset(ti.start),
    pid: ti.start ? 4242 : null,
    executor: null,
    executor_config: '{}',
  };
  if (history) return common;
  return {
    ...common,
    execution_date: '2026-12-02T00:00:00+00:00',
    sla_miss: null,
    rendered_map_index: ti.mapIndex !== undefined ? String(ti.mapIndex) : null,
    rendered_fields: {},
    trigger: null,
    triggerer_job: null,
    note: null,
  };
}

// The run: extract took 0.956 s (sub-second); load was cleared while it ran (LOAD below).
const uuid = (n: number) => `0193a1b2-${String(n).padStart(4, '0')}-7000-8000-000000000000`;
const OTHERS: TiSpec[] = [
  {
    task: 'extract',
    state: 'success',
    tryNumber: 1,
    start: '2026-12-03T11:49:00Z',
    end: '2026-12-03T11:49:00.956Z',
    duration: 0.956,
    id: uuid(1),
  },
  {
    task: 'transform.clean',
    state: 'success',
    tryNumber: 1,
    start: '2026-12-03T11:49:02Z',
    end: '2026-12-03T11:49:14Z',
    duration: 12.004,
    id: uuid(2),
  },
  {
    task: 'transform.enrich',
    state: 'success',
    tryNumber: 1,
    start: '2026-12-03T11:49:15Z',
    end: '2026-12-03T11:49:15.07Z',
    duration: 0.07,
    id: uuid(3),
  },
  { task: 'a_notify', state: null, tryNumber: 0, start: null, end: null, duration: null, id: uuid(4) },
  ...[0, 1, 2].map((i) => ({
    task: 'shard',
    mapIndex: i,
    state: i === 1 ? 'failed' : 'success',
    tryNumber: 1,
    start: '2026-12-03T11:49:01Z',
    end: '2026-12-03T11:49:01.5Z',
    duration: 0.5,
    id: uuid(5 + i),
  })),
];
/** Airflow 2.10's database order: as the DAG file defines the tasks. */
const V1_ORDER = ['a_notify', 'load', 'transform.enrich', 'transform.clean', 'extract', 'shard'];

function load(
  state: string | null,
  tryNumber: number,
  start: string | null,
  end: string | null,
  duration: number | null,
): TiSpec {
  return { task: 'load', state, tryNumber, start, end, duration };
}

interface Moment {
  /** What /tries answers then: the history rows, the live instance last. */
  rows: TiSpec[];
  /** The tries table: try, state, duration shown at NOW ('—' where none). */
  shown: [number, string, string][];
}

/*
 * `load` cleared some seconds into its first try, moment by moment, as the real servers answered
 * (timestamps shifted to this recording's clock; durations as recorded). Airflow 3.3.2 records the
 * try as failed at the clear, keeps the live instance under the same number (restarting, then reset
 * to no state) with that try's times and duration, queues try 2 still carrying them, and runs try 2
 * with a new start but the old 8.305682 s in `duration` and a null end. Airflow 2.10.5
 * (SequentialExecutor) records the try as failed at the clear, and the same try goes on to its end
 * under the same number.
 */
const S3 = '2026-12-03T11:59:31.119Z';
const E3 = '2026-12-03T11:59:39.424Z';
const H3 = load('failed', 1, S3, E3, 8.305682);
const S2 = '2026-12-03T11:59:50Z';
const H2 = load('failed', 1, S2, '2026-12-03T11:59:59.139Z', 9.13887);
const LOAD: Record<2 | 3, { live: TiSpec; moments: Record<string, Moment> }> = {
  3: {
    live: { ...load('running', 2, '2026-12-03T11:59:50Z', null, 8.305682), id: uuid(9) },
    moments: {
      'while restarting': {
        rows: [H3, load('restarting', 1, S3, E3, 8.305682)],
        shown: [[1, 'failed', '8s']],
      },
      'reset to no state': {
        rows: [H3, load(null, 1, S3, E3, 8.305682)],
        shown: [[1, 'failed', '8s']],
      },
      'try 2 queued': {
        rows: [H3, load('queued', 2, S3, E3, 8.305682)],
        shown: [
          [2, 'queued', '—'],
          [1, 'failed', '8s'],
        ],
      },
      'try 2 running': {
        rows: [H3, load('running', 2, '2026-12-03T11:59:50Z', null, 8.305682)],
        shown: [
          [2, 'running', '10s'],
          [1, 'failed', '8s'],
        ],
      },
    },
  },
  2: {
    live: { ...load('running', 1, S2, null, null), id: uuid(9) },
    moments: {
      'the try goes on': {
        rows: [H2, load('running', 1, S2, null, null)],
        shown: [[1, 'running', '10s']],
      },
      'the try ended': {
        rows: [H2, load('success', 1, S2, '2026-12-03T12:01:50.425Z', 120.425435)],
        shown: [[1, 'success', '2m 00s']],
      },
    },
  },
};

const instancesOf = (flavour: 2 | 3): TiSpec[] => [...OTHERS, LOAD[flavour].live];

function serve(flavour: 2 | 3, moment: { rows: TiSpec[] }) {
  const prefix = flavour === 3 ? '/api/v2' : '/api/v1';
  const ti = flavour === 3 ? v2Ti : v1Ti;
  const instances =
    flavour === 3
      ? // map_index, then the UUIDv7 (the primary key Airflow 3 sorts by last).
        [...instancesOf(3)].sort(
          (a, b) => (a.mapIndex ?? -1) - (b.mapIndex ?? -1) || ((a.id ?? '') < (b.id ?? '') ? -1 : 1),
        )
      : V1_ORDER.flatMap((id) => instancesOf(2).filter((t) => t.task === id));
  return startTestServer((request, reply) => {
    const path = decodeURIComponent(request.path);
    if (path === '/api/v2/version') {
      return flavour === 3
        ? reply.json(200, { version: '3.3.2', git_version: null })
        : reply.text(404, 'Not Found', 'text/html');
    }
    if (path === '/api/v1/version') return reply.json(200, { version: '2.10.5', git_version: null });
    if (path === '/auth/token') {
      return reply.json(201, { access_token: fakeJwt({ sub: 'admin', exp: NOW / 1000 + 86_400 * 365 }) });
    }
    if (path === `${prefix}/dags/${DAG}/tasks`) {
      const tasks = TASKS.map((task) => (flavour === 3 ? v2Task(task) : v1Task(task)));
      return reply.json(200, { tasks, total_entries: tasks.length });
    }
    if (path === `${prefix}/dags/${DAG}/dagRuns/${RUN}/taskInstances`) {
      const body = instances.map((t) => ti(t));
      const offset = Number(request.query.get('offset') ?? 0);
      const limit = Number(request.query.get('limit') ?? 100);
      return reply.json(200, {
        task_instances: body.slice(offset, offset + limit),
        total_entries: body.length,
      });
    }
    if (path === `${prefix}/dags/${DAG}/dagRuns/${RUN}/taskInstances/load/tries`) {
      // The history rows first, the live row last.
      const body = moment.rows.map((t, index) => ti(t, index < moment.rows.length - 1));
      return reply.json(200, { task_instances: body, total_entries: body.length });
    }
    return reply.json(404, { detail: `not in this recording: ${request.method} ${path}` });
  });
}

describe('the recorded answers are spec-shaped', () => {
  it.each([3, 2] as const)(
    'Airflow %i: tasks, task instances and tries validate against the published spec',
    (flavour) => {
      const check = specValidator(flavour);
      const v2 = flavour === 3;
      const tasks = {
        tasks: TASKS.map((task) => (v2 ? v2Task(task) : v1Task(task))),
        total_entries: TASKS.length,
      };
      expect(check(v2 ? 'TaskCollectionResponse' : 'TaskCollection', tasks)).toEqual([]);
      const instances = instancesOf(flavour);
      const list = {
        task_instances: instances.map((t) => (v2 ? v2Ti(t) : v1Ti(t))),
        total_entries: instances.length,
      };
      expect(check(v2 ? 'TaskInstanceCollectionResponse' : 'TaskInstanceCollection', list)).toEqual([]);
      for (const { rows } of Object.values(LOAD[flavour].moments)) {
        const tries = {
          task_instances: rows.map((t, i) =>
            v2 ? v2Ti(t, i < rows.length - 1) : v1Ti(t, i < rows.length - 1),
          ),
          total_entries: rows.length,
        };
        // The 2.10.0 spec predates the tries endpoint; its history rows have the task-instance fields.
        expect(check(v2 ? 'TaskInstanceHistoryCollectionResponse' : 'TaskInstanceCollection', tries)).toEqual(
          [],
        );
      }
    },
  );
});

describe.each([3, 2] as const)('Airflow %i answers through the client (issue 17)', (flavour) => {
  let server: TestServer;
  const http = createHttpClient();
  const moments = Object.entries(LOAD[flavour].moments);
  const moment: { rows: TiSpec[] } = { rows: moments.at(-1)?.[1].rows ?? [] };
  let airflow: Backend;
  let tasks: TaskInstance[];

  beforeAll(async () => {
    server = await serve(flavour, moment);
    airflow = createAirflowBackend({
      baseUrl: server.url,
      http,
      auth: { kind: 'password', username: 'admin', password: testSecret(['pw']) },
    });
    tasks = await airflow.listTasks(DAG, RUN);
  });
  afterAll(async () => {
    await http.close();
    await server.close();
  });

  const task = (id: string, mapIndex?: number) => {
    const found = tasks.find((t) => t.taskId === id && t.mapIndex === mapIndex);
    if (!found) throw new Error(`${id} is in the run`);
    return found;
  };
  const oneRun = [
    { backend: 'airflow' as const, workflowId: DAG, id: RUN, state: 'running' as const, rawState: 'running' },
  ];

  it(`the server's list order is not the DAG's (${flavour === 3 ? 'map_index, then the UUIDv7: a cleared instance last' : "2.10's database order"}); the grid rows are the DAG's`, async () => {
    const listed = [...new Set(tasks.map((t) => t.taskId))];
    expect(listed).not.toEqual(STRUCTURE.filter((k) => k.startsWith('task:')).map((k) => k.slice(5)));
    const definitions = await airflow.listTaskDefinitions(DAG);
    const rows = buildRunGrid(oneRun, new Map([[RUN, tasks]]), definitions);
    expect(rows.filter((row) => row.kind !== 'index').map(gridRowKey)).toEqual(STRUCTURE);
    // The same rows from the list in any order.
    const reversed = buildRunGrid(oneRun, new Map([[RUN, [...tasks].reverse()]]), definitions);
    expect(reversed.map(gridRowKey)).toEqual(rows.map(gridRowKey));
    // Each map index has its row under the task.
    expect(
      rows.filter((row) => row.kind === 'index').map((row) => [row.mapIndex, row.cells[0]?.state]),
    ).toEqual([
      [0, 'success'],
      [1, 'failed'],
      [2, 'success'],
    ]);
  });

  it(`each paged request says its order: ${flavour === 3 ? 'order_by=map_index (the server adds the id)' : 'none on 2.10 task instances (refused there)'}; the tasks by task_id`, () => {
    const list = server.requests.find((r) => r.path.endsWith('/taskInstances'));
    expect(list?.query.get('order_by')).toBe(flavour === 3 ? 'map_index' : null);
    const definitions = server.requests.find((r) => r.path.endsWith('/tasks'));
    expect(definitions?.query.get('order_by')).toBe('task_id');
  });

  it('the tasks endpoint: upstream read back from downstream_task_ids, retries, retry delay, backoff as a factor', async () => {
    const definitions = await airflow.listTaskDefinitions(DAG);
    const byId = new Map(definitions.map((d) => [d.taskId, d]));
    expect(byId.get('transform.clean')).toMatchObject({
      group: 'transform',
      upstream: ['extract'],
      downstream: ['transform.enrich'],
      operator: 'PythonOperator',
      retries: 0,
      retryDelayMs: 300_000,
      retryExponentialBackoff: 0,
    });
    expect(byId.get('extract')).toMatchObject({ upstream: [], retries: 2, retryExponentialBackoff: 2 });
    expect(byId.get('shard')).toMatchObject({ mapped: true, operator: '@task', upstream: ['extract'] });
  });

  it(`a task cleared while it ran: the running try counts from its own start${flavour === 3 ? ', never the 8.3 s Airflow 3 keeps in duration' : ''}`, () => {
    const live = task('load');
    expect(live.durationMs).toBeUndefined();
    expect(isElapsing(live)).toBe(true);
    expect(formatDuration(durationOf(live, NOW))).toBe('10s');
    expect(formatDuration(durationOf(live, NOW + 65_000))).toBe('1m 15s');
  });

  it('sub-second tries read exactly: 0.956 s is "0.96s", 0.07 s is "0.07s"', () => {
    expect(formatDuration(durationOf(task('extract'), NOW))).toBe('0.96s');
    expect(formatDuration(durationOf(task('transform.enrich'), NOW))).toBe('0.07s');
    expect(formatDuration(durationOf(task('transform.clean'), NOW))).toBe('12s');
    // Never run: no duration at all.
    expect(durationOf(task('a_notify'), NOW)).toBeUndefined();
  });

  it.each(moments)(
    'the tries of the cleared task, %s: one row per try, each with its own times',
    async (_, { rows, shown }) => {
      moment.rows = rows;
      const tries = await airflow.listTries(task('load'));
      expect(tries.map((t) => [t.attempt, t.rawState, formatDuration(durationOf(t, NOW))])).toEqual(shown);
      // No row is "running" with an end time; a waiting try shows none of the times of the try before.
      for (const attempt of tries) {
        if (attempt.state === 'running') expect(attempt.endedAt).toBeUndefined();
        if (attempt.state === 'queued') expect(attempt.startedAt).toBeUndefined();
      }
    },
  );
});
