// The credential chain (issue 4 "Credentials"): first source that
// yields wins and its name is reported; --token-stdin/--token-file (0600 checked), the environment,
// a token command, the OS keychain, then a hidden prompt on a terminal. Every resolved secret is
// registered for redaction.
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, ConfigError } from '../../source/core/errors.js';
import { knownSecrets, redactKnown } from '../../source/core/redact.js';
import { createSecretProvider } from '../../source/credentials/createSecretProvider.js';
import {
  insecureSecretPath,
  readInsecureSecret,
  writeInsecureSecret,
} from '../../source/credentials/insecureFile.js';
import { createKeychainStore, NO_DBUS_MESSAGE } from '../../source/credentials/keychain.js';
import type { PromptStreams } from '../../source/credentials/promptHidden.js';
import { readStdinSecret } from '../../source/credentials/readStdinSecret.js';
import { createMemoryStore } from '../../source/credentials/secretStore.js';
import { readTokenFile } from '../../source/credentials/tokenFile.js';
import { waitFor } from '../support/wait.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-chain-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function tokenFile(content: string, mode: number): string {
  const path = join(dir, `token-${Math.random().toString(16).slice(2)}`);
  writeFileSync(path, content, { mode });
  chmodSync(path, mode);
  return path;
}

function stdinOf(text: string): PassThrough {
  const stream = new PassThrough();
  stream.end(text);
  return stream;
}

/** A stand-in terminal: isTTY and setRawMode, keystrokes pushed by the test. */
function fakeTerminal(): PromptStreams & { typed: PassThrough; shown: () => string } {
  const input = new PassThrough() as PassThrough & {
    isTTY: boolean;
    isRaw: boolean;
    setRawMode(raw: boolean): void;
  };
  input.isTTY = true;
  input.isRaw = false;
  input.setRawMode = (raw: boolean) => {
    input.isRaw = raw;
  };
  let shown = '';
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString('utf8');
  });
  return { input: input as unknown as NodeJS.ReadStream, output, typed: input, shown: () => shown };
}

const base = { context: 'prod', backend: 'airflow' as const, purpose: 'airflow-password' as const };
const noDbus = { PATH: process.env.PATH ?? '' };

