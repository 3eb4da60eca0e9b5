// The backend against a small loopback workspace: 2.2 inner-page merging (jobs/get and runs/get
// page their tasks), attempts grouped by task_key, get-output on task run ids (never the parent
// run's), run-now/repair bodies, and the 400 "does not exist" → NotFound remap (Databricks answers
// a missing job or run with 400, not 404).
import { afterEach, describe, expect, it } from 'vitest';
import { NotFound } from '../../source/core/errors.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createDatabricksBackend } from '../../source/databricks/backend.js';
import { collectLog } from '../support/collectLog.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';
import { type RecordedRequest, startTestServer, type TestServer } from './testServer.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const task = (key: string, extra: Record<string, unknown> = {}) => ({ task_key: key, ...extra });
const done = (result: string) => ({ life_cycle_state: 'TERMINATED', result_state: result });

const JOB_PAGES: Record<string, unknown> = {
  '': {
    job_id: 42,
    creator_user_name: 'ana@example.com',
    settings: {
      name: 'eod_risk_models',
      tags: { team: 'risk', critical: '' },
      schedule: { quartz_cron_expression: '0 0 2 * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' },
      tasks: [task('extract')],
      parameters: [{ name: 'as_of', default: '2026-01-01' }],
    },
    next_page_token: 'p2',
  },
  p2: {
    job_id: 42,
    settings: {
      name: 'eod_risk_models',
      tasks: [task('transform', { depends_on: [{ task_key: 'extract' }] })],
      parameters: [{ name: 'region', default: 'eu' }],
    },
    next_page_token: 'p3',
  },
  p3: {
    job_id: 42,
    settings: {
      name: 'eod_risk_models',
      tasks: [task('load', { depends_on: [{ task_key: 'transform' }] })],
      parameters: [],
    },
  },
};

const RUN_PAGES: Record<string, unknown> = {
  '': {
    run_id: 900,
    job_id: 42,
    trigger: 'PERIODIC',
    start_time: 1_700_000_000_000,
    end_time: 1_700_000_600_000,
    run_duration: 600_000,
    run_page_url: 'https://ws.example/?o=1#job/42/run/900',
    state: done('FAILED'),
    status: { state: 'TERMINATED', termination_details: { code: 'RUN_EXECUTION_ERROR' } },
    job_parameters: [{ name: 'as_of', default: '2026-01-01', value: '2026-03-01' }],
    tasks: [
      task('extract', {
        run_id: 901,
        attempt_number: 0,
        state: done('SUCCESS'),
        start_time: 1_700_000_000_000,
      }),
      task('transform', {
        run_id: 902,
        attempt_number: 0,
        state: done('FAILED'),
        start_time: 1_700_000_100_000,
        depends_on: [{ task_key: 'extract' }],
      }),
    ],
    repair_history: [{ type: 'ORIGINAL', start_time: 1_700_000_000_000 }],
    next_page_token: 'r2',
  },
  r2: {
    run_id: 900,
    job_id: 42,
    tasks: [
      task('transform', {
        run_id: 903,
        attempt_number: 1,
        state: done('FAILED'),
        start_time: 1_700_000_200_000,
        depends_on: [{ task_key: 'extract' }],
        spark_python_task: {},
        max_retries: 1,
      }),
      task('load', {
        run_id: 904,
        attempt_number: 0,
        state: done('UPSTREAM_FAILED'),
        depends_on: [{ task_key: 'transform' }],
      }),
    ],
    repair_history: [{ type: 'REPAIR', id: 77, start_time: 1_700_000_300_000 }],
  },
};

