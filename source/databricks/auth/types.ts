// How a Databricks workspace is authenticated. The secrets stay
// behind SecretProviders; only the token sources in this folder ever see their values.
import type { SecretProvider } from '../../core/credentials.js';

export type DatabricksAuth =
  /** Personal access token, sent as a bearer token. */
  | { kind: 'pat'; token: SecretProvider }
  /** OAuth M2M: a service principal's client id and OAuth secret, exchanged for a one-hour token. */
  | { kind: 'oauth-m2m'; clientId: string; clientSecret: SecretProvider }
  /** Reuse an interactive login through `databricks auth token`, as the SDKs' databricks-cli strategy does. */
  | { kind: 'databricks-cli'; profile?: string; cliPath?: string; timeoutMs?: number };

/** Gives the bearer token for each request and forgets it after the server refused it. */
export interface TokenSource {
  token(signal?: AbortSignal): Promise<string>;
  /** Called after a 401: drop the cached token so the next token() fetches a fresh one. */
  invalidate(): void;
}
