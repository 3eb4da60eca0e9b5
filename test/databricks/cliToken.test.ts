// Reusing the Databricks CLI's cached login (`databricks auth token`) with a fake `databricks`
// script put first on PATH in a temp dir.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, ConfigError, Timeout } from '../../source/core/errors.js';
import { createCliTokenSource } from '../../source/databricks/auth/createCliTokenSource.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dagdeck-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a fake CLI that logs its argv (one call per line) and runs `body`. */
async function fakeCli(body: string): Promise<NodeJS.ProcessEnv> {
  const script = `#!/bin/sh\necho "$@" >> "${dir}/calls.log"\n${body}\n`;
  await writeFile(join(dir, 'databricks'), script);
  await chmod(join(dir, 'databricks'), 0o755);
  return { PATH: `${dir}:/usr/bin:/bin` };
}

async function calls(): Promise<string[]> {
  return (await readFile(join(dir, 'calls.log'), 'utf8')).trim().split('\n');
}

const HOST = 'https://adb-1.azuredatabricks.net';

describe('databricks auth token reuse (§6.5)', () => {
  it('runs `databricks auth token --host H`, parses the token and caches it until a minute before expiry', async () => {
    const expiry = new Date(Date.UTC(2030, 0, 1, 12, 0, 0)).toISOString();
    const env = await fakeCli(
      `echo '{"access_token":"cli-token","token_type":"Bearer","expiry":"${expiry}"}'`,
    );
    let now = Date.parse(expiry) - 10 * 60_000;
    const source = createCliTokenSource({ host: HOST, env, now: () => now });
    const [a, b] = await Promise.all([source.token(), source.token()]);
    expect([a, b]).toEqual(['cli-token', 'cli-token']);
    expect(await source.token()).toBe('cli-token');
    expect(await calls()).toEqual([`auth token --host ${HOST}`]);
    now = Date.parse(expiry) - 30_000;
    await source.token();
    expect((await calls()).length).toBe(2);
  });

  it('passes --profile when a profile is named', async () => {
    const env = await fakeCli(`echo '{"access_token":"p","expiry":"2030-01-01T00:00:00Z"}'`);
    await createCliTokenSource({ host: HOST, profile: 'prod', env }).token();
    expect(await calls()).toEqual(['auth token --profile prod']);
  });

  it('says clearly that the CLI is missing', async () => {
    const source = createCliTokenSource({ host: HOST, env: { PATH: dir } });
    const error = await source.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/not installed or not on PATH/);
  });

  it('turns a failing CLI into an AuthError with its first stderr line and the login hint', async () => {
    const env = await fakeCli(`echo 'Error: refresh token is invalid' >&2; exit 1`);
    const error = await createCliTokenSource({ host: HOST, env })
      .token()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toContain('refresh token is invalid');
    expect((error as Error).message).toContain(`databricks auth login --host ${HOST}`);
  });

  it('times out a CLI that hangs', async () => {
    const env = await fakeCli('sleep 10');
    const error = await createCliTokenSource({ host: HOST, env, timeoutMs: 200 })
      .token()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Timeout);
  });

  it('refuses output without an access token, without echoing it', async () => {
    const env = await fakeCli(`echo '{"token":"leaked-looking-value"}'`);
    const error = await createCliTokenSource({ host: HOST, env })
      .token()
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/no access_token/);
    expect((error as Error).message).not.toContain('leaked-looking-value');
  });
});
