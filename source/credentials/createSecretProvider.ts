// The credential chain for one secret of one backend of one context.
// First source that yields wins:
//   1. --token-stdin / --token-file (0600 checked)
//   2. the environment (DAGDECK_AIRFLOW_PASSWORD / _TOKEN, DATABRICKS_TOKEN / _CLIENT_SECRET)
//   3. what the context configures: a token command, the OS keychain, or a plaintext file
//      (--insecure-storage); "env" configures nothing more
//   4. a hidden prompt, only when stdin is a terminal
// The provider's description names the source (before the first get() the one expected to win,
// after it the one that did), so the header and `context test` can show it.
import type { CredentialRef } from '../config/schema.js';
import type { Secret, SecretProvider } from '../core/credentials.js';
import { AuthError } from '../core/errors.js';
import { registerSecret } from '../core/redact.js';
import { readInsecureSecret } from './insecureFile.js';
import { createKeychainStore } from './keychain.js';
import { KeychainUnavailable } from './keychainUnavailable.js';
import { canPrompt, type PromptStreams, promptHidden } from './promptHidden.js';
import { readStdinSecret } from './readStdinSecret.js';
import { keychainAccount, type SecretStore } from './secretStore.js';
import { createTokenCommandProvider } from './tokenCommand.js';
import { readTokenFile } from './tokenFile.js';

export type SecretPurpose =
  | 'airflow-password'
  | 'airflow-token'
  | 'databricks-token'
  | 'databricks-client-secret';

/** The environment variable of each secret; these names are a contract: users' scripts and CI set them. */
export const SECRET_ENV: Record<SecretPurpose, string> = {
  'airflow-password': 'DAGDECK_AIRFLOW_PASSWORD',
  'airflow-token': 'DAGDECK_AIRFLOW_TOKEN',
  'databricks-token': 'DATABRICKS_TOKEN',
  'databricks-client-secret': 'DATABRICKS_CLIENT_SECRET',
};

const WHAT: Record<SecretPurpose, string> = {
  'airflow-password': 'Airflow password',
  'airflow-token': 'Airflow token',
  'databricks-token': 'Databricks token',
  'databricks-client-secret': 'Databricks OAuth client secret',
};

export interface ExplicitSecretInput {
  /** --token-stdin: read the secret from stdin. */
  tokenStdin?: boolean;
  /** --token-file PATH. */
  tokenFile?: string;
  /** Where --token-stdin reads; default process.stdin. */
  stdin?: NodeJS.ReadableStream;
}

export interface SecretChainOptions {
  context: string;
  backend: 'airflow' | 'databricks';
  purpose: SecretPurpose;
  /** From the context; default: the keychain. */
  credential?: CredentialRef;
  explicit?: ExplicitSecretInput;
  env?: NodeJS.ProcessEnv;
  /** The keychain; created on first need when not given. */
  store?: SecretStore;
  /** Streams for the hidden prompt; false never prompts. Default: stdin/stderr when stdin is a TTY. */
  prompt?: PromptStreams | false;
  /** Shown in the prompt, e.g. `user "admin" at https://airflow.example.com`. */
  promptLabel?: string;
}

interface Step {
  /** The description when this step is expected to yield; undefined when it cannot. */
  expected: string | undefined;
  resolve(signal?: AbortSignal): Promise<Secret | undefined>;
}

/** A SecretProvider that also tells why sources before the winner gave nothing (one line each). */
export interface SecretChain extends SecretProvider {
  /** E.g. "keychain skipped: no D-Bus session (...)"; filled by the last resolution. */
  readonly skipped: readonly string[];
}

