// followLog against scripted servers, one per release behaviour of the log endpoint: Airflow 3.3.1+
// resumes with the continuation token; 3.2.1 and 3.2.2-3.3.0 are re-read whole and diffed by
// position (no token is ever sent); Airflow 2 resumes with its token, holds a half-written line
// back, and falls back to a text/plain re-read when a token is refused. Each checks every line
// comes once, in order.
import { afterEach, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend } from '../../source/core/backend.js';
import { NotFound } from '../../source/core/errors.js';
import type { LogRef } from '../../source/core/model.js';
import { collectLog } from '../support/collectLog.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';
import { type Reply, startTestServer, type TestRequest, type TestServer } from './support/startTestServer.js';
import { testSecret } from './support/testSecret.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const REF: LogRef = { backend: 'airflow', workflowId: 'd', runId: 'r:1', taskId: 'grp.t' };
const TI_PATH = (api: string) => `/api/${api}/dags/d/dagRuns/r%3A1/taskInstances/grp.t`;

const HEADER = [
  { event: '::group::Log message source details', sources: ['/logs/attempt=1.log'] },
  { event: '::endgroup::' },
];
const message = (n: number) => ({
  timestamp: `2026-01-01T00:00:0${n}Z`,
  level: 'info',
  event: `line ${n}`,
  logger: 'task.stdout',
});

interface Script {
  version: string;
  /** The TI as read by each pass, in order; the last repeats. */
  tis: { state: string; try_number: number }[];
  logs(request: TestRequest, reply: Reply, tiReads: number): void;
}

async function serve(script: Script): Promise<{ backend: Backend; server: TestServer }> {
  const api = script.version.startsWith('3') ? 'v2' : 'v1';
  let tiReads = 0;
  const server = await startTestServer((req, reply) => {
    if (req.path === `/api/${api}/version`) return reply.json(200, { version: script.version });
    if (req.path === '/auth/token') return reply.json(201, { access_token: 'a.e30.b' });
    const rest = req.path.startsWith(TI_PATH(api)) ? req.path.slice(TI_PATH(api).length) : undefined;
    if (rest === '' || (rest !== undefined && /^\/\d+$/.test(rest))) {
      const ti = script.tis[Math.min(tiReads, script.tis.length - 1)];
      tiReads += 1;
      return reply.json(200, { task_id: 'grp.t', dag_id: 'd', dag_run_id: 'r:1', map_index: -1, ...ti });
    }
    if (req.path.startsWith(`${TI_PATH(api)}/logs/`)) return script.logs(req, reply, tiReads);
    reply.json(404, { detail: 'Not Found' });
  });
  servers.push(server);
  const backend = createAirflowBackend({
    baseUrl: server.url,
    http: createRecordingHttpClient(),
    auth: { kind: 'password', username: 'u', password: testSecret(['p']) },
  });
  return { backend, server };
}

const texts = (lines: { text: string }[]) => lines.map((line) => line.text);
const logRequests = (server: TestServer) => server.requests.filter((r) => r.path.includes('/logs/'));

