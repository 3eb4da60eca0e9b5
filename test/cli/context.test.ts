// `dagdeck context add|list|use|remove` (issue 4 "Commands"; the option names are a contract) and
// the rule that the config file never holds a secret (secrets live in the keychain or come from a
// source at run time).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDagdeck } from './support/runDagdeck.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-ctx-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const dagdeck = (args: string[], env: Record<string, string> = {}) =>
  runDagdeck(args, { configDir: dir, env });
const config = () => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));

describe('dagdeck context (issue 4 "Commands")', () => {
  it('add with every contract option, list (table and --json), use, remove', async () => {
    const add = await dagdeck([
      'context',
      'add',
      'prod',
      '--airflow-url',
      'https://airflow.example.com',
      '--airflow-user',
      'admin',
      '--databricks-host',
      'adb-1.azuredatabricks.net',
      '--databricks-client-id',
      'sp-client-id',
      '--protection',
      'protected',
    ]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/added context prod \(current\)/);
    const second = await dagdeck([
      'context',
      'add',
      'dev',
      '--databricks-host',
      'https://dev.cloud.databricks.com',
      '--databricks-profile',
      'dev',
    ]);
    expect(second.code).toBe(0);

    const stored = config();
    expect(stored.currentContext).toBe('prod');
    expect(stored.contexts.prod).toMatchObject({
      protection: 'protected',
      airflow: {
        url: 'https://airflow.example.com',
        auth: 'password',
        username: 'admin',
        credential: { kind: 'keychain' },
      },
      databricks: { host: 'https://adb-1.azuredatabricks.net', auth: 'oauth-m2m', clientId: 'sp-client-id' },
    });
    expect(stored.contexts.dev.databricks).toMatchObject({ auth: 'profile', profile: 'dev' });
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);

    const list = await dagdeck(['context', 'list']);
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CURRENT\s+NAME\s+PROTECTION\s+AIRFLOW/);
    expect(lines.find((line) => line.includes('prod'))).toMatch(/^\*\s+prod\s+protected\s+https:\/\/airflow/);

    const json = await dagdeck(['context', 'list', '--json']);
    const parsed = JSON.parse(json.stdout) as Array<{ name: string; current: boolean }>;
    expect(parsed.map((c) => [c.name, c.current])).toEqual([
      ['dev', false],
      ['prod', true],
    ]);

    const use = await dagdeck(['context', 'use', 'dev']);
    expect(use.code).toBe(0);
    expect(config().currentContext).toBe('dev');

    const remove = await dagdeck(['context', 'remove', 'dev', '--keep-secrets']);
    expect(remove.code).toBe(0);
    expect(Object.keys(config().contexts)).toEqual(['prod']);
    expect(config().currentContext).toBeUndefined();
  });

  it('a token command is stored as argv (split without a shell), never its output', async () => {
    const add = await dagdeck([
      'context',
      'add',
      'vault',
      '--airflow-url',
      'http://127.0.0.1:1',
      '--airflow-auth',
      'token',
      '--token-command',
      `vault kv get -field=token "secret/air flow"`,
    ]);
    expect(add.code).toBe(0);
    expect(config().contexts.vault.airflow.credential).toEqual({
      kind: 'command',
      argv: ['vault', 'kv', 'get', '-field=token', 'secret/air flow'],
    });
  });

  it('errors are one line with the documented exit codes', async () => {
    const noEndpoint = await dagdeck(['context', 'add', 'x']);
    expect(noEndpoint.code).toBe(2);
    expect(noEndpoint.stderr.trim().split('\n')).toHaveLength(1);

    const unknown = await dagdeck(['context', 'use', 'nope']);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/^dagdeck: no context named "nope" in .*config\.json; list them/);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);

    const badName = await dagdeck(['context', 'add', '../evil', '--airflow-url', 'https://a']);
    expect(badName.code).toBe(3);

    const badProtection = await dagdeck([
      'context',
      'add',
      'y',
      '--airflow-url',
      'https://a',
      '--protection',
      'x',
    ]);
    expect(badProtection.code).toBe(2);

    const testMissing = await dagdeck(['context', 'test', 'nope']);
    expect(testMissing.code).toBe(3);
    expect(testMissing.stderr).not.toMatch(/\n\s+at /);
  });
});
