// DAG listing: all pages by offset (the server caps a page at 100), the rest requested
// together after the first, filters passed as the API names them.
import { afterEach, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';
import { startTestServer, type TestServer } from './support/startTestServer.js';
import { testSecret } from './support/testSecret.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const DAGS = Array.from({ length: 250 }, (_, i) => ({
  dag_id: `dag_${String(i).padStart(3, '0')}`,
  is_paused: i % 2 === 0,
  tags: [{ name: 'risk' }],
  owners: ['ops'],
  timetable_summary: '0 6 * * *',
}));

describe('listWorkflows', () => {
  it('fetches every page even when the server clamps the limit below 100', async () => {
    const server = await startTestServer((req, reply) => {
      if (req.path === '/api/v2/version') return reply.json(200, { version: '3.2.1' });
      if (req.path === '/auth/token') return reply.json(201, { access_token: 'a.e30.b' });
      if (req.path === '/api/v2/dags') {
        const limit = Math.min(Number(req.query.get('limit')), 60);
        const offset = Number(req.query.get('offset'));
        return reply.json(200, { dags: DAGS.slice(offset, offset + limit), total_entries: DAGS.length });
      }
      reply.json(404, { detail: 'Not Found' });
    });
    servers.push(server);
    const backend = createAirflowBackend({
      baseUrl: server.url,
      http: createRecordingHttpClient(),
      auth: { kind: 'password', username: 'u', password: testSecret(['p']) },
    });
    const all = await backend.listWorkflows({ search: 'dag_', tags: ['risk', 'eod'], paused: true });
    expect(all.map((w) => w.id)).toEqual(DAGS.map((d) => d.dag_id));
    expect(all[0]).toEqual({
      backend: 'airflow',
      id: 'dag_000',
      name: 'dag_000',
      tags: ['risk'],
      owners: ['ops'],
      paused: true,
      schedule: '0 6 * * *',
    });
    const pages = server.requests.filter((r) => r.path === '/api/v2/dags');
    expect(pages.map((r) => Number(r.query.get('offset')))).toEqual([0, 60, 120, 180, 240]);
    expect(pages[0]?.query.get('dag_id_pattern')).toBe('dag_');
    expect(pages[0]?.query.getAll('tags')).toEqual(['risk', 'eod']);
    expect(pages[0]?.query.get('paused')).toBe('true');
  });
});
