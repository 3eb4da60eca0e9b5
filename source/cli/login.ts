// `dagdeck login`: keep a context's credential where the chain finds it again (the
// chain of createSecretProvider.ts). Either the secret goes into the OS keychain (read from
// --token-stdin, --token-file or a hidden prompt), or a token command is registered in the context
// (nothing secret is stored at all). Plaintext only with --insecure-storage, warned about before
// the write (cli/cli#13920), and never as a silent fallback when the keychain is unavailable
// (cli/cli#7757).
import type { Command } from 'commander';
import type { Context, CredentialRef } from '../config/schema.js';
import type { SecretPurpose } from '../credentials/createSecretProvider.js';
import { say } from './say.js';
import { addTokenOptions, envNamesOption, type TokenOptions } from './token-options.js';

export interface LoginOptions extends TokenOptions {
  backend?: 'airflow' | 'databricks';
  tokenCommand?: string;
  tokenCommandTimeoutMs?: string;
  tokenCommandEnv?: string[];
  insecureStorage?: boolean;
}

export function registerLoginCommand(program: Command): void {
  addTokenOptions(
    program
      .command('login')
      .description(
        'store the credential of a context in the OS keychain, or register a token command (Vault, 1Password...)',
      )
      .option('--backend <backend>', 'airflow or databricks (needed when the context has both)'),
    'the secret to store',
  )
    .option('--token-command <argv>', 'a command printing the secret, run without a shell on each session')
    .option('--token-command-timeout-ms <ms>', 'how long the token command may take (default 10000)')
    .option(
      '--token-command-env <names>',
      'environment variables the token command needs besides PATH, HOME and the locale, e.g. VAULT_ADDR,VAULT_NAMESPACE',
      envNamesOption,
    )
    .option('--insecure-storage', 'store the secret in a PLAINTEXT file (0600) instead of the keychain')
    .action(async (options: LoginOptions, command: Command) => {
      const global = command.optsWithGlobals<{ context?: string }>();
      await login(global.context, options);
    });
}

/** Which secret a backend's auth needs; undefined when dagdeck keeps none (profile, CLI). */
function purposeOf(backend: 'airflow' | 'databricks', context: Context): SecretPurpose | undefined {
  if (backend === 'airflow') return context.airflow?.auth === 'token' ? 'airflow-token' : 'airflow-password';
  const auth = context.databricks?.auth;
  if (auth === 'pat') return 'databricks-token';
  if (auth === 'oauth-m2m') return 'databricks-client-secret';
  return undefined;
}

