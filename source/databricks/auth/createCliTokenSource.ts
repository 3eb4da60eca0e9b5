// Reuses an interactive `databricks auth login` through `databricks auth token`, as the SDKs'
// databricks-cli strategy does. The CLI owns the token cache and
// its refresh; we never read the cache ourselves.
import { z } from 'zod';
import { AuthError, BadResponse, ConfigError, Timeout } from '../../core/errors.js';
import { registerSecret } from '../../core/redact.js';
import { sanitizeName } from '../../core/sanitize.js';
import { minimalEnv, runChild } from '../../credentials/runChild.js';
import { type CachedToken, createCachedTokenSource } from './createCachedTokenSource.js';
import type { TokenSource } from './types.js';

const CliToken = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expiry: z.string().optional(),
});

export interface CliTokenOptions {
  host: string;
  profile?: string;
  /** DATABRICKS_CLI_PATH or `databricks` on PATH. */
  cliPath?: string;
  timeoutMs?: number;
  /** The child's environment (PATH decides which `databricks` runs). */
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

const MAX_OUTPUT = 1024 * 1024;

/**
 * What `databricks auth token` needs besides PATH, HOME and the locale: its config file and token
 * storage settings, the D-Bus session its keyring storage talks to, and the proxy and CA settings
 * for a refresh over the network. Never DATABRICKS_TOKEN or another backend's secret.
 */
const CLI_ENV = [
  'DATABRICKS_CONFIG_FILE',
  'DATABRICKS_AUTH_STORAGE',
  'DBUS_SESSION_BUS_ADDRESS',
  'XDG_RUNTIME_DIR',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_CACHE_HOME',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
];

export function createCliTokenSource(options: CliTokenOptions): TokenSource {
  const now = options.now ?? Date.now;
  const cliPath = options.cliPath ?? options.env?.DATABRICKS_CLI_PATH ?? 'databricks';
  const args = options.profile
    ? ['auth', 'token', '--profile', options.profile]
    : ['auth', 'token', '--host', options.host];

  const run = async (): Promise<CachedToken> => {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const outcome = await runChild({
      command: cliPath,
      args,
      env: minimalEnv(options.env ?? process.env, CLI_ENV),
      timeoutMs,
      stderr: true,
      maxOutputBytes: MAX_OUTPUT,
    });
    if (outcome.kind === 'not-started') {
      throw outcome.error.code === 'ENOENT'
        ? new ConfigError(
            `The Databricks CLI (${cliPath}) is not installed or not on PATH: install it and run \`databricks auth login --host ${options.host}\`, or use a token or a service principal`,
          )
        : new ConfigError(`Could not start the Databricks CLI (${cliPath}): ${outcome.error.message}`);
    }
    if (outcome.kind === 'timeout') {
      throw new Timeout(
        `\`${cliPath} auth token\` did not answer within ${timeoutMs} ms and was stopped: run \`databricks auth login --host ${options.host}\` in a terminal first`,
      );
    }
    if (outcome.code !== 0) {
      // stderr says why (not logged in, expired refresh token); it never holds the access token.
      const why =
        sanitizeName(outcome.stderr.trim().split('\n')[0] ?? '').slice(0, 200) || `exit code ${outcome.code}`;
      throw new AuthError(
        `\`databricks auth token\` failed for ${options.host}: ${why}. Run \`databricks auth login --host ${options.host}\``,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(outcome.stdout);
    } catch {
      throw new BadResponse('`databricks auth token` printed something that is not JSON: update the CLI');
    }
    const parsed = CliToken.safeParse(json);
    if (!parsed.success) {
      throw new BadResponse('`databricks auth token` printed no access_token: update the CLI');
    }
    const expiry = parsed.data.expiry ? Date.parse(parsed.data.expiry) : Number.NaN;
    // Without a usable expiry, ask the CLI again in five minutes; it caches and refreshes itself.
    const refreshAt = Number.isFinite(expiry) ? expiry - 60_000 : now() + 5 * 60_000;
    registerSecret(parsed.data.access_token);
    return { value: parsed.data.access_token, refreshAt };
  };

  return createCachedTokenSource(run, now);
}
