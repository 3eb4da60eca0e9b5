// Task logs (reference airflow-api.md §5.9): v2 structured messages flattened to lines, v1 text
// split into its default-format parts; both fetched whole, `complete` from the TI state.
import { afterEach, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import { flattenStructuredLog } from '../../source/airflow/flattenStructuredLog.js';
import { parseTextLog } from '../../source/airflow/parseTextLog.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';
import { startTestServer, type TestServer } from './support/startTestServer.js';
import { testSecret } from './support/testSecret.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('flattenStructuredLog (§5.9 structured line)', () => {
  it('maps event, level, timestamp and logger, renders group markers and error_detail', () => {
    const lines = flattenStructuredLog([
      { event: '::group::Log message source details', sources: ['/logs/attempt=1.log'] },
      { event: '::endgroup::' },
      { timestamp: '2024-11-07T12:34:56.078901Z', level: 'info', event: 'Starting', logger: 'task.stdout' },
      {
        timestamp: '2025-04-01T17:20:08Z',
        level: 'warning',
        event: 'two\nlines',
        chan: 'stderr',
        attempt: 2,
      },
      {
        timestamp: '2025-04-01T17:20:09Z',
        level: 'error',
        event: 'Task failed with exception',
        logger: 'task',
        error_detail: [
          {
            exc_type: 'ValueError',
            exc_value: 'boom',
            frames: [{ filename: '/dags/x.py', lineno: 12, name: 'run' }],
          },
        ],
        ti_id: 'hidden',
      },
      'a legacy plain line',
    ]);
    expect(lines).toEqual([
      { text: 'Log message source details' },
      { text: '  /logs/attempt=1.log' },
      { text: 'Starting', timestamp: '2024-11-07T12:34:56.078901Z', level: 'info', source: 'task.stdout' },
      { text: 'two', timestamp: '2025-04-01T17:20:08Z', level: 'warning', source: 'stderr' },
      { text: 'lines attempt=2', timestamp: '2025-04-01T17:20:08Z', level: 'warning', source: 'stderr' },
      {
        text: 'Task failed with exception',
        timestamp: '2025-04-01T17:20:09Z',
        level: 'error',
        source: 'task',
      },
      {
        text: 'Traceback (most recent call last):',
        timestamp: '2025-04-01T17:20:09Z',
        level: 'error',
        source: 'task',
      },
      {
        text: '  File "/dags/x.py", line 12, in run',
        timestamp: '2025-04-01T17:20:09Z',
        level: 'error',
        source: 'task',
      },
      { text: 'ValueError: boom', timestamp: '2025-04-01T17:20:09Z', level: 'error', source: 'task' },
      { text: 'a legacy plain line' },
    ]);
  });

  it('keeps a pre-rendered error_detail string', () => {
    const lines = flattenStructuredLog([
      { event: 'failed', level: 'ERROR', error_detail: 'Traceback\n  boom' },
    ]);
    expect(lines.map((l) => l.text)).toEqual(['failed', 'Traceback', '  boom']);
    expect(lines[0]?.level).toBe('error');
  });
});

describe('parseTextLog (§5.9 v1 text/plain)', () => {
  it('splits the default Airflow 2 format and keeps other lines verbatim', () => {
    const lines = parseTextLog(
      'worker-1\n*** Found local files:\n[2026-03-20T10:00:01.123+0000] {taskinstance.py:1234} INFO - Starting attempt 1\nTraceback (most recent call last):\n[2026-03-20T10:00:02.000+0000] {risk.py:9} ERROR - boom\n',
    );
    expect(lines).toEqual([
      { text: 'worker-1' },
      { text: '*** Found local files:' },
      {
        text: 'Starting attempt 1',
        timestamp: '2026-03-20T10:00:01.123+0000',
        source: 'taskinstance.py:1234',
        level: 'info',
      },
      { text: 'Traceback (most recent call last):' },
      { text: 'boom', timestamp: '2026-03-20T10:00:02.000+0000', source: 'risk.py:9', level: 'error' },
    ]);
  });
});

describe('readLog through the API', () => {
  const ti = (state: string) => ({
    task_id: 'grp.t',
    dag_id: 'd',
    dag_run_id: 'r:1',
    map_index: 2,
    state,
    try_number: 2,
  });

  it('v2: asks for JSON with full_content and the map index, and flattens it', async () => {
    const server = await startTestServer((req, reply) => {
      if (req.path === '/api/v2/version') return reply.json(200, { version: '3.2.1' });
      if (req.path === '/auth/token') return reply.json(201, { access_token: 'a.e30.b' });
      if (req.path === '/api/v2/dags/d/dagRuns/r%3A1/taskInstances/grp.t/2')
        return reply.json(200, ti('running'));
      if (req.path === '/api/v2/dags/d/dagRuns/r%3A1/taskInstances/grp.t/logs/2') {
        if (req.headers.accept !== 'application/json') return reply.json(406, { detail: 'Not acceptable' });
        return reply.json(200, {
          content: [{ event: 'hello', level: 'info', timestamp: '2026-01-01T00:00:00Z', logger: 'task' }],
          continuation_token: 'tok',
        });
      }
      reply.json(404, { detail: 'Not Found' });
    });
    servers.push(server);
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'password', username: 'u', password: testSecret(['p']) },
    });
    const chunk = await backend.readLog({
      backend: 'airflow',
      workflowId: 'd',
      runId: 'r:1',
      taskId: 'grp.t',
      mapIndex: 2,
    });
    expect(chunk).toEqual({
      lines: [{ text: 'hello', level: 'info', timestamp: '2026-01-01T00:00:00Z', source: 'task' }],
      complete: false,
    });
    const logRequest = server.requests.find((r) => r.path.includes('/logs/'));
    expect(logRequest?.query.get('full_content')).toBe('true');
    expect(logRequest?.query.get('map_index')).toBe('2');
    // No continuation token: the whole log is re-fetched (§1.9).
    expect(logRequest?.query.get('token')).toBeNull();
  });

  it('v1: asks for text/plain and marks an earlier try complete while a later one runs', async () => {
    const server = await startTestServer((req, reply) => {
      if (req.path === '/api/v1/version') return reply.json(200, { version: '2.10.5' });
      if (req.path === '/api/v1/dags/d/dagRuns/r%3A1/taskInstances/grp.t/2')
        return reply.json(200, ti('up_for_retry'));
      if (req.path === '/api/v1/dags/d/dagRuns/r%3A1/taskInstances/grp.t/logs/1') {
        if (req.headers.accept !== 'text/plain') return reply.json(200, { content: "[('h', 'x')]" });
        return reply.text(200, 'host-a\n[2026-03-20T10:00:01.000+0000] {x.py:1} WARNING - careful\n');
      }
      reply.json(404, { title: 'Not Found' });
    });
    servers.push(server);
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'password', username: 'u', password: testSecret(['p']) },
    });
    const chunk = await backend.readLog({
      backend: 'airflow',
      workflowId: 'd',
      runId: 'r:1',
      taskId: 'grp.t',
      mapIndex: 2,
      tryNumber: 1,
    });
    expect(chunk.complete).toBe(true);
    expect(chunk.lines).toEqual([
      { text: 'host-a' },
      { text: 'careful', timestamp: '2026-03-20T10:00:01.000+0000', source: 'x.py:1', level: 'warning' },
    ]);
  });
});