export async function login(contextName: string | undefined, options: LoginOptions): Promise<void> {
  const [{ openConfigStore }, { loadContext }, { ConfigError, AuthError }, { registerSecret }] =
    await Promise.all([
      import('../config/store.js'),
      import('../app/connectContext.js'),
      import('../core/errors.js'),
      import('../core/redact.js'),
    ]);
  const store = openConfigStore();
  const { name, context } = loadContext(contextName, store);
  const sources = [options.tokenStdin, options.tokenFile, options.tokenCommand].filter(Boolean).length;
  if (sources > 1) {
    throw new ConfigError(
      'login takes one of --token-stdin, --token-file and --token-command: pass only one',
    );
  }
  if (options.backend !== undefined && options.backend !== 'airflow' && options.backend !== 'databricks') {
    throw new ConfigError(`--backend must be airflow or databricks, not "${options.backend}"`);
  }
  const present = (['airflow', 'databricks'] as const).filter((backend) => context[backend] !== undefined);
  const backend = options.backend ?? (present.length === 1 ? present[0] : undefined);
  if (!backend) {
    throw new ConfigError(
      `context "${name}" has both Airflow and Databricks: pass --backend airflow or --backend databricks`,
    );
  }
  const endpoint = context[backend];
  if (!endpoint) {
    throw new ConfigError(
      `context "${name}" has no ${backend} endpoint: add it with \`dagdeck context add\``,
    );
  }
  const purpose = purposeOf(backend, context);
  if (!purpose) {
    throw new ConfigError(
      `context "${name}" authenticates to Databricks through ${context.databricks?.auth === 'cli' ? 'the Databricks CLI (`databricks auth login`)' : 'a ~/.databrickscfg profile'}; dagdeck keeps no secret for it`,
    );
  }
  const saveCredential = (credential: CredentialRef) => {
    store.upsertContext(name, { ...context, [backend]: { ...endpoint, credential } });
  };

  if (options.tokenCommand) {
    const [{ splitArgv }, { runTokenCommand, tokenCommandLabel }] = await Promise.all([
      import('../credentials/splitArgv.js'),
      import('../credentials/tokenCommand.js'),
    ]);
    const argv = splitArgv(options.tokenCommand);
    const timeoutMs = options.tokenCommandTimeoutMs ? Number(options.tokenCommandTimeoutMs) : undefined;
    if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs <= 0)) {
      throw new ConfigError('--token-command-timeout-ms must be a positive whole number of milliseconds');
    }
    const passEnv = options.tokenCommandEnv;
    // Run it once now, so a typo shows here rather than mid-incident; the output is not kept.
    registerSecret(
      await runTokenCommand({ argv, ...(timeoutMs ? { timeoutMs } : {}), ...(passEnv ? { passEnv } : {}) }),
    );
    saveCredential({
      kind: 'command',
      argv,
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(passEnv ? { env: passEnv } : {}),
    });
    say(
      `${tokenCommandLabel(argv)} registered for ${backend} of context ${name} (it ran and printed a secret)`,
    );
    return;
  }

  const secret = await readSecret(options, backend, name, purpose);
  registerSecret(secret);
  if (options.insecureStorage) {
    const { INSECURE_STORAGE_WARNING, insecureSecretPath, writeInsecureSecret } = await import(
      '../credentials/insecureFile.js'
    );
    const path = insecureSecretPath(store.dir, name, backend);
    process.stderr.write(`dagdeck: ${INSECURE_STORAGE_WARNING}: ${path}\n`);
    await writeInsecureSecret(path, secret);
    saveCredential({ kind: 'insecure-file', path });
    say(`stored the ${backend} secret of context ${name} in plaintext file ${path}`);
    return;
  }
  const [{ createKeychainStore }, { keychainAccount }, { KeychainUnavailable }] = await Promise.all([
    import('../credentials/keychain.js'),
    import('../credentials/secretStore.js'),
    import('../credentials/keychainUnavailable.js'),
  ]);
  try {
    await createKeychainStore().set(keychainAccount(name, backend), secret);
  } catch (error) {
    if (error instanceof KeychainUnavailable) {
      throw new AuthError(
        `cannot store the secret in the keychain (${error.message}): use --token-command, an environment variable, or --insecure-storage`,
      );
    }
    throw error;
  }
  if (endpoint.credential.kind !== 'keychain') saveCredential({ kind: 'keychain' });
  say(`stored the ${backend} secret of context ${name} in the keychain`);
}

async function readSecret(
  options: LoginOptions,
  backend: 'airflow' | 'databricks',
  name: string,
  purpose: SecretPurpose,
): Promise<string> {
  if (options.tokenStdin) {
    const { readStdinSecret } = await import('../credentials/readStdinSecret.js');
    return readStdinSecret();
  }
  if (options.tokenFile) {
    const { readTokenFile } = await import('../credentials/tokenFile.js');
    return readTokenFile(options.tokenFile);
  }
  const [{ canPrompt, promptHidden }, { ConfigError }] = await Promise.all([
    import('../credentials/promptHidden.js'),
    import('../core/errors.js'),
  ]);
  if (!canPrompt()) {
    throw new ConfigError(
      `no secret given and stdin is not a terminal: pass --token-stdin, --token-file PATH or --token-command ARGV`,
    );
  }
  const what = purpose.replace('-', ' ');
  const secret = (await promptHidden(`${what} for ${backend} of context ${name}: `)).trim();
  if (!secret) throw new ConfigError('no secret entered: nothing stored');
  return secret;
}
