// The embedded Databricks workspace: Jobs API 2.2 (and the 2.1 aliases), PAT and OAuth M2M auth,
// the discovery documents the SDKs probe, and the real service's error shapes, on node:http.
// Used by `--demo`, by `dagdeck sim`, by the tests and by the benchmarks.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pinnableClock, type SimClock } from '../clock.js';
import { applyFaults, type FaultOptions, loseAnswerAfterWrite, sendJson } from '../faults.js';
import type { DatabricksRunStarter, LinkedRunState } from '../link.js';
import { createRandom, type Random } from '../random.js';
import { readBody } from '../readBody.js';
import { openRequestLog } from '../requestLog.js';
import { badTarget, DatabricksApiError, endpointNotFound, faultBody, malformedRequest } from './apiError.js';
import { type ApiVersion, JobsApi, type JobsRequest } from './jobsApi.js';
import { runEndAt, runLifecycle } from './lifecycle.js';
import { seedCleanWorkspace } from './seedCleanWorkspace.js';
import { seedWorkspace } from './seedWorkspace.js';
import { SimState } from './simState.js';
import type { Json, ViewContext } from './views.js';
import { runPageUrl } from './views.js';
import { WorkspaceAuth } from './workspaceAuth.js';

export interface DatabricksSimOptions {
  host?: string;
  port?: number;
  clock: SimClock;
  seed?: number;
  /** Extra generated jobs on top of the story jobs (5,000 must work). */
  jobs?: number;
  /** Seed the small workspace that follows every reviewed practice instead of the demo story. */
  clean?: boolean;
  /** History runs per generated job. */
  runsPerJob?: number;
  /** The personal access token; default 'dapi' + 32 hex digits from the seeded random. */
  token?: string;
  clientId?: string;
  clientSecret?: string;
  tokenTtlSeconds?: number;
  /** Status of an expired OAuth token; 403 "Invalid access token." as observed (see docs/sim-deviations.md). */
  expiredTokenStatus?: 401 | 403;
  faults?: FaultOptions;
  /** Task keys whose repairs fail too, so a client can show a repair that did not help. */
  failingRepairTasks?: string[];
  /** Appends one JSON line per request to this file (see requestLog.ts). */
  requestLog?: string;
  /** Lines per virtual second python tasks write to stdout (default 0.2: one every 5 s). */
  logRate?: number;
  /** Virtual time the story is told from (default the clock's now): same seed and epoch, same data. */
  epoch?: number;
}

export interface DatabricksSim extends DatabricksRunStarter {
  url: string;
  token: string;
  clientId: string;
  clientSecret: string;
  workspaceId: string;
  /**
   * DatabricksRunStarter.runNow, plus `failTasks` so the Airflow simulator can tell its failed-run
   * story: those task keys fail on every attempt of this run.
   */
  runNow(
    jobName: string,
    jobParameters: Record<string, string>,
    options?: { failTasks?: string[]; at?: number },
  ): { jobId: number; runId: number; runPageUrl: string; endsAt?: number };
  /** Every OAuth access token issued so far is expired from now on. */
  expireTokens(): void;
  /** Direct access to the simulated workspace, for tests. */
  readonly state: SimState;
  close(): Promise<void>;
}

type Handler = (request: JobsRequest) => Json;

const hex = (random: Random, length: number) =>
  Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');

function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw malformedRequest(`Could not parse request object: ${(error as Error).message}`);
  }
}

