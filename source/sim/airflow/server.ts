// The embedded Airflow: one flavour per instance — Airflow 3 (/api/v2, JWT from POST /auth/token)
// or Airflow 2 (/api/v1, HTTP Basic) — on node:http, with a virtual-clock scheduler. Used by
// `--demo`, `dagdeck sim`, the tests and the benchmarks. Deviations: docs/sim-deviations.md.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pinnableClock, type SimClock } from '../clock.js';
import { applyFaults, type FaultOptions, loseAnswerAfterWrite, sendJson } from '../faults.js';
import type { DatabricksRunStarter } from '../link.js';
import { createRandom } from '../random.js';
import { readBody } from '../readBody.js';
import { openRequestLog } from '../requestLog.js';
import { AirflowState } from './airflowState.js';
import { AirflowApiError, apiError, errorContentType, faultBodyFor } from './apiError.js';
import { type LogResult, LogServerError, readLog } from './logApi.js';
import * as read from './readApi.js';
import { generatedDag, generatedHistory, seedAirflow } from './seedAirflow.js';
import { seedCleanAirflow } from './seedCleanAirflow.js';
import { type ScenarioDag, seedScenario } from './seedScenario.js';
import { SimAuth, VIEWER_USERNAME } from './simAuth.js';
import { type Flavour, type Json, runView } from './views.js';
import * as write from './writeApi.js';

export interface AirflowSimOptions {
  flavour: Flavour;
  clock: SimClock;
  seed?: number;
  host?: string;
  port?: number;
  /** Extra generated DAGs on top of the story DAGs (created lazily; 10,000 must work). */
  dags?: number;
  /** Seed the small Airflow that follows every reviewed practice instead of the demo story. */
  clean?: boolean;
  runsPerDag?: number;
  /** Lines of the long-log task's log. */
  logLines?: number;
  /** Lines per virtual second the long-log task writes (default: spread over 25-35 minutes). */
  logRate?: number;
  /** Characters of one more hostile log line (a payload echoed whole); none by default. */
  hugeLogLine?: number;
  /** The version reported (default 3.2.1 for Airflow 3, 2.10.5 for 2); v2 log tokens behave as that release's. */
  version?: string;
  /** Virtual time the story is told from (default the clock's now): same seed and epoch, same data. */
  epoch?: number;
  /** The Databricks simulator: the DatabricksRunNowOperator task starts real runs there. */
  databricks?: DatabricksRunStarter & {
    runNow(
      jobName: string,
      params: Record<string, string>,
      options?: { failTasks?: string[]; at?: number },
    ): { jobId: number; runId: number; runPageUrl: string; endsAt?: number };
  };
  faults?: FaultOptions;
  /** Appends one JSON line per request to this file (see requestLog.ts). */
  requestLog?: string;
  username?: string;
  password?: string;
  tokenTtlSeconds?: number;
  /** Exactly these DAGs and runs instead of the seeded story (tests that need a state it lacks). */
  scenario?: readonly ScenarioDag[];
}

export interface AirflowSim {
  url: string;
  flavour: Flavour;
  username: string;
  password: string;
  /** A second user of the Viewer role, which may not read connections. */
  viewer: { username: string; password: string };
  /** Every JWT issued so far answers 401 "Token Expired" from now on (v2). */
  expireTokens(): void;
  /** Adds DAGs, or runs to a DAG, as a scenario names them (see seedScenario.ts), while serving. */
  addScenario(dags: readonly ScenarioDag[]): void;
  close(): Promise<void>;
}

const VERSION = {
  2: { version: '2.10.5', git_version: '.release:b93c3db6b1641b0840bd15ac7d05bc58ff2cccbf' },
  3: { version: '3.2.1', git_version: '.release:a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' },
};

type Handler = (req: read.ApiRequest, m: string[]) => Json;
interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
  flavours?: Flavour[];
}

/** Below this, records are gathered into one write; above it the socket's backpressure is waited for. */
const WRITE_BYTES = 64 * 1024;

/**
 * Writes a log body record by record, waiting while the socket is full, so a million-line log is
 * neither built in memory nor queued in the socket. `dropAfter` cuts the connection after that many
 * records (the dropped-stream fault).
 */