export function createSecretProvider(options: SecretChainOptions): SecretChain {
  const env = options.env ?? process.env;
  const credential: CredentialRef = options.credential ?? { kind: 'keychain' };
  const envName = SECRET_ENV[options.purpose];
  const what = WHAT[options.purpose];
  const explicit = options.explicit ?? {};
  const notes: string[] = [];
  let store = options.store;

  const steps: Step[] = [];
  const invalidators: Array<() => void> = [];
  if (explicit.tokenStdin) {
    steps.push({
      expected: '--token-stdin',
      resolve: async () => ({ value: await readStdinSecret(explicit.stdin), source: '--token-stdin' }),
    });
  }
  if (explicit.tokenFile) {
    const path = explicit.tokenFile;
    steps.push({
      expected: `token file ${path}`,
      resolve: async () => ({ value: await readTokenFile(path), source: `token file ${path}` }),
    });
  }
  const fromEnv = env[envName];
  if (fromEnv) {
    const source = `env ${envName}`;
    steps.push({ expected: source, resolve: async () => ({ value: fromEnv, source }) });
  }
  if (credential.kind === 'command') {
    const command = createTokenCommandProvider({
      argv: credential.argv,
      ...(credential.timeoutMs ? { timeoutMs: credential.timeoutMs } : {}),
      ...(credential.env ? { passEnv: credential.env } : {}),
      env,
    });
    steps.push({ expected: command.description, resolve: (signal) => command.get(signal) });
    invalidators.push(() => command.invalidate());
  } else if (credential.kind === 'insecure-file') {
    const source = `plaintext file ${credential.path} (insecure storage)`;
    steps.push({
      expected: source,
      resolve: async () => ({ value: await readInsecureSecret(credential.path), source }),
    });
  } else if (credential.kind === 'keychain') {
    steps.push({
      expected: undefined,
      resolve: async () => {
        store ??= createKeychainStore({ env });
        try {
          const value = await store.get(keychainAccount(options.context, options.backend));
          if (value) return { value, source: store.name };
          notes.push(`nothing stored in the ${store.name}`);
        } catch (error) {
          if (!(error instanceof KeychainUnavailable)) throw error;
          notes.push(error.message);
        }
        return undefined;
      },
    });
  }
  const promptStreams =
    options.prompt === false
      ? undefined
      : (options.prompt ?? (canPrompt() ? { input: process.stdin, output: process.stderr } : undefined));
  if (credential.kind !== 'env' && promptStreams && canPrompt(promptStreams.input)) {
    const label = options.promptLabel ? ` for ${options.promptLabel}` : '';
    steps.push({
      expected: undefined,
      resolve: async () => {
        const value = await promptHidden(`${what}${label} (context ${options.context}): `, promptStreams);
        return value ? { value, source: 'prompt' } : undefined;
      },
    });
  }

  const expected =
    steps.find((step) => step.expected !== undefined)?.expected ??
    (credential.kind === 'keychain' ? 'keychain' : credential.kind === 'env' ? `env ${envName}` : 'prompt');
  let cached: Secret | undefined;
  let inflight: Promise<Secret> | undefined;

  const resolve = async (signal?: AbortSignal): Promise<Secret> => {
    notes.length = 0;
    for (const step of steps) {
      const secret = await step.resolve(signal);
      if (secret) return secret;
    }
    const why =
      notes.length > 0
        ? notes.join('; ')
        : credential.kind === 'env'
          ? `${envName} is not set`
          : 'none found';
    throw new AuthError(
      `no ${what} for context "${options.context}": ${why}: use --token-file, a token command or ${envName}, or run \`dagdeck login --context ${options.context}\``,
    );
  };

  return {
    get description() {
      return cached?.source ?? expected;
    },
    get skipped() {
      return [...notes];
    },
    async get(signal) {
      if (cached) return cached;
      inflight ??= resolve(signal)
        .then((secret) => {
          // Every sink (debug log, errors, audit, screen) redacts it from now on.
          registerSecret(secret.value);
          cached = secret;
          return secret;
        })
        .finally(() => {
          inflight = undefined;
        });
      return inflight;
    },
    invalidate() {
      // Explicit input cannot be read twice (stdin is consumed): keep it; every other source
      // resolves again, so a token command runs once more after a 401.
      if (cached && (cached.source === '--token-stdin' || cached.source.startsWith('token file '))) return;
      cached = undefined;
      for (const invalidate of invalidators) invalidate();
    },
  };
}

/** Resolves the chain now, so a missing credential fails early with its one-line message. */
export async function resolveSecret(options: SecretChainOptions, signal?: AbortSignal): Promise<SecretChain> {
  const provider = createSecretProvider(options);
  await provider.get(signal);
  return provider;
}
