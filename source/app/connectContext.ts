// Builds the backends of a context: secrets from the credential chain (source/credentials), one HTTP
// client per endpoint (source/http), then the Airflow and Databricks backends. The one place
// backends are built: the commands, the console and the demo (whose context points at the embedded
// simulators) all connect through it. Nothing is contacted yet: the first call (usually probe())
// does that.

import type { AirflowAuth } from '../airflow/airflowAuth.js';
import {
  AIRFLOW_MAX_CONCURRENT_PER_HOST,
  AIRFLOW_REQUEST_BUDGET,
  createAirflowBackend,
} from '../airflow/backend.js';
import { refuseCleartext } from '../config/insecureHttp.js';
import type { Context, CredentialRef } from '../config/schema.js';
import { type ConfigStore, openConfigStore } from '../config/store.js';
import type { Backend } from '../core/backend.js';
import type { SecretProvider } from '../core/credentials.js';
import { ConfigError } from '../core/errors.js';
import {
  createSecretProvider,
  type ExplicitSecretInput,
  type SecretChainOptions,
} from '../credentials/createSecretProvider.js';
import type { PromptStreams } from '../credentials/promptHidden.js';
import type { SecretStore } from '../credentials/secretStore.js';
import { normalizeHost } from '../databricks/auth/normalizeHost.js';
import { resolveDatabricksConfig } from '../databricks/auth/resolveDatabricksConfig.js';
import type { DatabricksAuth } from '../databricks/auth/types.js';
import { createDatabricksBackend } from '../databricks/backend.js';
import type { HttpClientOptions } from '../http/client.js';
import { listLimits } from '../http/listLimits.js';
import type { HttpClient } from '../http/types.js';

export type BackendName = 'airflow' | 'databricks';

export interface ConnectOptions {
  /** Read the context from this store (default: openConfigStore()). */
  store?: ConfigStore;
  env?: NodeJS.ProcessEnv;
  /** --token-stdin / --token-file, applied to `explicitFor` (default: the only backend, else Airflow). */
  explicit?: ExplicitSecretInput;
  explicitFor?: BackendName;
  /** Build only this backend. */
  only?: BackendName;
  /** The keychain (tests pass a memory store). */
  secretStore?: SecretStore;
  prompt?: PromptStreams | false;
  /** Builds the HTTP client of each endpoint (tests); default source/http/client.ts. */
  httpClient?: HttpClientFactory;
  /**
   * Secrets that stand in for the credential chain of a backend: the demo simulators' generated
   * credentials, which no chain source holds.
   */
  secrets?: Partial<Record<BackendName, SecretProvider>>;
}

export type HttpClientFactory = (
  options: Pick<HttpClientOptions, 'caFile' | 'maxConcurrentPerHost' | 'requestBudgetPerHost' | 'timeouts'>,
) => HttpClient;

/**
 * The production client, loaded only when a command actually connects (keeps --help fast). With
 * --debug (or DAGDECK_DEBUG) each request, answer and retry goes to the debug log, one line each:
 * method, path, status and time, never a header or a body, and redacted by the client and the log.
 */
async function defaultHttpClientFactory(): Promise<HttpClientFactory> {
  const [{ createHttpClient }, { debugLog }] = await Promise.all([
    import('../http/client.js'),
    import('../core/debug-log.js'),
  ]);
  const log = debugLog();
  const trace = log.enabled ? { debug: (line: string) => log.write(line) } : {};
  return (options) => createHttpClient({ ...options, ...trace });
}

export interface ConnectedContext {
  name: string;
  context: Context;
  airflow?: Backend;
  databricks?: Backend;
  /** Where each backend's credential comes from (the winning source once resolved); never a secret. */
  readonly sources: { readonly airflow: string | undefined; readonly databricks: string | undefined };
  close(): Promise<void>;
}

/** Picks the context: the name given, else the current one. A broken config stops here (exit 3). */
export function loadContext(
  name: string | undefined,
  store: ConfigStore,
): { name: string; context: Context } {
  if (store.problem) throw store.problem;
  const chosen = name ?? store.currentContextName();
  if (chosen === undefined) {
    throw new ConfigError(
      `no context chosen and no current context in ${store.path}: pass --context NAME or run \`dagdeck context use NAME\``,
    );
  }
  const context = store.context(chosen);
  if (!context) {
    throw new ConfigError(
      `no context named "${chosen}" in ${store.path}; list them with \`dagdeck context list\``,
    );
  }
  return { name: chosen, context };
}

