// A secret printed by a command: Vault, 1Password, AWS Secrets Manager, Azure Key Vault.
// argv without a shell, stdin closed, a minimal
// environment, killed with everything it started at the timeout (runChild.ts), stdout trimmed,
// kept in memory only; invalidate() makes the next get() run it again, which the backends do once
// after a 401. Its stderr is never read: the reference warns that secret tools may print secrets
// there, and error lines end up in the debug log.
import { basename } from 'node:path';
import { z } from 'zod';
import type { Secret, SecretProvider } from '../core/credentials.js';
import { AuthError, ConfigError, Timeout } from '../core/errors.js';
import { minimalEnv, runChild } from './runChild.js';

export interface TokenCommandOptions {
  argv: readonly string[];
  /** Default 10 s. */
  timeoutMs?: number;
  /** Where PATH, HOME, the locale and `passEnv` are taken from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Variables the command needs besides the minimal set (VAULT_ADDR, AWS_PROFILE...). */
  passEnv?: readonly string[];
}

export const DEFAULT_TOKEN_COMMAND_TIMEOUT_MS = 10_000;
const MAX_OUTPUT = 256 * 1024;

/** JSON shapes some tools print instead of the bare token (`{"token"}`, Databricks `access_token`). */
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

export async function runTokenCommand(options: TokenCommandOptions, signal?: AbortSignal): Promise<string> {
  const [command, ...args] = options.argv;
  const label = tokenCommandLabel(options.argv);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOKEN_COMMAND_TIMEOUT_MS;
  if (!command) {
    throw new ConfigError('the token command is empty: set it again with `dagdeck login --token-command`');
  }
  const outcome = await runChild({
    command,
    args,
    env: minimalEnv(options.env ?? process.env, options.passEnv),
    timeoutMs,
    signal,
    maxOutputBytes: MAX_OUTPUT,
  });
  if (outcome.kind === 'not-started') {
    const { code, message } = outcome.error;
    throw new ConfigError(
      code === 'ENOENT'
        ? `${label} could not start: "${command}" is not installed or not on PATH; fix it with \`dagdeck login --token-command\``
        : `${label} could not start (${code ?? message}); fix it with \`dagdeck login --token-command\``,
    );
  }
  if (outcome.kind === 'timeout') {
    throw new Timeout(
      `${label} did not finish within ${timeoutMs} ms and was stopped with everything it started: run it by hand to check it`,
    );
  }
  if (outcome.code !== 0) {
    const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`;
    throw new AuthError(
      `${label} ${how}: run it by hand to see why (its output is not shown, it may hold secrets)`,
    );
  }
  const token = parseTokenOutput(outcome.stdout);
  if (!token) throw new AuthError(`${label} printed nothing on stdout: it must print the secret`);
  return token;
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
