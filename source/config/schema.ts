// The shape of the config file (conf, JSON, mode 0600). It names endpoints and where each
// credential comes from, never the secret itself.
import { z } from 'zod';
import { CONTEXT_NAME_RULE, isContextName } from './contextName.js';
import { MAX_LIST_ITEMS, MAX_TIMEOUT_MS, MIN_LIST_ITEMS, MIN_TIMEOUT_MS } from './timeouts.js';

export const CONFIG_SCHEMA_VERSION = 1;

export const Protection = z.enum(['open', 'protected', 'read-only']);
export type Protection = z.infer<typeof Protection>;

/** Where a credential comes from. The secret itself is never stored here. */
export const CredentialRef = z.discriminatedUnion('kind', [
  /** The OS keychain, under service "dagdeck" and an account derived from context and backend. */
  z.object({ kind: z.literal('keychain') }),
  /** A command printing the secret on stdout (Vault, 1Password, AWS/Azure secret managers); argv, no shell. */
  z.object({
    kind: z.literal('command'),
    argv: z.array(z.string().min(1)).min(1),
    timeoutMs: z.number().int().positive().optional(),
    /**
     * Environment variables passed to the command besides PATH, HOME and the locale (VAULT_ADDR,
     * AWS_PROFILE...): it runs with a minimal environment, never with the other backend's secrets.
     */
    env: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'))
      .optional(),
  }),
  /** Only the environment variables (DAGDECK_AIRFLOW_*, DATABRICKS_*). */
  z.object({ kind: z.literal('env') }),
  /** A plaintext file under the config directory, only with an explicit --insecure-storage. */
  z.object({ kind: z.literal('insecure-file'), path: z.string().min(1) }),
  /** Ask with a hidden prompt each session. */
  z.object({ kind: z.literal('prompt') }),
]);
export type CredentialRef = z.infer<typeof CredentialRef>;

export const AirflowEndpoint = z.object({
  url: z.url(),
  /** password: Basic on v1, POST /auth/token JWT on v2; token: a static bearer token (Astro, Composer...). */
  auth: z.enum(['password', 'token']).default('password'),
  username: z.string().min(1).optional(),
  caFile: z.string().min(1).optional(),
  credential: CredentialRef.default({ kind: 'keychain' }),
});
export type AirflowEndpoint = z.infer<typeof AirflowEndpoint>;

export const DatabricksEndpoint = z.object({
  host: z.url(),
  /** pat: personal access token; oauth-m2m: service principal; profile: ~/.databrickscfg; cli: `databricks auth token`. */
  auth: z.enum(['pat', 'oauth-m2m', 'profile', 'cli']).default('pat'),
  clientId: z.string().min(1).optional(),
  profile: z.string().min(1).optional(),
  caFile: z.string().min(1).optional(),
  credential: CredentialRef.default({ kind: 'keychain' }),
});
export type DatabricksEndpoint = z.infer<typeof DatabricksEndpoint>;

const timeoutMs = z
  .number()
  .int('must be a whole number of milliseconds')
  .min(MIN_TIMEOUT_MS, `must be at least ${MIN_TIMEOUT_MS} ms`)
  .max(MAX_TIMEOUT_MS, `must be at most ${MAX_TIMEOUT_MS} ms (10 minutes)`);

/**
 * HTTP timeouts of both endpoints (source/http/httpTimeouts.ts HttpTimeouts) and the deadline of a whole
 * list. Every field is optional and an absent one keeps the client's default, so files without it
 * need no migration. Strict, so a misspelt key ("headerMs") is refused instead of silently ignored.
 */
export const ContextTimeouts = z.strictObject({
  /** TCP + TLS connect (default 10 s). */
  connectMs: timeoutMs.optional(),
  /** Until the response headers (default 15 s). */
  headersMs: timeoutMs.optional(),
  /** Between two body chunks (default 30 s). */
  bodyMs: timeoutMs.optional(),
  /** One request from start to end, retries included (default 60 s): bodyMs alone never ends a drip. */
  requestMs: timeoutMs.optional(),
  /** One whole list, every page (default 2 min). */
  listMs: timeoutMs.optional(),
});
export type ContextTimeouts = z.infer<typeof ContextTimeouts>;

export const Context = z
  .object({
    protection: Protection.default('open'),
    airflow: AirflowEndpoint.optional(),
    databricks: DatabricksEndpoint.optional(),
    timeouts: ContextTimeouts.optional(),
    /** The most items one list may have (default 200,000): a server announcing more is refused. */
    maxListItems: z.number().int().min(MIN_LIST_ITEMS).max(MAX_LIST_ITEMS).optional(),
    /** http:// to a host that is not loopback is refused unless this is set (`--allow-insecure-http`). */
    allowInsecureHttp: z.boolean().optional(),
  })
  .refine((context) => context.airflow !== undefined || context.databricks !== undefined, {
    message: 'a context needs an Airflow endpoint, a Databricks workspace, or both',
  });
export type Context = z.infer<typeof Context>;

export const Preferences = z.object({
  /**
   * How often the console's lists refresh while nothing runs, in seconds (app/consoleTiming.ts).
   * A `recentRuns` key that older versions wrote is dropped on read: the run strip's width is part
   * of the list layout, so that preference never took effect.
   */
  refreshSeconds: z.number().min(1).max(3600).default(10),
  /**
   * Keep each context's last-known lists (names and states only) in $XDG_CACHE_HOME/dagdeck, so the
   * console opens on them at once; `--no-cache` turns it off for one session.
   */
  cache: z.boolean().default(true),
});
export type Preferences = z.infer<typeof Preferences>;

export const ConfigFile = z.object({
  schemaVersion: z.literal(CONFIG_SCHEMA_VERSION),
  currentContext: z.string().min(1).optional(),
  // Names are checked when the file is read: a hand-edited "../../x" must never reach a file path.
  contexts: z
    .record(z.string().refine(isContextName, `context name not allowed; ${CONTEXT_NAME_RULE}`), Context)
    .default({}),
  preferences: Preferences.default({ refreshSeconds: 10, cache: true }),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

/** What callers pass to the store: defaults (protection, auth, credential) may be left out. */
export type ContextInput = z.input<typeof Context>;