export async function connectContext(
  target: string | { name: string; context: Context } | undefined,
  options: ConnectOptions = {},
): Promise<ConnectedContext> {
  const { name, context } =
    typeof target === 'object' ? target : loadContext(target, options.store ?? openConfigStore());
  const env = options.env ?? process.env;
  const createHttpClient = options.httpClient ?? (await defaultHttpClientFactory());
  // Per-context HTTP timeouts; the client keeps its default for any left unset.
  const timeouts = context.timeouts ? { timeouts: context.timeouts } : {};
  // The ceiling and the deadline of every list of both backends.
  const lists = listLimits({
    ...(context.maxListItems !== undefined ? { maxItems: context.maxListItems } : {}),
    ...(context.timeouts?.listMs !== undefined ? { deadlineMs: context.timeouts.listMs } : {}),
  });
  const explicitFor = options.explicitFor ?? options.only ?? (context.airflow ? 'airflow' : 'databricks');
  const chain = (
    backend: BackendName,
    purpose: SecretChainOptions['purpose'],
    credential: CredentialRef | undefined,
    promptLabel: string,
  ): SecretProvider =>
    options.secrets?.[backend] ??
    createSecretProvider({
      context: name,
      backend,
      purpose,
      env,
      ...(credential ? { credential } : {}),
      ...(options.explicit && explicitFor === backend ? { explicit: options.explicit } : {}),
      ...(options.secretStore ? { store: options.secretStore } : {}),
      ...(options.prompt !== undefined ? { prompt: options.prompt } : {}),
      promptLabel,
    });

  const clients: HttpClient[] = [];
  const sourceOf: { airflow?: SecretProvider; databricks?: SecretProvider; databricksFixed?: string } = {};
  const result: ConnectedContext = {
    name,
    context,
    sources: {
      get airflow() {
        return sourceOf.airflow?.description;
      },
      get databricks() {
        return sourceOf.databricks?.description ?? sourceOf.databricksFixed;
      },
    },
    close: async () => {
      await Promise.all(clients.map((client) => client.close()));
    },
  };

  const airflow = context.airflow;
  if (airflow && options.only !== 'databricks') {
    refuseCleartext(airflow.url, 'the Airflow URL', name, context.allowInsecureHttp);
    const envToken = env.DAGDECK_AIRFLOW_TOKEN && !env.DAGDECK_AIRFLOW_PASSWORD;
    let auth: AirflowAuth;
    if (airflow.auth === 'token' || envToken) {
      const token = chain(
        'airflow',
        'airflow-token',
        airflow.credential,
        `the Airflow API at ${airflow.url}`,
      );
      sourceOf.airflow = token;
      auth = { kind: 'token', token };
    } else {
      const username = env.DAGDECK_AIRFLOW_USERNAME || airflow.username;
      if (!username) {
        throw new ConfigError(
          `context "${name}" has no Airflow user: set DAGDECK_AIRFLOW_USERNAME or re-add the context with --airflow-user USER`,
        );
      }
      const password = chain(
        'airflow',
        'airflow-password',
        airflow.credential,
        `user "${username}" at ${airflow.url}`,
      );
      sourceOf.airflow = password;
      auth = { kind: 'password', username, password };
    }
    const http = createHttpClient({
      requestBudgetPerHost: AIRFLOW_REQUEST_BUDGET,
      maxConcurrentPerHost: AIRFLOW_MAX_CONCURRENT_PER_HOST,
      ...timeouts,
      ...(airflow.caFile ? { caFile: airflow.caFile } : {}),
    });
    clients.push(http);
    result.airflow = createAirflowBackend({ baseUrl: airflow.url, http, auth, lists });
  }

  const databricks = context.databricks;
  if (databricks && options.only !== 'airflow') {
    let host = normalizeHost(databricks.host);
    refuseCleartext(host, 'the Databricks host', name, context.allowInsecureHttp);
    let auth: DatabricksAuth;
    if (databricks.auth === 'pat') {
      const token = chain('databricks', 'databricks-token', databricks.credential, `the workspace ${host}`);
      sourceOf.databricks = token;
      auth = { kind: 'pat', token };
    } else if (databricks.auth === 'oauth-m2m') {
      const clientId = databricks.clientId ?? env.DATABRICKS_CLIENT_ID;
      if (!clientId) {
        throw new ConfigError(
          `context "${name}" uses OAuth M2M but has no client id: re-add it with --databricks-client-id ID or set DATABRICKS_CLIENT_ID`,
        );
      }
      const clientSecret = chain(
        'databricks',
        'databricks-client-secret',
        databricks.credential,
        `service principal ${clientId} at ${host}`,
      );
      sourceOf.databricks = clientSecret;
      auth = { kind: 'oauth-m2m', clientId, clientSecret };
    } else {
      // A ~/.databrickscfg profile or the Databricks CLI: the SDKs' own precedence decides.
      const resolved = await resolveDatabricksConfig({
        env,
        host,
        ...(databricks.auth === 'cli' ? { authType: 'databricks-cli' as const } : {}),
        ...(databricks.profile ? { profile: databricks.profile } : {}),
      });
      host = resolved.host;
      auth = resolved.auth;
      // The profile or DATABRICKS_HOST may name another host than the context.
      refuseCleartext(
        host,
        'the Databricks host (from the profile or DATABRICKS_HOST)',
        name,
        context.allowInsecureHttp,
      );
      sourceOf.databricksFixed = resolved.credentialSource;
    }
    const http = createHttpClient({
      ...timeouts,
      ...(databricks.caFile ? { caFile: databricks.caFile } : {}),
    });
    clients.push(http);
    const sources = result.sources;
    result.databricks = createDatabricksBackend({
      host,
      http,
      auth,
      lists,
      // Read at probe() time, so it names the source that actually won.
      get credentialSource() {
        return sources.databricks ?? 'unknown';
      },
    });
  }
  return result;
}
