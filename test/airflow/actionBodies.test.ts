// What the writes send (clear and mark state, whose defaults differ between API v1 and v2): the
// flags whose defaults bite are always explicit, dry runs come first, and map indexes take the right path.
import { afterEach, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Action } from '../../source/core/actions.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';
import { startTestServer, type TestServer } from './support/startTestServer.js';
import { testSecret } from './support/testSecret.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const RUN = 'scheduled__2026-03-20T00:00:00+00:00';
const RUN_PATH = 'scheduled__2026-03-20T00%3A00%3A00%2B00%3A00';

const ti = (taskId: string, mapIndex: number, state: string) => ({
  task_id: taskId,
  dag_id: 'd',
  dag_run_id: RUN,
  map_index: mapIndex,
  state,
  try_number: 1,
});

async function start(version: 'v1' | 'v2') {
  const server = await startTestServer((req, reply) => {
    if (req.path === `/api/${version}/version`)
      return reply.json(200, { version: version === 'v2' ? '3.2.1' : '2.10.5' });
    if (req.path === '/auth/token') return reply.json(201, { access_token: 'a.e30.b' });
    if (
      req.path.endsWith('/clearTaskInstances') ||
      req.path.endsWith('/updateTaskInstancesState') ||
      req.path.endsWith('/dry_run')
    ) {
      return reply.json(200, {
        task_instances:
          version === 'v2'
            ? [ti('t', 3, 'failed'), ti('after', -1, 'upstream_failed')]
            : [{ task_id: 't' }, { task_id: 'after' }],
        total_entries: 2,
      });
    }
    if (req.method === 'PATCH' && req.path.includes('/taskInstances/')) {
      return version === 'v2'
        ? reply.json(200, { task_instances: [ti('t', 3, 'success')], total_entries: 1 })
        : // Real 2.10.5 answers an applied PATCH with `{}` (seen by test/real), the dry run with the reference.
          reply.json(
            200,
            (req.body as { dry_run?: boolean }).dry_run === false
              ? {}
              : { task_id: 't', dag_id: 'd', dag_run_id: RUN },
          );
    }
    reply.json(404, { detail: 'Not Found' });
  });
  servers.push(server);
  const backend = createAirflowBackend({
    baseUrl: server.url,
    http: createRecordingHttpClient(),
    auth: { kind: 'password', username: 'u', password: testSecret(['p']) },
  });
  return { server, backend };
}

const clear: Action = {
  kind: 'clearTasks',
  workflowId: 'd',
  runId: RUN,
  tasks: [{ taskId: 't', mapIndex: 3 }, { taskId: 'u' }],
  onlyFailed: false,
  includeDownstream: true,
  includeUpstream: false,
  resetRun: true,
};

const mark: Action = {
  kind: 'markTaskState',
  workflowId: 'd',
  runId: RUN,
  task: { taskId: 't', mapIndex: 3 },
  state: 'success',
  includeDownstream: false,
  includeUpstream: false,
};

describe('clearTasks', () => {
  it('v2: dry run then real, every flag explicit, [task_id, map_index] for one index (§5.7)', async () => {
    const { backend, server } = await start('v2');
    const preview = await backend.preview(clear);
    expect(preview).toMatchObject({
      serverDryRun: true,
      affected: ['t[3] (failed)', 'after (upstream_failed)'],
    });
    await backend.execute(clear);
    const bodies = server.requests
      .filter((r) => r.path === '/api/v2/dags/d/clearTaskInstances')
      .map((r) => r.body);
    const expected = {
      dag_run_id: RUN,
      task_ids: [['t', 3], 'u'],
      only_failed: false,
      include_upstream: false,
      include_downstream: true,
      include_future: false,
      include_past: false,
      reset_dag_runs: true,
    };
    expect(bodies).toEqual([
      { dry_run: true, ...expected },
      { dry_run: false, ...expected },
    ]);
  });

  it('v1: task_ids are strings and reset_dag_runs is sent although its default is false (§1.4, §1.8)', async () => {
    const { backend, server } = await start('v1');
    const preview = await backend.preview(clear);
    expect(preview.summary).toContain('every map index');
    await backend.execute(clear);
    const bodies = server.requests
      .filter((r) => r.path === '/api/v1/dags/d/clearTaskInstances')
      .map((r) => r.body);
    expect(bodies).toMatchObject([
      {
        dry_run: true,
        task_ids: ['t', 'u'],
        only_failed: false,
        include_downstream: true,
        reset_dag_runs: true,
      },
      {
        dry_run: false,
        task_ids: ['t', 'u'],
        only_failed: false,
        include_downstream: true,
        reset_dag_runs: true,
      },
    ]);
  });
});

describe('markTaskState', () => {
  it('v2: /dry_run twin for the preview, then PATCH on the map index path (§1.7, §1.8)', async () => {
    const { backend, server } = await start('v2');
    await backend.preview(mark);
    const result = await backend.execute(mark);
    expect(result.affected).toEqual(['t[3] (success)']);
    const patches = server.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.path)).toEqual([
      `/api/v2/dags/d/dagRuns/${RUN_PATH}/taskInstances/t/3/dry_run`,
      `/api/v2/dags/d/dagRuns/${RUN_PATH}/taskInstances/t/3`,
    ]);
    expect(patches[1]?.body).toEqual({
      new_state: 'success',
      include_upstream: false,
      include_downstream: false,
      include_future: false,
      include_past: false,
    });
  });

  it('v1: PATCH with dry_run true then false; relatives go through updateTaskInstancesState (§5.8)', async () => {
    const { backend, server } = await start('v1');
    expect((await backend.preview(mark)).affected).toEqual(['t']);
    // The applied PATCH answers `{}` on a real 2.10: the result still names the TI.
    expect((await backend.execute(mark)).affected).toEqual(['t']);
    const patches = server.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => [r.path, r.body])).toEqual([
      [`/api/v1/dags/d/dagRuns/${RUN_PATH}/taskInstances/t/3`, { dry_run: true, new_state: 'success' }],
      [`/api/v1/dags/d/dagRuns/${RUN_PATH}/taskInstances/t/3`, { dry_run: false, new_state: 'success' }],
    ]);
    const preview = await backend.preview({ ...mark, state: 'failed', includeDownstream: true });
    expect(preview.affected).toEqual(['t', 'after']);
    expect(server.requests.at(-1)).toMatchObject({
      path: '/api/v1/dags/d/updateTaskInstancesState',
      body: {
        dry_run: true,
        task_id: 't',
        dag_run_id: RUN,
        include_upstream: false,
        include_downstream: true,
        include_future: false,
        include_past: false,
        new_state: 'failed',
      },
    });
  });
});