async function startWorkspace(
  extra: Record<string, (r: RecordedRequest) => { status?: number; json?: unknown }> = {},
) {
  server = await startTestServer({
    'GET /api/2.2/jobs/get': (r) => {
      if (r.query.get('job_id') !== '42') {
        return {
          status: 400,
          json: {
            error_code: 'INVALID_PARAMETER_VALUE',
            message: `Job ${r.query.get('job_id')} does not exist.`,
          },
        };
      }
      return { json: JOB_PAGES[r.query.get('page_token') ?? ''] };
    },
    'GET /api/2.2/jobs/runs/get': (r) => ({ json: RUN_PAGES[r.query.get('page_token') ?? ''] }),
    'GET /api/2.2/jobs/runs/get-output': (r) => ({
      json:
        r.query.get('run_id') === '903'
          ? {
              error: 'ZeroDivisionError: division by zero',
              error_trace: 'Traceback (most recent call last):\n  File "x.py", line 1',
              logs: 'starting\nfailing\n',
              metadata: { run_id: 903, state: done('FAILED') },
            }
          : { status: 400, json: { error_code: 'INVALID_PARAMETER_VALUE' } },
    }),
    'POST /api/2.2/jobs/run-now': () => ({ json: { run_id: 1000, number_in_job: 1000 } }),
    'POST /api/2.2/jobs/runs/repair': () => ({ json: { repair_id: 78 } }),
    ...extra,
  });
  const backend = createDatabricksBackend({
    host: server.url,
    http: createRecordingHttpClient(),
    auth: { kind: 'pat', token: staticSecret('dapi-test', 'test') },
    credentialSource: 'test',
  });
  return { server, backend };
}

const bodies = (s: TestServer, route: string) =>
  s.requests
    .filter((r) => `${r.method} ${r.path}` === route)
    .map((r) => JSON.parse(r.body) as Record<string, unknown>);

