// listImportErrors (DAG files the scheduler failed to parse): GET /importErrors in both API versions,
// every page by offset even when the server clamps the limit, fields mapped as sent (nothing is
// sanitised here: the CLI and the UI do that where they print).
import { afterEach, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';
import { startTestServer, type TestServer } from './support/startTestServer.js';
import { testSecret } from './support/testSecret.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const ERRORS = Array.from({ length: 130 }, (_, i) => ({
  import_error_id: i + 1,
  timestamp: '2026-03-20T10:00:00.123456+00:00',
  filename: `/opt/airflow/dags/broken_${i}.py`,
  stack_trace: `Traceback (most recent call last):\n  File "x", line 1, in <module>\nImportError: \u001b]0;pwned\u0007 ${i}\n`,
}));

describe.each(['v1', 'v2'] as const)('listImportErrors on API %s', (apiVersion) => {
  it('fetches every page when the server clamps the limit, and maps the fields as sent', async () => {
    const server = await startTestServer((req, reply) => {
      if (req.path === `/api/${apiVersion}/version`) {
        return reply.json(200, { version: apiVersion === 'v2' ? '3.2.1' : '2.10.5' });
      }
      if (req.path === '/auth/token') return reply.json(201, { access_token: 'a.e30.b' });
      if (req.path === `/api/${apiVersion}/importErrors`) {
        const limit = Math.min(Number(req.query.get('limit')), 50);
        const offset = Number(req.query.get('offset'));
        const page = ERRORS.slice(offset, offset + limit).map((e) =>
          apiVersion === 'v2'
            ? { ...e, filename: e.filename.replace('/opt/airflow/dags/', ''), bundle_name: 'dags-folder' }
            : e,
        );
        return reply.json(200, { import_errors: page, total_entries: ERRORS.length });
      }
      reply.json(404, { detail: 'Not Found' });
    });
    servers.push(server);
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'password', username: 'u', password: testSecret(['p']) },
    });
    const errors = await backend.listImportErrors();
    expect(errors.map((e) => e.id)).toEqual(ERRORS.map((e) => e.import_error_id));
    expect(errors[7]).toEqual({
      id: 8,
      filename: apiVersion === 'v2' ? 'broken_7.py' : '/opt/airflow/dags/broken_7.py',
      timestamp: '2026-03-20T10:00:00.123456+00:00',
      stackTrace: ERRORS[7]?.stack_trace,
    });
    const pages = server.requests.filter((r) => r.path === `/api/${apiVersion}/importErrors`);
    expect(pages.map((r) => Number(r.query.get('offset')))).toEqual([0, 50, 100]);
  });
});

it('a missing stack trace or timestamp (v1 leaves them optional) still lists the file', async () => {
  const server = await startTestServer((req, reply) => {
    if (req.path === '/api/v1/version') return reply.json(200, { version: '2.10.5' });
    if (req.path === '/api/v1/importErrors') {
      return reply.json(200, {
        import_errors: [{ import_error_id: 3, filename: '/dags/a.py', stack_trace: null }],
        total_entries: 1,
      });
    }
    reply.json(404, { title: 'Not Found' });
  });
  servers.push(server);
  const backend = createAirflowBackend({
    baseUrl: server.url,
    http: createRecordingHttpClient(),
    auth: { kind: 'password', username: 'u', password: testSecret(['p']) },
  });
  expect(await backend.listImportErrors()).toEqual([{ id: 3, filename: '/dags/a.py', stackTrace: '' }]);
});
