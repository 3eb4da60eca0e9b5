// The Airflow Backend: detects the API version on first use (probe), then hands every call to the
// v1 (Airflow 2) or v2 (Airflow 3) adapter. Capabilities list exactly what both adapters implement:
// Airflow has no cancel (mark the run failed instead) and no repair (a Databricks notion).
import type { ActionKind } from '../core/actions.js';
import type { Backend, Capabilities } from '../core/backend.js';
import type { BackendInfo } from '../core/model.js';
import type { ListLimits } from '../http/listLimits.js';
import type { HttpClient } from '../http/types.js';
import type { AirflowAdapter } from './adapter.js';
import { createAirflowApi } from './airflowApi.js';
import {
  type AirflowAuth,
  type Authenticator,
  createBasicAuthenticator,
  createBearerAuthenticator,
  createJwtAuthenticator,
} from './airflowAuth.js';
import { detectAirflowVersion } from './detectAirflowVersion.js';
import { createV1Adapter } from './v1.js';
import { createV2Adapter } from './v2.js';

export interface AirflowBackendOptions {
  /** The web server's URL; may carry a path prefix (joined, not replaced). */
  baseUrl: string;
  http: HttpClient;
  auth: AirflowAuth;
  /** Shown in probe(): where the credential came from, when the caller knows better than the provider. */
  credentialSource?: string;
  /** Clock for JWT expiry; tests move it. */
  now?: () => number;
  /** The ceiling and deadline of each list (default: http/listLimits.ts). */
  lists?: ListLimits;
}

/**
 * Airflow documents no API rate limit (it is the operator's own server), and listing 10,000 DAGs
 * takes 100 pages: the HTTP client's default budget (20/s, sized for Databricks) made that 3.3 s.
 * Still bounded, so a console left open cannot hammer a small web server.
 */
export const AIRFLOW_REQUEST_BUDGET = { ratePerSecond: 100, burst: 200 } as const;

/**
 * Requests in flight to one Airflow: the list pager opens up to 16 pages at once while the server
 * keeps answering fast (airflow/fetchAllPages.ts), which a far server needs (101 pages of DAGs at
 * 250 ms round trips), and four more stay free so that the incident view and the screens opened
 * meanwhile never queue behind a long list. The client's default of 6 is sized for Databricks.
 */
export const AIRFLOW_MAX_CONCURRENT_PER_HOST = 20;

export const AIRFLOW_CAPABILITIES: Capabilities = {
  actions: new Set<ActionKind>(['clearTasks', 'markTaskState', 'markRunState', 'trigger', 'setPaused']),
  followLog: true,
  serverDryRun: new Set<ActionKind>(['clearTasks', 'markTaskState']),
  trigger: { logicalDate: true, note: true },
  runView: 'taskGrid',
  retryWord: 'try',
};

export function createAirflowBackend(options: AirflowBackendOptions): Backend {
  const { baseUrl, http, auth } = options;
  let detected: Promise<AirflowAdapter> | undefined;

  const authenticatorFor = (apiVersion: 'v1' | 'v2'): Authenticator => {
    if (auth.kind === 'token') return createBearerAuthenticator(baseUrl, auth);
    if (apiVersion === 'v1') return createBasicAuthenticator(baseUrl, auth);
    return createJwtAuthenticator({ baseUrl, http, auth, ...(options.now ? { now: options.now } : {}) });
  };

  const detect = async (): Promise<AirflowAdapter> => {
    const frontDoor = auth.kind === 'token' ? createBearerAuthenticator(baseUrl, auth) : undefined;
    const { apiVersion, version } = await detectAirflowVersion({
      baseUrl,
      http,
      ...(frontDoor ? { frontDoorHeaders: () => frontDoor.headers() } : {}),
    });
    const api = createAirflowApi({
      baseUrl,
      http,
      prefix: apiVersion === 'v2' ? '/api/v2' : '/api/v1',
      authenticator: authenticatorFor(apiVersion),
      ...(options.lists ? { lists: options.lists } : {}),
    });
    return apiVersion === 'v2' ? createV2Adapter({ api, version }) : createV1Adapter({ api, version });
  };

  // Detected once and shared; a failed detection (server down) is retried on the next call.
  const adapter = (): Promise<AirflowAdapter> => {
    detected ??= detect().catch((error: unknown) => {
      detected = undefined;
      throw error;
    });
    return detected;
  };

  // The version and health endpoints need no login in either API version.
  const serverInfo = async (signal?: AbortSignal): Promise<BackendInfo> => {
    const a = await adapter();
    const health = await a.health(signal).catch(() => undefined);
    const info: BackendInfo = {
      backend: 'airflow',
      endpoint: baseUrl,
      version: a.version,
      apiVersion: a.apiVersion,
    };
    if (health) {
      info.healthy = health.healthy;
      info.healthDetail = health.detail;
    } else {
      info.healthDetail = 'the health endpoint did not answer';
    }
    return info;
  };

  return {
    kind: 'airflow',
    capabilities: AIRFLOW_CAPABILITIES,

    serverInfo,

    async probe(signal) {
      const [info] = await Promise.all([
        serverInfo(signal),
        // Throws AuthError with what to do when the credentials are refused.
        adapter().then((a) => a.checkAuth(signal)),
      ]);
      const a = await adapter();
      info.credentialSource = options.credentialSource ?? a.api.authenticator.source();
      info.authKind = auth.kind;
      const identity = a.api.authenticator.identity();
      if (identity) info.identity = identity;
      return info;
    },

    listWorkflows: async (o, s) => (await adapter()).listWorkflows(o, s),
    getWorkflow: async (id, s) => (await adapter()).getWorkflow(id, s),
    listImportErrors: async (s) => (await adapter()).listImportErrors(s),
    getTriggerParams: async (id, s) => (await adapter()).getTriggerParams(id, s),
    listTaskDefinitions: async (id, s) => (await adapter()).listTaskDefinitions(id, s),
    listRuns: async (id, o, s) => (await adapter()).listRuns(id, o, s),
    listRecentRuns: async (o, s) => (await adapter()).listRecentRuns(o, s),
    getRun: async (id, runId, s) => (await adapter()).getRun(id, runId, s),
    listTasks: async (id, runId, s) => (await adapter()).listTasks(id, runId, s),
    listTries: async (task, s) => (await adapter()).listTries(task, s),
    followLog: (ref, o) => ({
      async *[Symbol.asyncIterator]() {
        yield* (await adapter()).followLog(ref, o);
      },
    }),
    findFailureReason: async (ref, s) => (await adapter()).findFailureReason(ref, s),
    findLinks: async (task, s) => (await adapter()).findLinks(task, s),
    listConnections: async (s) => (await adapter()).listConnections(s),
    getWorkflowSettings: async (id, s) => (await adapter()).getWorkflowSettings(id, s),
    listXComSizes: async (id, runId, s) => (await adapter()).listXComSizes(id, runId, s),
    preview: async (action, s) => (await adapter()).preview(action, s),
    execute: async (action, s) => (await adapter()).execute(action, s),
  };
}
