// A secret printed by a command: Vault, 1Password, AWS Secrets Manager, Azure Key Vault
// (security-reliability.md §1.3, §1.5 step 3). argv without a shell, stdin closed, killed at the
// timeout, stdout trimmed, kept in memory only; invalidate() makes the next get() run it again,
// which the backends do once after a 401. Its stderr is never repeated: the reference warns that
// secret tools may print secrets there, and error lines end up in the debug log.
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import { z } from 'zod';
import type { Secret, SecretProvider } from '../core/credentials.js';
import { AuthError, ConfigError, Timeout } from '../core/errors.js';

export interface TokenCommandOptions {
  argv: readonly string[];
  /** Default 10 s. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_TOKEN_COMMAND_TIMEOUT_MS = 10_000;
const MAX_OUTPUT = 256 * 1024;

/** JSON shapes some tools print instead of the bare token (§1.5: `{"token"}`, Databricks `access_token`). */
const TokenJson = z.union([
  z.looseObject({ token: z.string().min(1) }).transform((value) => value.token),
  z.looseObject({ access_token: z.string().min(1) }).transform((value) => value.access_token),
]);

export function tokenCommandLabel(argv: readonly string[]): string {
  return `token command ${basename(argv[0] ?? '?')}`;
}

/** Parses stdout: a bare token (trimmed), or one of the JSON shapes above. */
export function parseTokenOutput(stdout: string): string {
  const trimmed = stdout.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = TokenJson.safeParse(JSON.parse(trimmed));
      if (parsed.success) return parsed.data;
    } catch {
      // Not JSON after all: a token may start with "{" in theory; use it as printed.
    }
  }
  return trimmed;
}

export function runTokenCommand(options: TokenCommandOptions, signal?: AbortSignal): Promise<string> {
  const [command, ...args] = options.argv;
  const label = tokenCommandLabel(options.argv);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOKEN_COMMAND_TIMEOUT_MS;
  if (!command)
    return Promise.reject(
      new ConfigError('the token command is empty: set it again with `dagdeck login --token-command`'),
    );
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: options.env ?? process.env,
      shell: false,
      windowsHide: true,
    });
    let stdout = '';
    let settled = false;
    const finish = (error: Error | undefined, value?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(value ?? '');
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      finish(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(
        new Timeout(
          `${label} did not finish within ${timeoutMs} ms and was stopped: run it by hand to check it`,
        ),
      );
    }, timeoutMs);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(
        new ConfigError(
          error.code === 'ENOENT'
            ? `${label} could not start: "${command}" is not installed or not on PATH; fix it with \`dagdeck login --token-command\``
            : `${label} could not start (${error.code ?? error.message}); fix it with \`dagdeck login --token-command\``,
        ),
      );
    });
    child.on('close', (code, killedBy) => {
      if (code !== 0) {
        const how = killedBy ? `was killed by ${killedBy}` : `exited with code ${code}`;
        finish(
          new AuthError(
            `${label} ${how}: run it by hand to see why (its output is not shown, it may hold secrets)`,
          ),
        );
        return;
      }
      const token = parseTokenOutput(stdout);
      if (!token) {
        finish(new AuthError(`${label} printed nothing on stdout: it must print the secret`));
        return;
      }
      finish(undefined, token);
    });
  });
}

/** A provider running the command on first use, caching the result until invalidate(). */
export function createTokenCommandProvider(options: TokenCommandOptions): SecretProvider {
  const source = tokenCommandLabel(options.argv);
  let cached: Secret | undefined;
  let inflight: Promise<Secret> | undefined;
  return {
    description: source,
    async get(signal) {
      if (cached) return cached;
      inflight ??= runTokenCommand(options, signal)
        .then((value) => {
          cached = { value, source };
          return cached;
        })
        .finally(() => {
          inflight = undefined;
        });
      return inflight;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