describe('followLog on Airflow 3 (API v2)', () => {
  it('3.3.1 and later: one whole read, then only what is new through the continuation token', async () => {
    const { backend, server } = await serve({
      version: '3.3.2',
      tis: [
        { state: 'running', try_number: 1 },
        { state: 'running', try_number: 1 },
        { state: 'success', try_number: 1 },
      ],
      logs(req, reply) {
        const token = req.query.get('token');
        if (!token)
          return reply.json(200, { content: [...HEADER, message(1), message(2)], continuation_token: 'T1' });
        if (token === 'T1') return reply.json(200, { content: [message(3)], continuation_token: 'T2' });
        if (token === 'T2') return reply.json(200, { content: [message(4)], continuation_token: null });
        reply.json(400, { detail: 'Bad Signature. Please use only the tokens provided by the API.' });
      },
    });
    const log = await collectLog(backend.followLog(REF, { pollMs: 1 }));
    expect(texts(log.lines)).toEqual([
      'Log message source details',
      '  /logs/attempt=1.log',
      'line 1',
      'line 2',
      'line 3',
      'line 4',
    ]);
    expect(log).toMatchObject({ done: true, state: 'success' });
    expect(logRequests(server).map((r) => [r.query.get('token'), r.query.get('full_content')])).toEqual([
      [null, 'true'],
      ['T1', null],
      ['T2', null],
    ]);
    expect(logRequests(server).every((r) => r.headers.accept === 'application/json')).toBe(true);
    expect(log.lines[2]).toEqual({
      text: 'line 1',
      timestamp: '2026-01-01T00:00:01Z',
      level: 'info',
      source: 'task.stdout',
    });
  });

  for (const version of ['3.2.1', '3.2.2', '3.3.0']) {
    it(`${version}: never resumes with a token; re-reads the whole log and delivers what is past its place`, async () => {
      const whole = [message(1), message(2), message(3), message(4)];
      const { backend, server } = await serve({
        version,
        tis: [
          { state: 'running', try_number: 1 },
          { state: 'running', try_number: 1 },
          { state: 'success', try_number: 1 },
        ],
        logs(req, reply, tiReads) {
          if (req.query.get('token')) return reply.text(500, 'Internal Server Error');
          // The log grows by one message per pass.
          reply.json(200, { content: [...HEADER, ...whole.slice(0, tiReads + 1)], continuation_token: 'T' });
        },
      });
      const log = await collectLog(backend.followLog(REF, { pollMs: 1 }));
      expect(texts(log.lines).filter((text) => text.startsWith('line'))).toEqual([
        'line 1',
        'line 2',
        'line 3',
        'line 4',
      ]);
      expect(texts(log.lines).filter((text) => text === 'Log message source details')).toHaveLength(1);
      expect(logRequests(server).every((r) => r.query.get('token') === null)).toBe(true);
      expect(log.cursor).toMatchObject({ tryNumber: 1, position: 4, closed: true });
    });
  }

  it('3.3.1 and later: a refused token (HTTP 500) falls back to whole reads for the rest of the follow', async () => {
    const whole = [message(1), message(2), message(3)];
    const { backend, server } = await serve({
      version: '3.3.1',
      tis: [
        { state: 'running', try_number: 1 },
        { state: 'running', try_number: 1 },
        { state: 'success', try_number: 1 },
      ],
      logs(req, reply, tiReads) {
        if (req.query.get('token')) return reply.text(500, 'Internal Server Error');
        reply.json(200, { content: [...HEADER, ...whole.slice(0, tiReads)], continuation_token: 'T' });
      },
    });
    const log = await collectLog(backend.followLog(REF, { pollMs: 1 }));
    expect(texts(log.lines).filter((text) => text.startsWith('line'))).toEqual([
      'line 1',
      'line 2',
      'line 3',
    ]);
    // One token read was refused (retried once by the HTTP client); none after it.
    const tokens = logRequests(server).map((r) => r.query.get('token'));
    expect(tokens.filter((token) => token !== null).length).toBeGreaterThan(0);
    expect(tokens.slice(tokens.lastIndexOf('T') + 1).every((token) => token === null)).toBe(true);
  });

  it('moves on to the next try when the task is retried, and ends with the task', async () => {
    const { backend } = await serve({
      version: '3.3.2',
      tis: [
        { state: 'running', try_number: 1 },
        { state: 'up_for_retry', try_number: 1 },
        { state: 'up_for_retry', try_number: 1 },
        { state: 'running', try_number: 2 },
        { state: 'success', try_number: 2 },
      ],
      logs(req, reply) {
        const tryNumber = Number(req.path.split('/').pop());
        reply.json(200, {
          content: [
            { event: `try ${tryNumber} says hello`, level: 'info', timestamp: '2026-01-01T00:00:00Z' },
          ],
          continuation_token: null,
        });
      },
    });
    const tries: number[] = [];
    const log = await collectLog(backend.followLog(REF, { pollMs: 1 }), (batch) => {
      if (batch.lines.length > 0) tries.push(batch.cursor.tryNumber);
    });
    expect(texts(log.lines)).toEqual(['try 1 says hello', 'try 2 says hello']);
    expect(tries).toEqual([1, 2]);
    expect(log).toMatchObject({ done: true, state: 'success', cursor: { tryNumber: 2 } });
  });

  it('a connection dropped in the middle of a streamed answer: the lines before the cut count, none comes twice', async () => {
    const whole = JSON.stringify({
      content: [...HEADER, message(1), message(2), message(3)],
      continuation_token: null,
    });
    let reads = 0;
    const { backend } = await serve({
      version: '3.2.1',
      tis: [{ state: 'success', try_number: 1 }],
      logs(_req, reply) {
        reads += 1;
        // The first answer stops in the middle of the third message.
        if (reads === 1)
          return reply.bytes(
            200,
            Buffer.from(whole.slice(0, whole.indexOf('line 3'))),
            'application/json',
            false,
          );
        reply.json(200, JSON.parse(whole));
      },
    });
    const log = await collectLog(backend.followLog(REF, { pollMs: 1 }));
    expect(texts(log.lines).filter((text) => text.startsWith('line'))).toEqual([
      'line 1',
      'line 2',
      'line 3',
    ]);
    expect(log.retries).toBe(1);
    expect(log.done).toBe(true);
  });

  it('waits while a queued try has no log the server can find yet (404), then follows it', async () => {
    const { backend } = await serve({
      version: '3.3.2',
      tis: [
        { state: 'queued', try_number: 1 },
        { state: 'running', try_number: 1 },
        { state: 'success', try_number: 1 },
      ],
      logs(_req, reply, tiReads) {
        if (tiReads < 2) return reply.json(404, { detail: 'TaskInstance not found' });
        reply.json(200, { content: [...HEADER, message(1)], continuation_token: null });
      },
    });
    const log = await collectLog(backend.followLog(REF, { pollMs: 1 }));
    expect(texts(log.lines).at(-1)).toBe('line 1');
    expect(log).toMatchObject({ done: true, state: 'success' });
  });

  it('a try that does not exist is NotFound, with the tries there are', async () => {
    const { backend } = await serve({
      version: '3.3.2',
      tis: [{ state: 'failed', try_number: 2 }],
      logs: (_req, reply) => reply.json(404, { detail: 'TaskInstance not found' }),
    });
    await expect(collectLog(backend.followLog({ ...REF, tryNumber: 5 }, { follow: false }))).rejects.toThrow(
      NotFound,
    );
    await expect(collectLog(backend.followLog({ ...REF, tryNumber: 5 }, { follow: false }))).rejects.toThrow(
      /pick a try from 1 to 2/,
    );
  });

  it('without follow: reads what is there and ends, not done while the try runs', async () => {
    const { backend } = await serve({
      version: '3.2.1',
      tis: [{ state: 'running', try_number: 1 }],
      logs: (_req, reply) => reply.json(200, { content: [...HEADER, message(1)], continuation_token: 'T' }),
    });
    const log = await collectLog(backend.followLog(REF, { follow: false }));
    expect(texts(log.lines).at(-1)).toBe('line 1');
    expect(log).toMatchObject({ done: false, state: 'running' });
  });

  it('findFailureReason: the exception a failed try ends with, the log read only that far', async () => {
    const { backend } = await serve({
      version: '3.3.2',
      tis: [{ state: 'failed', try_number: 1 }],
      logs: (_req, reply) =>
        reply.json(200, {
          content: [
            ...HEADER,
            message(1),
            {
              event: 'Task failed with exception',
              level: 'error',
              error_detail: [
                { exc_type: 'ValueError', exc_value: 'boom', frames: [{ filename: 'x.py', lineno: 3 }] },
              ],
            },
            { event: 'later error', level: 'error' },
          ],
          continuation_token: null,
        }),
    });
    expect(
      await backend.findFailureReason({ backend: 'airflow', workflowId: 'd', runId: 'r:1', taskId: 'grp.t' }),
    ).toEqual({ text: 'ValueError: boom', source: 'log', taskId: 'grp.t' });
  });
});