describe('chain order: the first source that yields wins and is named (§1.5)', () => {
  it('--token-stdin beats --token-file, the environment, a token command and the keychain', async () => {
    const provider = createSecretProvider({
      ...base,
      credential: { kind: 'command', argv: [process.execPath, '-e', "process.stdout.write('from-cmd')"] },
      explicit: {
        tokenStdin: true,
        stdin: stdinOf('from-stdin\n'),
        tokenFile: tokenFile('from-file', 0o600),
      },
      env: { DAGDECK_AIRFLOW_PASSWORD: 'from-env' },
      store: createMemoryStore({ 'prod/airflow': 'from-keychain' }),
      prompt: false,
    });
    expect(provider.description).toBe('--token-stdin');
    await expect(provider.get()).resolves.toEqual({ value: 'from-stdin', source: '--token-stdin' });
  });

  it('--token-file beats the environment', async () => {
    const path = tokenFile('from-file\n', 0o600);
    const provider = createSecretProvider({
      ...base,
      explicit: { tokenFile: path },
      env: { DAGDECK_AIRFLOW_PASSWORD: 'from-env' },
      prompt: false,
    });
    await expect(provider.get()).resolves.toEqual({ value: 'from-file', source: `token file ${path}` });
  });

  it('the environment (DAGDECK_AIRFLOW_PASSWORD) beats a token command and the keychain', async () => {
    const provider = createSecretProvider({
      ...base,
      credential: { kind: 'command', argv: [process.execPath, '-e', "process.stdout.write('from-cmd')"] },
      env: { DAGDECK_AIRFLOW_PASSWORD: 'from-env' },
      prompt: false,
    });
    await expect(provider.get()).resolves.toEqual({
      value: 'from-env',
      source: 'env DAGDECK_AIRFLOW_PASSWORD',
    });
  });

  it('uses the contract variable of each secret (issue 4: DAGDECK_AIRFLOW_TOKEN, DATABRICKS_TOKEN, DATABRICKS_CLIENT_SECRET)', async () => {
    const env = {
      DAGDECK_AIRFLOW_TOKEN: 'af-token',
      DATABRICKS_TOKEN: 'db-token',
      DATABRICKS_CLIENT_SECRET: 'db-secret',
    };
    const get = (purpose: 'airflow-token' | 'databricks-token' | 'databricks-client-secret') =>
      createSecretProvider({ ...base, purpose, env, prompt: false, store: createMemoryStore() }).get();
    await expect(get('airflow-token')).resolves.toEqual({
      value: 'af-token',
      source: 'env DAGDECK_AIRFLOW_TOKEN',
    });
    await expect(get('databricks-token')).resolves.toEqual({
      value: 'db-token',
      source: 'env DATABRICKS_TOKEN',
    });
    await expect(get('databricks-client-secret')).resolves.toEqual({
      value: 'db-secret',
      source: 'env DATABRICKS_CLIENT_SECRET',
    });
  });

  it('a configured token command beats the keychain and is named as the source', async () => {
    const provider = createSecretProvider({
      ...base,
      credential: { kind: 'command', argv: [process.execPath, '-e', "process.stdout.write('from-cmd')"] },
      env: {},
      store: createMemoryStore({ 'prod/airflow': 'from-keychain' }),
      prompt: false,
    });
    const secret = await provider.get();
    expect(secret.value).toBe('from-cmd');
    expect(provider.description).toMatch(/^token command /);
  });

  it('the keychain (account "<context>/<backend>") comes before the prompt', async () => {
    const terminal = fakeTerminal();
    const provider = createSecretProvider({
      ...base,
      env: {},
      store: createMemoryStore({ 'prod/airflow': 'from-keychain' }),
      prompt: terminal,
    });
    await expect(provider.get()).resolves.toEqual({ value: 'from-keychain', source: 'memory' });
    expect(terminal.shown()).toBe('');
  });

  it('the hidden prompt comes last, echoes nothing, handles backspace and reports "prompt"', async () => {
    const terminal = fakeTerminal();
    const provider = createSecretProvider({
      ...base,
      env: {},
      store: createMemoryStore(),
      prompt: terminal,
      promptLabel: 'user "admin" at http://af',
    });
    const pending = provider.get();
    // Type once the prompt is on screen (it reads the terminal from then on).
    await waitFor(() => expect(terminal.shown()).toContain('password'));
    terminal.typed.write('typed-pw\u007fW\r');
    await expect(pending).resolves.toEqual({ value: 'typed-pW', source: 'prompt' });
    expect(terminal.shown()).toContain('Airflow password for user "admin" at http://af (context prod): ');
    expect(terminal.shown()).not.toContain('typed');
  });

  it('without a terminal and nothing found: one AuthError line saying why and what to do', async () => {
    const provider = createSecretProvider({ ...base, env: {}, store: createMemoryStore(), prompt: false });
    const error = await provider.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(
      /^no Airflow password for context "prod": nothing stored in the memory: .*dagdeck login --context prod/,
    );
    expect((error as Error).message).not.toContain('\n');
  });

  it('credential kind "env" names the missing variable', async () => {
    const provider = createSecretProvider({ ...base, credential: { kind: 'env' }, env: {}, prompt: false });
    expect(provider.description).toBe('env DAGDECK_AIRFLOW_PASSWORD');
    await expect(provider.get()).rejects.toThrow(/DAGDECK_AIRFLOW_PASSWORD is not set/);
  });
});