describe('Databricks backend, unit (2.2 paging, attempts, actions)', () => {
  it('merges every jobs/get page of tasks and parameters (§1) and maps the schedule', async () => {
    const { backend, server: s } = await startWorkspace();
    const workflow = await backend.getWorkflow('42');
    expect(workflow).toMatchObject({
      id: '42',
      name: 'eod_risk_models',
      schedule: '0 0 2 * * ?',
      paused: false,
      tags: ['team:risk', 'critical'],
      owners: ['ana@example.com'],
    });
    const params = await backend.getTriggerParams('42');
    expect(params.map((p) => [p.name, p.default])).toEqual([
      ['as_of', '2026-01-01'],
      ['region', 'eu'],
    ]);
    expect(
      s.requests.filter((r) => r.path === '/api/2.2/jobs/get').map((r) => r.query.get('page_token')),
    ).toEqual([null, 'p2', 'p3', null, 'p2', 'p3']);
    expect(s.requests[0]?.headers.authorization).toBe('Bearer dapi-test');
  });

  it('merges runs/get pages with include_history and groups attempts per task_key (§1, §3)', async () => {
    const { backend, server: s } = await startWorkspace();
    const run = await backend.getRun('42', '900');
    expect(run).toMatchObject({
      id: '900',
      workflowId: '42',
      state: 'failed',
      rawState: 'TERMINATED/FAILED',
      trigger: 'scheduled',
      durationMs: 600_000,
      repairIds: [77],
      conf: { as_of: '2026-03-01' },
    });
    expect(s.requests.every((r) => r.query.get('include_history') === 'true')).toBe(true);
    const tasks = await backend.listTasks('42', '900');
    expect(tasks.map((t) => [t.taskId, t.state, t.tryNumber, t.taskRunId])).toEqual([
      ['extract', 'success', 1, '901'],
      ['transform', 'failed', 2, '903'],
      ['load', 'upstream_failed', 1, '904'],
    ]);
    const transform = tasks[1];
    expect(transform?.attempts?.map((a) => a.taskRunId)).toEqual(['902', '903']);
    expect(transform).toMatchObject({ dependsOn: ['extract'], operator: 'spark_python', maxTries: 2 });
  });

  it('a run read by its id alone (no job id) names its job; a job id that is not its own is NotFound', async () => {
    const { backend } = await startWorkspace();
    expect(await backend.getRun('', '900')).toMatchObject({ id: '900', workflowId: '42', state: 'failed' });
    await expect(backend.getRun('43', '900')).rejects.toThrow(/run 900 does not belong to job 43/);
  });

  it('follows the latest attempt output by task run id: stdout, then the error and its trace (§4)', async () => {
    const { backend, server: s } = await startWorkspace();
    const log = await collectLog(
      backend.followLog({ backend: 'databricks', workflowId: '42', runId: '900', taskId: 'transform' }),
    );
    expect(log.done).toBe(true);
    expect(log.state).toBe('failed');
    expect(log.lines.map((l) => l.text)).toEqual([
      'starting',
      'failing',
      'error: ZeroDivisionError: division by zero',
      'Traceback (most recent call last):',
      '  File "x.py", line 1',
    ]);
    expect(log.lines[2]?.level).toBe('error');
    expect(log.cursor).toMatchObject({ tryNumber: 2, closed: true });
    expect(s.requests.find((r) => r.path.endsWith('get-output'))?.query.get('run_id')).toBe('903');
  });

  it("explains a failed run by its failed task's error (§4)", async () => {
    const { backend } = await startWorkspace();
    expect(
      await backend.findFailureReason({ backend: 'databricks', workflowId: '42', runId: '900' }),
    ).toEqual({
      text: 'ZeroDivisionError: division by zero',
      source: 'error',
      taskId: 'transform',
    });
  });

  it('sends run-now with job_parameters and the request id as idempotency_token (§2)', async () => {
    const { backend, server: s } = await startWorkspace();
    const action = {
      kind: 'trigger' as const,
      workflowId: '42',
      requestId: 'req-123',
      params: { as_of: '2026-04-01', region: 3 },
    };
    const preview = await backend.preview(action);
    expect(preview).toMatchObject({
      serverDryRun: false,
      destructive: false,
      affected: ['as_of = 2026-04-01', 'region = 3'],
    });
    const result = await backend.execute(action);
    expect(result.runId).toBe('1000');
    expect(bodies(s, 'POST /api/2.2/jobs/run-now')).toEqual([
      { job_id: 42, idempotency_token: 'req-123', job_parameters: { as_of: '2026-04-01', region: '3' } },
    ]);
  });

  it('repairs the failed tasks plus dependents, chaining on the latest repair id (§2 repair)', async () => {
    const { backend, server: s } = await startWorkspace();
    const action = {
      kind: 'repairRun' as const,
      workflowId: '42',
      runId: '900',
      tasks: [],
      rerunDependents: true,
    };
    const preview = await backend.preview(action);
    expect(preview.affected).toEqual([
      'transform: last FAILED (did not run)',
      'load: dependent, last UPSTREAM_FAILED (did not run)',
    ]);
    expect(preview.summary).toBe('Repair run 900: rerun transform and 1 dependent, chained on repair 77');
    await backend.execute(action);
    expect(bodies(s, 'POST /api/2.2/jobs/runs/repair')).toEqual([
      {
        run_id: 900,
        rerun_all_failed_tasks: true,
        rerun_dependent_tasks: true,
        latest_repair_id: 77,
        job_parameters: { as_of: '2026-03-01' },
      },
    ]);
    await backend.execute({ ...action, tasks: ['transform', 'transform'], rerunDependents: false });
    expect(bodies(s, 'POST /api/2.2/jobs/runs/repair')[1]).toMatchObject({
      rerun_tasks: ['transform'],
      rerun_dependent_tasks: false,
    });
  });

  it('maps the jobs 400 "does not exist" to NotFound (§7.2)', async () => {
    const { backend } = await startWorkspace();
    await expect(backend.getWorkflow('7')).rejects.toBeInstanceOf(NotFound);
  });

  it('pages jobs/list and runs/list and filters by name substring', async () => {
    const { backend } = await startWorkspace({
      'GET /api/2.2/jobs/list': (r) =>
        r.query.get('page_token') === 'n2'
          ? {
              json: {
                jobs: [
                  { job_id: 2, settings: { name: 'nightly_etl', continuous: { pause_status: 'PAUSED' } } },
                ],
                has_more: false,
              },
            }
          : {
              json: {
                jobs: [
                  {
                    job_id: 1,
                    settings: { name: 'eod_risk_models', trigger: { file_arrival: { url: 's3://x' } } },
                  },
                ],
                has_more: true,
                next_page_token: 'n2',
              },
            },
      'GET /api/2.2/jobs/runs/list': (r) =>
        r.query.get('page_token') === 'q2'
          ? {
              json: {
                runs: [{ run_id: 5, job_id: 1, start_time: 5000, state: { life_cycle_state: 'RUNNING' } }],
                has_more: false,
              },
            }
          : {
              json: {
                runs: [{ run_id: 4, job_id: 1, start_time: 4000, state: done('SUCCESS') }],
                has_more: true,
                next_page_token: 'q2',
              },
            },
    });
    const all = await backend.listWorkflows();
    expect(all.map((w) => [w.id, w.schedule, w.paused])).toEqual([
      ['1', 'file arrival', undefined],
      ['2', 'continuous', true],
    ]);
    expect((await backend.listWorkflows({ search: 'ETL' })).map((w) => w.id)).toEqual(['2']);
    const runs = await backend.listRuns('1', { limit: 10 });
    expect(runs.map((r) => [r.id, r.state])).toEqual([
      ['5', 'running'],
      ['4', 'success'],
    ]);
  });

  it('probe: authenticates with jobs/list limit=1 and shows the SCIM identity when served (§6)', async () => {
    const { backend, server: s } = await startWorkspace({
      'GET /api/2.2/jobs/list': () => ({ json: { jobs: [], has_more: false } }),
      'GET /api/2.0/preview/scim/v2/Me': () => ({ json: { userName: 'ana@example.com', id: '1' } }),
    });
    expect(await backend.probe()).toEqual({
      backend: 'databricks',
      endpoint: s.url,
      apiVersion: '2.2',
      credentialSource: 'test',
      authKind: 'pat',
      identity: 'ana@example.com',
      healthy: true,
    });
    expect(s.requests.find((r) => r.path === '/api/2.2/jobs/list')?.query.get('limit')).toBe('1');
  });

  it('probe: a workspace without SCIM still probes, without identity', async () => {
    const { backend } = await startWorkspace({
      'GET /api/2.2/jobs/list': () => ({ json: {} }),
    });
    const info = await backend.probe();
    expect(info.healthy).toBe(true);
    expect(info.identity).toBeUndefined();
  });

  it('setPaused sends the whole schedule back with the new pause_status (§2 jobs/update)', async () => {
    const { backend, server: s } = await startWorkspace({
      'POST /api/2.2/jobs/update': () => ({ json: {} }),
    });
    await backend.execute({ kind: 'setPaused', workflowId: '42', paused: true });
    expect(bodies(s, 'POST /api/2.2/jobs/update')).toEqual([
      {
        job_id: 42,
        new_settings: {
          schedule: { quartz_cron_expression: '0 0 2 * * ?', timezone_id: 'UTC', pause_status: 'PAUSED' },
        },
      },
    ]);
  });

  it('uses legacy notebook_params when the job has no job-level parameters (§2 run-now)', async () => {
    const { backend, server: s } = await startWorkspace({
      'GET /api/2.2/jobs/get': () => ({
        json: {
          job_id: 42,
          settings: {
            name: 'legacy',
            tasks: [
              { task_key: 'nb', notebook_task: { notebook_path: '/x', base_parameters: { date: 'today' } } },
            ],
          },
        },
      }),
    });
    expect(await backend.getTriggerParams('42')).toMatchObject([
      { name: 'date', default: 'today', type: 'string' },
    ]);
    const longId = 'x'.repeat(80);
    await backend.execute({
      kind: 'trigger',
      workflowId: '42',
      requestId: longId,
      params: { date: '2026-01-02' },
    });
    const [body] = bodies(s, 'POST /api/2.2/jobs/run-now');
    expect(body).toMatchObject({ job_id: 42, notebook_params: { date: '2026-01-02' } });
    expect(body?.job_parameters).toBeUndefined();
    // Tokens are at most 64 characters: a longer request id is hashed, stably.
    expect(String(body?.idempotency_token)).toMatch(/^[0-9a-f]{64}$/);
  });
});