describe('followLog on Airflow 2 (API v1)', () => {
  const json = (text: string, token: string | null) => ({
    content: `[('worker-1', '${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}')]`,
    continuation_token: token,
  });

  it('resumes with the token, holds a half-written line back until it is whole', async () => {
    const { backend, server } = await serve({
      version: '2.10.5',
      tis: [
        { state: 'running', try_number: 1 },
        { state: 'running', try_number: 1 },
        { state: 'failed', try_number: 1 },
      ],
      logs(req, reply) {
        const token = req.query.get('token');
        if (req.headers.accept !== 'application/json') return reply.text(406, 'json only in this test');
        if (!token)
          return reply.json(
            200,
            json(
              '*** Found local files:\n***   * /p\n[2026-01-01T00:00:01.000+0000] {x.py:1} INFO - one\ntwo-par',
              'A',
            ),
          );
        if (token === 'A') return reply.json(200, json("tial it's\nthree\n", 'B'));
        if (token === 'B') return reply.json(200, json('four, unfinished', 'C'));
        reply.json(400, { title: 'Bad Signature' });
      },
    });
    const log = await collectLog(backend.followLog(REF, { pollMs: 1 }));
    expect(texts(log.lines)).toEqual([
      '*** Found local files:',
      '***   * /p',
      'one',
      "two-partial it's",
      'three',
      'four, unfinished',
    ]);
    expect(log.lines[2]).toMatchObject({ level: 'info', source: 'x.py:1' });
    expect(log).toMatchObject({ done: true, state: 'failed', cursor: { position: 4, closed: true } });
    expect(logRequests(server).map((r) => r.query.get('token'))).toEqual([null, 'A', 'B']);
  });

  it('a refused token: the log is read again as text/plain, diffed by position', async () => {
    const body = ['[2026-01-01T00:00:01.000+0000] {x.py:1} INFO - one', 'two', 'three'];
    const { backend, server } = await serve({
      version: '2.10.5',
      tis: [
        { state: 'running', try_number: 1 },
        { state: 'running', try_number: 1 },
        { state: 'success', try_number: 1 },
      ],
      logs(req, reply, tiReads) {
        if (req.query.get('token')) return reply.json(400, { title: 'Bad Signature', status: 400 });
        if (req.headers.accept === 'text/plain')
          return reply.text(200, `worker-1\n*** Found local files:\n${body.slice(0, tiReads).join('\n')}\n`);
        reply.json(200, json(`*** Found local files:\n${body[0]}\n`, 'A'));
      },
    });
    const log = await collectLog(backend.followLog(REF, { pollMs: 1 }));
    expect(texts(log.lines)).toEqual(['*** Found local files:', 'one', 'two', 'three']);
    expect(logRequests(server).map((r) => r.headers.accept)).toEqual([
      'application/json',
      'application/json',
      'text/plain',
      'text/plain',
    ]);
  });

  it('a finished try is one streamed text/plain read: invalid UTF-8 decoded, a 10 MB line kept whole', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const { backend } = await serve({
      version: '2.10.5',
      tis: [{ state: 'success', try_number: 1 }],
      logs(_req, reply) {
        reply.bytes(
          200,
          Buffer.concat([
            Buffer.from('worker-1\n*** Found local files:\nbefore \x1b]0;title\x07 caf'),
            Buffer.from([0xe9, 0xff, 0x0a]),
            Buffer.from(`${huge}\nlast line without newline`),
          ]),
          'text/plain',
        );
      },
    });
    const log = await collectLog(backend.followLog(REF, { follow: false }));
    expect(texts(log.lines).map((text) => text.slice(0, 40))).toEqual([
      '*** Found local files:',
      'before \x1b]0;title\x07 caf\ufffd\ufffd',
      huge.slice(0, 40),
      'last line without newline',
    ]);
    expect(log.lines[2]?.text).toHaveLength(huge.length);
    expect(log.done).toBe(true);
  });

  it('a mapped task: the index goes in the task-instance path and the log query', async () => {
    const { backend, server } = await serve({
      version: '2.10.5',
      tis: [{ state: 'success', try_number: 1 }],
      logs: (_req, reply) => reply.text(200, 'w\nhello\n'),
    });
    const log = await collectLog(backend.followLog({ ...REF, mapIndex: 3 }, { follow: false }));
    expect(texts(log.lines)).toEqual(['hello']);
    expect(server.requests.some((r) => r.path === `${TI_PATH('v1')}/3`)).toBe(true);
    expect(logRequests(server).map((r) => r.query.get('map_index'))).toEqual(['3']);
  });
});
