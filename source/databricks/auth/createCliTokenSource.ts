// Reuses an interactive `databricks auth login` through `databricks auth token`, as the SDKs'
// databricks-cli strategy does (reference databricks-api.md §6.5). The CLI owns the token cache and
// its refresh; we never read the cache ourselves.
import { spawn } from 'node:child_process';
import { z } from 'zod';
import { AuthError, BadResponse, ConfigError, Timeout } from '../../core/errors.js';
import { registerSecret } from '../../core/redact.js';
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

export function createCliTokenSource(options: CliTokenOptions): TokenSource {
  const now = options.now ?? Date.now;
  const cliPath = options.cliPath ?? options.env?.DATABRICKS_CLI_PATH ?? 'databricks';
  const args = options.profile
    ? ['auth', 'token', '--profile', options.profile]
    : ['auth', 'token', '--host', options.host];

  const run = (): Promise<CachedToken> =>
    new Promise<CachedToken>((resolve, reject) => {
      const child = spawn(cliPath, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: options.env ?? process.env,
        shell: false,
        windowsHide: true,
      });
      let stdout = '';
      let stderr = '';
      let settled = false;
      const finish = (error: Error | undefined, token?: CachedToken) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else if (token) resolve(token);
      };
      const timeoutMs = options.timeoutMs ?? 15_000;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        finish(
          new Timeout(
            `\`${cliPath} auth token\` did not answer within ${timeoutMs} ms: run \`databricks auth login --host ${options.host}\` in a terminal first`,
          ),
        );
      }, timeoutMs);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (stdout.length < MAX_OUTPUT) stdout += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        if (stderr.length < MAX_OUTPUT) stderr += chunk;
      });
      child.on('error', (error: NodeJS.ErrnoException) => {
        finish(
          error.code === 'ENOENT'
            ? new ConfigError(
                `The Databricks CLI (${cliPath}) is not installed or not on PATH: install it and run \`databricks auth login --host ${options.host}\`, or use a token or a service principal`,
              )
            : new ConfigError(`Could not start the Databricks CLI (${cliPath}): ${error.message}`),
        );
      });
      child.on('close', (code) => {
        if (code !== 0) {
          // stderr says why (not logged in, expired refresh token); it never holds the access token.
          const why = stderr.trim().split('\n')[0]?.slice(0, 200) || `exit code ${code}`;
          finish(
            new AuthError(
              `\`databricks auth token\` failed for ${options.host}: ${why}. Run \`databricks auth login --host ${options.host}\``,
            ),
          );
          return;
        }
        let json: unknown;
        try {
          json = JSON.parse(stdout);
        } catch {
          finish(
            new BadResponse('`databricks auth token` printed something that is not JSON: update the CLI'),
          );
          return;
        }
        const parsed = CliToken.safeParse(json);
        if (!parsed.success) {
          finish(new BadResponse('`databricks auth token` printed no access_token: update the CLI'));
          return;
        }
        const expiry = parsed.data.expiry ? Date.parse(parsed.data.expiry) : Number.NaN;
        // Without a usable expiry, ask the CLI again in five minutes; it caches and refreshes itself.
        const refreshAt = Number.isFinite(expiry) ? expiry - 60_000 : now() + 5 * 60_000;
        registerSecret(parsed.data.access_token);
        finish(undefined, { value: parsed.data.access_token, refreshAt });
      });
    });

  return createCachedTokenSource(run, now);
}
