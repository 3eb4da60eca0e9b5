// Refusals carry the server's own words: v2 validation is a 422
// with {detail:[{loc,msg}]}, v1 a 400 problem+json; a 409 on trigger is "already triggered" only
// when our run id exists.
import { afterEach, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import { Conflict, InvalidRequest, NotFound, Refused } from '../../source/core/errors.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';
import { startTestServer, type TestServer } from './support/startTestServer.js';
import { testSecret } from './support/testSecret.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const RUN_ID = 'manual__2026-03-20T10:00:00+00:00';

async function backendFor(version: 'v1' | 'v2', handler: Parameters<typeof startTestServer>[0]) {
  const server = await startTestServer((req, reply) => {
    if (req.path === `/api/${version}/version`)
      return reply.json(200, { version: version === 'v2' ? '3.2.1' : '2.10.5' });
    if (req.path === '/auth/token') return reply.json(201, { access_token: 'a.e30.b' });
    return handler(req, reply);
  });
  servers.push(server);
  const backend = createAirflowBackend({
    baseUrl: server.url,
    http: createRecordingHttpClient(),
    auth:
      version === 'v2'
        ? { kind: 'password', username: 'u', password: testSecret(['p']) }
        : { kind: 'token', token: testSecret(['t']) },
  });
  return { server, backend };
}

const trigger = {
  kind: 'trigger' as const,
  workflowId: 'd',
  requestId: 'dagdeck__abc',
  params: { n: 1 },
  logicalDate: '2026-03-20T10:00:00',
};

describe('error mapping', () => {
  it('v2 422 surfaces the validation message with its field (§1.5, §1.11)', async () => {
    const { backend } = await backendFor('v2', (_req, reply) =>
      reply.json(422, {
        detail: [
          {
            type: 'timezone_aware',
            loc: ['body', 'logical_date'],
            msg: 'Input should have timezone info',
            input: 'x',
          },
        ],
      }),
    );
    const error = await backend.execute(trigger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequest);
    expect((error as Error).message).toBe(
      'Triggering d failed: Airflow says "logical_date: Input should have timezone info"; correct the values and try again',
    );
  });

  it('v1 400 problem+json surfaces its detail', async () => {
    const { backend } = await backendFor('v1', (req, reply) =>
      reply.json(req.method === 'POST' ? 400 : 404, {
        type: 'https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/BadRequest',
        title: 'Bad Request',
        status: 400,
        detail: "Invalid input for param n: 'x' is not of type 'integer'",
      }),
    );
    const error = await backend.execute(trigger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequest);
    expect((error as Error).message).toContain(
      `Airflow says "Invalid input for param n: 'x' is not of type 'integer'"`,
    );
  });

  it("a ParamValidationError keeps the first line of jsonschema's report, on both versions (§5.4)", async () => {
    const said = "Invalid input for param mode: 'slow' is not one of ['fast', 'full']";
    const report = (values: string[]) =>
      `${said}\n\nFailed validating 'enum' in schema:\n    {'enum': [${values.join(', ')}]}\n\nOn instance:\n    'slow'`;
    const expected = `Triggering d failed: Airflow says "${said}"; correct the values and try again`;
    const v2 = await backendFor('v2', (_req, reply) =>
      reply.json(400, { detail: report(["'fast'", "'full'"]) }),
    );
    const short = await v2.backend.execute(trigger).catch((e: unknown) => e);
    expect(short).toBeInstanceOf(InvalidRequest);
    expect((short as Error).message).toBe(expected);
    // A long schema dump: the body excerpt is cut mid-string and is no longer JSON.
    const many = Array.from({ length: 60 }, (_, i) => `'mode_${i}'`);
    const v1 = await backendFor('v1', (req, reply) =>
      reply.json(req.method === 'POST' ? 400 : 404, {
        detail: report(many),
        status: 400,
        title: 'Bad Request',
        type: 'https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/BadRequest',
      }),
    );
    const long = await v1.backend.execute(trigger).catch((e: unknown) => e);
    expect(long).toBeInstanceOf(InvalidRequest);
    expect((long as InvalidRequest).bodyExcerpt?.endsWith('…')).toBe(true);
    expect((long as Error).message).toBe(expected);
  });

  it('a 409 for our own run id is the write already done: read back, no second run, no error', async () => {
    const { backend, server } = await backendFor('v2', (req, reply) => {
      if (req.method === 'POST') return reply.json(409, { detail: 'DAG Run already exists' });
      if (req.path === `/api/v2/dags/d/dagRuns/${trigger.requestId}`) {
        return reply.json(200, {
          dag_run_id: trigger.requestId,
          dag_id: 'd',
          state: 'queued',
          run_after: '2026-01-01T00:00:00Z',
        });
      }
      reply.json(404, { detail: 'Not Found' });
    });
    const result = await backend.execute({ ...trigger, logicalDate: null });
    expect(result).toMatchObject({ runId: 'dagdeck__abc', alreadyDone: true });
    expect(result.summary).toBe(
      'd already has run dagdeck__abc (queued) from an earlier send of this request: no second run was made',
    );
    const post = server.requests.find((r) => r.method === 'POST' && r.path === '/api/v2/dags/d/dagRuns');
    // logical_date is sent explicitly as null (v2 requires the key) and the run id is ours.
    expect(post?.body).toEqual({ dag_run_id: 'dagdeck__abc', logical_date: null, conf: { n: 1 } });
  });

  it('a 409 for another reason keeps the server message', async () => {
    const { backend } = await backendFor('v2', (req, reply) => {
      if (req.method === 'POST') return reply.json(409, { detail: 'A run with this logical date exists' });
      reply.json(404, { detail: 'DagRun not found' });
    });
    const error = await backend.execute(trigger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Conflict);
    expect((error as Error).message).toContain('A run with this logical date exists');
    expect((error as Error).message).toContain('pick another one or none');
  });

  it('percent-encodes run ids in paths (§1.17) and maps 404 to NotFound with what to do', async () => {
    const { backend, server } = await backendFor('v1', (_req, reply) =>
      reply.json(404, { title: 'DAGRun not found', detail: 'DAGRun not found' }),
    );
    const error = await backend.getRun('d', RUN_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFound);
    expect((error as Error).message).toContain('may have been deleted');
    expect(server.requests.at(-1)?.path).toBe(
      '/api/v1/dags/d/dagRuns/manual__2026-03-20T10%3A00%3A00%2B00%3A00',
    );
  });

  it('refuses cancel and repair with the Airflow way to do it', async () => {
    const { backend } = await backendFor('v2', (_req, reply) => reply.json(404, {}));
    const cancel = await backend
      .preview({ kind: 'cancelRun', workflowId: 'd', runId: 'r' })
      .catch((e: unknown) => e);
    expect(cancel).toBeInstanceOf(Refused);
    expect((cancel as Error).message).toContain('mark run r failed instead');
    expect(backend.capabilities.actions.has('cancelRun')).toBe(false);
    expect(backend.capabilities.actions.has('repairRun')).toBe(false);
  });
});