export async function startDatabricksSim(options: DatabricksSimOptions): Promise<DatabricksSim> {
  const seed = options.seed ?? 1;
  const seedRandom = createRandom(seed);
  const credentialRandom = createRandom(seed ^ 0x2545f491);
  const faultRandom = createRandom(seed ^ 0x5bd1e995);
  const token = options.token ?? `dapi${hex(credentialRandom, 32)}`;
  const clientId =
    options.clientId ??
    `${hex(credentialRandom, 8)}-${hex(credentialRandom, 4)}-4${hex(credentialRandom, 3)}-a${hex(credentialRandom, 3)}-${hex(credentialRandom, 12)}`;
  const clientSecret = options.clientSecret ?? `dose${hex(credentialRandom, 32)}`;
  const workspaceId = String(1_000_000_000_000_000 + Math.floor(credentialRandom() * 8_999_999_999_999));
  const faults = options.faults ?? {};

  // The story is seeded at its epoch (pinned), then the clock runs on from wherever it is.
  const stateClock = pinnableClock(options.clock);
  stateClock.pin(options.epoch ?? options.clock.now());
  const state = new SimState(stateClock, seedRandom, seed, options.logRate);
  if (options.clean) seedCleanWorkspace(state);
  else seedWorkspace(state, seedRandom, { jobs: options.jobs ?? 0, runsPerJob: options.runsPerJob ?? 3 });
  for (const key of options.failingRepairTasks ?? []) state.failingRepairTasks.add(key);
  stateClock.pin(undefined);
  const auth = new WorkspaceAuth({
    token,
    clientId,
    clientSecret,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    expiredTokenStatus: options.expiredTokenStatus ?? 403,
  });

  let url = '';
  const context = (): ViewContext => ({ baseUrl: url, workspaceId, now: options.clock.now() });
  const api = new JobsApi(state, context);
  const routes: Record<string, { method: 'GET' | 'POST'; handler: Handler }> = {
    'jobs/list': { method: 'GET', handler: (r) => api.listJobs(r) },
    'jobs/get': { method: 'GET', handler: (r) => api.getJob(r) },
    'jobs/runs/list': { method: 'GET', handler: (r) => api.listRuns(r) },
    'jobs/runs/get': { method: 'GET', handler: (r) => api.getRun(r) },
    'jobs/runs/get-output': { method: 'GET', handler: (r) => api.getRunOutput(r) },
    'jobs/run-now': { method: 'POST', handler: (r) => api.runNow(r) },
    'jobs/runs/cancel': { method: 'POST', handler: (r) => api.cancelRun(r) },
    'jobs/runs/cancel-all': { method: 'POST', handler: (r) => api.cancelAllRuns(r) },
    'jobs/runs/repair': { method: 'POST', handler: (r) => api.repairRun(r) },
    'jobs/runs/delete': { method: 'POST', handler: (r) => api.deleteRun(r) },
    'jobs/update': { method: 'POST', handler: (r) => api.updateJob(r) },
  };

  const discovery = (path: string): Json | undefined => {
    if (path === '/.well-known/databricks-config') {
      return {
        oidc_endpoint: `${url}/oidc`,
        workspace_id: workspaceId,
        cloud: 'aws',
        host_type: 'workspace',
      };
    }
    if (path === '/oidc/.well-known/oauth-authorization-server') {
      return {
        issuer: `${url}/oidc`,
        authorization_endpoint: `${url}/oidc/v1/authorize`,
        token_endpoint: `${url}/oidc/v1/token`,
        jwks_uri: `${url}/oidc/jwks.json`,
        grant_types_supported: ['client_credentials', 'authorization_code', 'refresh_token'],
        response_types_supported: ['code'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        scopes_supported: ['all-apis', 'offline_access'],
        code_challenge_methods_supported: ['S256'],
      };
    }
    return undefined;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (await applyFaults(request, response, faults, faultRandom, faultBody)) return;
    const loseAnswer = loseAnswerAfterWrite(request, faults, faultRandom);
    const parsed = new URL(request.url ?? '/', 'http://sim');
    const path = parsed.pathname;
    const method = request.method ?? 'GET';
    const body = await readBody(request);

    const document = method === 'GET' ? discovery(path) : undefined;
    if (document) return sendJson(response, 200, document);
    if (path === '/oidc/v1/token') {
      if (method !== 'POST') throw endpointNotFound(method, path);
      return sendJson(response, 200, auth.issue(request.headers.authorization, body), {
        'cache-control': 'no-store',
      });
    }

    const match = /^\/api\/(2\.[12])\/(.+)$/.exec(path);
    const route = match ? routes[match[2] ?? ''] : undefined;
    if (!match || !route) throw badTarget(path);
    if (route.method !== method) throw endpointNotFound(method, path);
    auth.check(request.headers.authorization);
    state.sync();
    const payload = route.handler({
      version: match[1] as ApiVersion,
      query: parsed.searchParams,
      body: method === 'POST' ? parseJson(body) : {},
    });
    if (loseAnswer) {
      request.socket.destroy();
      return;
    }
    sendJson(response, 200, payload, { 'x-databricks-org-id': workspaceId });
  };

  const requestLog = options.requestLog ? openRequestLog(options.requestLog, 'databricks') : undefined;
  const server = createServer((request, response) => {
    requestLog?.watch(request, response);
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return;
      if (error instanceof DatabricksApiError) {
        sendJson(response, error.status, error.body, error.headers);
      } else if (error instanceof Error && error.name === 'ZodError') {
        sendJson(response, 400, { error: 'invalid_request', error_description: 'Malformed token request.' });
      } else {
        sendJson(response, 500, { error_code: 'INTERNAL_ERROR', message: String(error) });
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
  url = `http://${host}:${address.port}`;

  const linkedState = (runId: number): LinkedRunState => {
    state.sync();
    const run = state.run(runId);
    if (!run) throw new Error(`Databricks simulator: run ${runId} does not exist`);
    const lc = runLifecycle(run, options.clock.now());
    if (lc.life === 'QUEUED' || lc.life === 'PENDING' || lc.life === 'BLOCKED') return 'pending';
    if (lc.life === 'RUNNING' || lc.life === 'TERMINATING') return 'running';
    if (lc.result === 'SUCCESS') return 'success';
    if (lc.result === 'CANCELED') return 'canceled';
    return 'failed';
  };

  return {
    url,
    token,
    clientId,
    clientSecret,
    workspaceId,
    state,
    expireTokens: () => auth.expireTokens(),
    runNow(
      jobName: string,
      jobParameters: Record<string, string>,
      extra: { failTasks?: string[]; at?: number } = {},
    ) {
      state.sync();
      const job = state.jobByName(jobName);
      if (!job) throw new Error(`Databricks simulator: no job named ${jobName}`);
      const run = state.startRun(job, {
        // A seeded Airflow history run started its Databricks run back then, not now.
        at: Math.min(extra.at ?? options.clock.now(), options.clock.now()),
        trigger: 'ONE_TIME',
        jobParameters,
        creator: 'airflow-sp@example.com',
        ...(extra.failTasks ? { forcedFailures: extra.failTasks } : {}),
      });
      const endsAt = runEndAt(run);
      return {
        jobId: job.jobId,
        runId: run.runId,
        runPageUrl: runPageUrl(context(), job.jobId, run.runId),
        // Known once the run left the queue; the Airflow operator waits for it (link.ts).
        ...(Number.isFinite(endsAt) ? { endsAt } : {}),
      };
    },
    runState: linkedState,
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