describe('no D-Bus session: the keychain is skipped with a one-line reason (§1.4, cli/cli#7582)', () => {
  it('a keychain store without DBUS_SESSION_BUS_ADDRESS refuses at once, naming the reason', async () => {
    const store = createKeychainStore({ env: noDbus, platform: 'linux' });
    await expect(store.get('prod/airflow')).rejects.toThrow(NO_DBUS_MESSAGE);
    expect(NO_DBUS_MESSAGE).toMatch(/DBUS_SESSION_BUS_ADDRESS/);
  });

  it('the chain falls through to the next source and keeps the reason in `skipped`', async () => {
    const terminal = fakeTerminal();
    const provider = createSecretProvider({ ...base, env: noDbus, prompt: terminal });
    const pending = provider.get();
    // The keychain is tried (and skipped) first: type once the prompt is on screen.
    await waitFor(() => expect(terminal.shown()).toContain('password'));
    terminal.typed.write('pw-after-skip\r');
    await expect(pending).resolves.toEqual({ value: 'pw-after-skip', source: 'prompt' });
    expect(provider.skipped).toEqual([NO_DBUS_MESSAGE]);
  });

  it('and when nothing else yields, the error carries the reason', async () => {
    const provider = createSecretProvider({ ...base, env: noDbus, prompt: false });
    await expect(provider.get()).rejects.toThrow(/keychain skipped: no D-Bus session/);
  });
});

describe('--token-file and plaintext storage are 0600 (§1.5 steps 1 and 5)', () => {
  it('refuses a token file others can read, saying how to fix it', async () => {
    const path = tokenFile('s3cret', 0o644);
    const error = await readTokenFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      `token file ${path} is readable by others (mode 644): run \`chmod 600 ${path}\` and retry`,
    );
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('accepts 0600 and 0400, refuses an empty file and a missing one', async () => {
    await expect(readTokenFile(tokenFile('a-secret\n', 0o600))).resolves.toBe('a-secret');
    await expect(readTokenFile(tokenFile('a-secret', 0o400))).resolves.toBe('a-secret');
    await expect(readTokenFile(tokenFile('\n', 0o600))).rejects.toThrow(/is empty/);
    await expect(readTokenFile(join(dir, 'nope'))).rejects.toThrow(/ENOENT/);
  });

  it('--token-stdin refuses empty input', async () => {
    await expect(readStdinSecret(stdinOf(''))).rejects.toThrow(/stdin was empty/);
    await expect(readStdinSecret(stdinOf('  tok \n'))).resolves.toBe('tok');
  });

  it('the plaintext file is written 0600 in a 0700 directory, and refused once opened up', async () => {
    const path = insecureSecretPath(dir, 'prod', 'airflow');
    await writeInsecureSecret(path, 'plain-secret');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    const provider = createSecretProvider({
      ...base,
      credential: { kind: 'insecure-file', path },
      env: {},
      prompt: false,
    });
    await expect(provider.get()).resolves.toEqual({
      value: 'plain-secret',
      source: `plaintext file ${path} (insecure storage)`,
    });
    chmodSync(path, 0o640);
    await expect(readInsecureSecret(path)).rejects.toThrow(/readable by others/);
  });
});

describe('caching, invalidate and redaction', () => {
  it('every resolved secret is registered for redaction (security-reliability.md §3.5)', async () => {
    const provider = createSecretProvider({
      ...base,
      env: { DAGDECK_AIRFLOW_PASSWORD: 'registered-pw-42' },
      prompt: false,
    });
    await provider.get();
    expect(knownSecrets().has('registered-pw-42')).toBe(true);
    expect(redactKnown('login with registered-pw-42 failed')).not.toContain('registered-pw-42');
  });

  it('invalidate() resolves again (a token command re-runs), but never re-reads consumed stdin', async () => {
    const stdinProvider = createSecretProvider({
      ...base,
      explicit: { tokenStdin: true, stdin: stdinOf('once') },
      prompt: false,
    });
    await stdinProvider.get();
    stdinProvider.invalidate();
    await expect(stdinProvider.get()).resolves.toEqual({ value: 'once', source: '--token-stdin' });

    const counter = join(dir, 'runs');
    const script = `const fs=require('node:fs');fs.appendFileSync(process.argv[1],'x');process.stdout.write('run-'+fs.readFileSync(process.argv[1],'utf8').length)`;
    const commandProvider = createSecretProvider({
      ...base,
      credential: { kind: 'command', argv: [process.execPath, '-e', script, counter] },
      env: {},
      prompt: false,
    });
    expect((await commandProvider.get()).value).toBe('run-1');
    expect((await commandProvider.get()).value).toBe('run-1');
    commandProvider.invalidate();
    expect((await commandProvider.get()).value).toBe('run-2');
  });
});