async function streamRecords(response: ServerResponse, log: LogResult, dropAfter: number | undefined) {
  response.writeHead(log.status, { 'content-type': log.contentType, ...(log.headers ?? {}) });
  let pending = '';
  let sent = 0;
  const flush = async () => {
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    if (!response.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          response.off('drain', done);
          response.off('close', done);
          resolve();
        };
        response.on('drain', done);
        response.on('close', done);
      });
    }
  };
  for (const record of log.records) {
    if (response.destroyed) return;
    if (dropAfter !== undefined && sent >= dropAfter) {
      await flush();
      response.socket?.destroy();
      return;
    }
    pending += record;
    sent += 1;
    if (pending.length >= WRITE_BYTES) await flush();
  }
  await flush();
  response.end();
}

export async function startAirflowSim(options: AirflowSimOptions): Promise<AirflowSim> {
  const flavour = options.flavour;
  const seed = options.seed ?? 1;
  const faults = options.faults ?? {};
  const faultRandom = createRandom(seed ^ 0x1b873593);
  const username = options.username ?? 'admin';
  const password = options.password ?? 'dagdeck-demo-admin';
  const auth = new SimAuth(
    flavour,
    username,
    password,
    options.tokenTtlSeconds ?? 86400,
    `sim-jwt-secret-${seed}`,
  );
  let fakeRunId = 900_000_000 + (seed % 1000) * 1000;
  const databricks = options.databricks;
  // The story is seeded at its epoch (pinned), then the clock runs on from wherever it is.
  const stateClock = pinnableClock(options.clock);
  const epoch = options.epoch ?? options.clock.now();
  stateClock.pin(epoch);
  const state = new AirflowState(
    stateClock,
    seed,
    options.clean ? 0 : (options.dags ?? 0),
    generatedDag,
    generatedHistory(options.runsPerDag ?? 3),
    (job, params, failTasks, at) => {
      if (databricks) {
        try {
          const started = databricks.runNow(job, params, { at, ...(failTasks ? { failTasks } : {}) });
          return {
            runId: started.runId,
            runPageUrl: started.runPageUrl,
            ...(started.endsAt === undefined ? {} : { endsAt: started.endsAt }),
          };
        } catch {
          // No such job in that workspace: fall back to a made-up run below.
        }
      }
      fakeRunId += 1;
      return {
        runId: fakeRunId,
        runPageUrl: `https://dbc-sim.example.invalid/?o=1234567890123456#job/42/run/${fakeRunId}`,
      };
    },
  );
  if (options.scenario) {
    seedScenario(state, options.scenario);
    state.sealStory();
  } else if (options.clean) seedCleanAirflow(state);
  else {
    seedAirflow(state, {
      logLines: options.logLines ?? 5000,
      ...(options.logRate ? { logRate: options.logRate } : {}),
      ...(options.hugeLogLine ? { hugeLine: options.hugeLogLine } : {}),
    });
  }
  stateClock.pin(undefined);
  const version = { ...VERSION[flavour], ...(options.version ? { version: options.version } : {}) };

  const D = '([^/]+)';
  const R = `^/dags/${D}/dagRuns/${D}/taskInstances/${D}`;
  const p = (m: string[], i: number) => m[i] ?? '';
  const ti = (m: string[]) => ({ dagId: p(m, 1), runId: p(m, 2), taskId: p(m, 3) });
  const routes: Route[] = [
    { method: 'GET', pattern: /^\/dags$/, handler: (r) => read.listDags(state, r) },
    { method: 'GET', pattern: /^\/importErrors$/, handler: (r) => read.listImportErrors(state, r) },
    { method: 'GET', pattern: /^\/connections$/, handler: (r) => read.listConnections(state, r) },
    {
      method: 'GET',
      pattern: new RegExp(`^/connections/${D}$`),
      handler: (r, m) => read.getConnection(state, r, p(m, 1)),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/dags/${D}$`),
      handler: (r, m) => read.getDag(state, r, p(m, 1), false),
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`^/dags/${D}$`),
      handler: (r, m) => write.patchDag(state, r, p(m, 1)),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/dags/${D}/details$`),
      handler: (r, m) => read.getDag(state, r, p(m, 1), true),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/dags/${D}/tasks$`),
      handler: (r, m) => read.listTaskDefinitions(state, r, p(m, 1)),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/dags/${D}/dagRuns$`),
      handler: (r, m) => read.listRuns(state, r, p(m, 1)),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/dags/${D}/dagRuns$`),
      handler: (r, m) => write.triggerRun(state, r, p(m, 1)),
    },
    { method: 'GET', pattern: new RegExp(`^/dags/${D}/dagRuns/${D}$`), handler: (r, m) => runOf(r, m) },
    {
      method: 'PATCH',
      pattern: new RegExp(`^/dags/${D}/dagRuns/${D}$`),
      handler: (r, m) => write.patchRun(state, r, p(m, 1), p(m, 2)),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/dags/${D}/clearTaskInstances$`),
      handler: (r, m) => write.clearTaskInstances(state, r, p(m, 1)),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/dags/${D}/updateTaskInstancesState$`),
      handler: (r, m) => write.updateTaskInstancesState(state, r, p(m, 1)),
      flavours: [2],
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/dags/${D}/dagRuns/${D}/taskInstances$`),
      handler: (r, m) => read.listTis(state, r, p(m, 1), p(m, 2)),
    },
    {
      method: 'GET',
      pattern: new RegExp(`${R}$`),
      handler: (r, m) => read.getTi(state, r, { ...ti(m), mapIndex: null }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`${R}/(-?\\d+)$`),
      handler: (r, m) => read.getTi(state, r, { ...ti(m), mapIndex: Number(p(m, 4)) }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`${R}/tries$`),
      handler: (r, m) => read.listTries(state, r, { ...ti(m), mapIndex: null }),
    },
    {
      method: 'GET',
      pattern: new RegExp(`${R}/(-?\\d+)/tries$`),
      handler: (r, m) => read.listTries(state, r, { ...ti(m), mapIndex: Number(p(m, 4)) }),
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`${R}$`),
      handler: (r, m) => write.patchTi(state, r, { ...ti(m), mapIndex: null, dryRunPath: false }),
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`${R}/(-?\\d+)$`),
      handler: (r, m) => write.patchTi(state, r, { ...ti(m), mapIndex: Number(p(m, 4)), dryRunPath: false }),
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`${R}/dry_run$`),
      handler: (r, m) => write.patchTi(state, r, { ...ti(m), mapIndex: null, dryRunPath: true }),
      flavours: [3],
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`${R}/(-?\\d+)/dry_run$`),
      handler: (r, m) => write.patchTi(state, r, { ...ti(m), mapIndex: Number(p(m, 4)), dryRunPath: true }),
      flavours: [3],
    },
    // Served by readLog below (streamed line by line); listed so the path is known.
    { method: 'GET', pattern: new RegExp(`${R}/logs/(\\d+)$`), handler: () => null },
    {
      method: 'GET',
      pattern: new RegExp(`${R}/xcomEntries$`),
      handler: (r, m) => read.listXcoms(state, r, ti(m)),
    },
    {
      method: 'GET',
      pattern: new RegExp(`${R}/xcomEntries/(.+)$`),
      handler: (r, m) => read.getXcom(state, r, { ...ti(m), key: p(m, 4) }),
    },
  ];
  function runOf(r: read.ApiRequest, m: string[]): Json {
    const run = read.findRun(state, r.flavour, p(m, 1), p(m, 2));
    return runView(r.flavour, run, read.findDag(state, r.flavour, run.dagId));
  }

  const base = flavour === 3 ? '/api/v2' : '/api/v1';
  const health = (): Json => {
    const beat = new Date(options.clock.now() - 3000)
      .toISOString()
      .replace('Z', flavour === 2 ? '+00:00' : 'Z');
    return {
      metadatabase: { status: 'healthy' },
      scheduler: { status: 'healthy', latest_scheduler_heartbeat: beat },
      triggerer: { status: 'healthy', latest_triggerer_heartbeat: beat },
      dag_processor: { status: 'healthy', latest_dag_processor_heartbeat: beat },
    };
  };

  const send = (
    response: ServerResponse,
    status: number,
    body: unknown,
    contentType = 'application/json',
    headers: Record<string, string> = {},
  ) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    response.end(text);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (
      await applyFaults(
        request,
        response,
        faults,
        faultRandom,
        faultBodyFor(flavour),
        errorContentType(flavour),
      )
    )
      return;
    const loseAnswer = loseAnswerAfterWrite(request, faults, faultRandom);
    const parsed = new URL(request.url ?? '/', 'http://sim');
    const path = parsed.pathname;
    const method = request.method ?? 'GET';
    const text = await readBody(request);

    if (method === 'GET' && path === `${base}/version`) return sendJson(response, 200, version);
    if (method === 'GET' && path === (flavour === 3 ? '/api/v2/monitor/health' : '/api/v1/health'))
      return sendJson(response, 200, health());
    if (flavour === 3 && (path === '/auth/token' || path === '/auth/token/cli')) {
      if (method !== 'POST') throw new AirflowApiError(405, { detail: 'Method Not Allowed' });
      return sendJson(response, 201, auth.issue(text, request.headers['content-type']));
    }
    if (!path.startsWith(`${base}/`)) {
      throw flavour === 3
        ? new AirflowApiError(404, { detail: 'Not Found' })
        : new AirflowApiError(404, '<!DOCTYPE html><title>404 Not Found</title>', {}, 'text/html');
    }
    const sub = path.slice(base.length);
    const candidates = routes.filter(
      (r) => (!r.flavours || r.flavours.includes(flavour)) && r.pattern.test(sub),
    );
    const route = candidates.find((r) => r.method === method);
    if (!route) {
      if (candidates.length) throw apiError(flavour, 405, 'Method Not Allowed');
      throw apiError(
        flavour,
        404,
        flavour === 3 ? 'Not Found' : 'The requested URL was not found on the server.',
      );
    }
    const role = auth.check(request.headers.authorization, request.headers.cookie);
    state.sync();
    let body: unknown = {};
    if (method !== 'GET' && text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw flavour === 3
          ? new AirflowApiError(422, {
              detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} }],
            })
          : apiError(2, 400, 'Request body is not valid JSON');
      }
    }
    const req: read.ApiRequest = { flavour, query: parsed.searchParams, body, role };
    // Log paths are matched on decoded segments (the try number follows the task id).
    const logMatch = new RegExp(`${R}/logs/(\\d+)$`).exec(sub);
    if (logMatch && method === 'GET') {
      const m = logMatch.map((s) => decodeURIComponent(s));
      const log = readLog(state, req, request.headers.accept ?? '*/*', {
        ...ti(m),
        tryNumber: Number(p(m, 4)),
        version: version.version,
      });
      await streamRecords(response, log, faults.dropLogAfterLines);
      return;
    }
    const match = route.pattern.exec(sub) ?? [];
    const m = [...match].map((s) => decodeURIComponent(s ?? ''));
    const payload = route.handler(req, m);
    // A dry run changes nothing, so there is no write whose answer could be lost.
    const dryRun =
      sub.endsWith('/dry_run') ||
      (typeof body === 'object' && body !== null && (body as { dry_run?: unknown }).dry_run === true);
    if (loseAnswer && !dryRun) {
      request.socket.destroy();
      return;
    }
    send(response, 200, payload);
  };

  const requestLog = options.requestLog ? openRequestLog(options.requestLog, 'airflow') : undefined;
  const server = createServer((request, response) => {
    requestLog?.watch(request, response);
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return;
      if (error instanceof LogServerError) {
        // An unhandled exception in Airflow 3's FastAPI app: a bare text 500.
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('Internal Server Error');
        return;
      }
      if (error instanceof AirflowApiError) {
        if (typeof error.body === 'string') {
          response.writeHead(error.status, { 'content-type': error.contentType, ...error.headers });
          response.end(error.body);
          return;
        }
        send(response, error.status, error.body, error.contentType, error.headers);
      } else {
        const detail = String(error);
        send(
          response,
          500,
          flavour === 2
            ? { detail, status: 500, title: 'Internal Server Error', type: 'about:blank' }
            : { detail: 'Internal Server Error' },
          errorContentType(flavour),
        );
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => {
      requestLog?.close();
      reject(error);
    });
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    flavour,
    username,
    password,
    viewer: { username: VIEWER_USERNAME, password: auth.viewerPassword },
    expireTokens: () => auth.expireTokens(),
    addScenario: (dags) => seedScenario(state, dags),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          requestLog?.close();
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}
