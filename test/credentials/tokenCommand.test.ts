// The token command link of the chain (the third source tried; issue 4
// "Credentials"): argv without a shell, stdin closed, killed at the timeout, cached in memory,
// run again after invalidate() — which the backends call once after a 401.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, ConfigError, Timeout } from '../../source/core/errors.js';
import { splitArgv } from '../../source/credentials/splitArgv.js';
import {
  createTokenCommandProvider,
  parseTokenOutput,
  runTokenCommand,
} from '../../source/credentials/tokenCommand.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-tokcmd-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A tiny node program as the token command. */
const node = (script: string, ...args: string[]) => [process.execPath, '-e', script, ...args];

/** Appends one line per run to a counter file, then prints `token-<run number>`. */
const COUNTING = `
const fs = require('node:fs');
const file = process.argv[1];
fs.appendFileSync(file, 'x');
process.stdout.write('token-' + fs.readFileSync(file, 'utf8').length + '\\n');
`;

describe('token command (security-reliability.md §1.5 step 3)', () => {
  it('prints the secret on stdout: trimmed, returned as is', async () => {
    await expect(runTokenCommand({ argv: node("process.stdout.write('  s3cret-value\\n')") })).resolves.toBe(
      's3cret-value',
    );
  });

  it('runs without a shell: metacharacters reach the program as plain arguments', async () => {
    const argv = node('process.stdout.write(process.argv.slice(1).join("|"))', '$HOME', '`id`;', '*');
    await expect(runTokenCommand({ argv })).resolves.toBe('$HOME|`id`;|*');
  });

  it('has stdin closed: a command reading stdin sees end-of-file at once instead of hanging', async () => {
    const script = `let n = 0; process.stdin.on('data', (c) => { n += c.length; });
      process.stdin.on('end', () => process.stdout.write('eof-after-' + n));`;
    await expect(runTokenCommand({ argv: node(script), timeoutMs: 5000 })).resolves.toBe('eof-after-0');
  });

  it('is killed at the timeout with a one-line Timeout error', async () => {
    const error = await runTokenCommand({ argv: node('setTimeout(() => {}, 60000)'), timeoutMs: 200 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Timeout);
    expect((error as Error).message).toMatch(/token command .* did not finish within 200 ms/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('a failing command gives an AuthError that never repeats its stderr (it may hold secrets)', async () => {
    const script = "process.stderr.write('leaked-secret-in-stderr'); process.exit(3)";
    const error = await runTokenCommand({ argv: node(script) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toMatch(/exited with code 3/);
    expect((error as Error).message).not.toContain('leaked-secret');
  });

  it('a missing program is a ConfigError naming it', async () => {
    const error = await runTokenCommand({ argv: ['/nonexistent/vault-xyz', 'kv'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/not installed or not on PATH/);
  });

  it('empty output is refused', async () => {
    await expect(runTokenCommand({ argv: node('') })).rejects.toThrow(/printed nothing/);
  });

  it('accepts the JSON shapes of token tools ({"token"}, databricks auth token {"access_token"})', () => {
    expect(parseTokenOutput('{"token":"abc"}')).toBe('abc');
    expect(parseTokenOutput('{"access_token":"def","token_type":"Bearer","expiry":"x"}')).toBe('def');
    expect(parseTokenOutput('plain\n')).toBe('plain');
  });

  it('is cached in memory and runs again only after invalidate()', async () => {
    const counter = join(dir, 'runs');
    const provider = createTokenCommandProvider({ argv: node(COUNTING, counter) });
    expect((await provider.get()).value).toBe('token-1');
    expect((await provider.get()).value).toBe('token-1');
    expect(readFileSync(counter, 'utf8')).toBe('x');
    provider.invalidate();
    expect((await provider.get()).value).toBe('token-2');
    expect(provider.description).toMatch(/^token command /);
  });

  it('concurrent get() calls share one run', async () => {
    const counter = join(dir, 'runs');
    const provider = createTokenCommandProvider({ argv: node(COUNTING, counter) });
    const values = await Promise.all([provider.get(), provider.get(), provider.get()]);
    expect(values.map((s) => s.value)).toEqual(['token-1', 'token-1', 'token-1']);
    expect(readFileSync(counter, 'utf8')).toBe('x');
  });
});

describe('splitArgv: --token-command as one string, split like a shell would but never run by one', () => {
  it('splits words, honours quotes and backslashes, expands nothing', () => {
    expect(splitArgv(`vault kv get -field=token "secret/air flow" '$HOME' a\\ b`)).toEqual([
      'vault',
      'kv',
      'get',
      '-field=token',
      'secret/air flow',
      '$HOME',
      'a b',
    ]);
    expect(splitArgv(`op read "op://SRE/airflow \\"prod\\"/token"`)).toEqual([
      'op',
      'read',
      'op://SRE/airflow "prod"/token',
    ]);
  });

  it('refuses an unclosed quote and an empty command', () => {
    expect(() => splitArgv(`vault "kv`)).toThrow(ConfigError);
    expect(() => splitArgv('   ')).toThrow(/empty/);
  });
});
