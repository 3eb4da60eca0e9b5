// Context safety (issue 13): http:// to a remote host is refused unless the context says
// --allow-insecure-http (a password or token would cross the network in clear); a context name
// from a hand-edited config ("../../x") is refused when the file is read, before any path is built
// from it (login --insecure-storage wrote the secret outside the config directory); the deadlines
// and the list ceiling are stored per context next to the other timeouts.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertContextName } from '../../source/config/contextName.js';
import { isCleartextRemote, isLoopbackHost } from '../../source/config/insecureHttp.js';
import { insecureSecretPath } from '../../source/credentials/insecureFile.js';
import { runDagdeck } from './support/runDagdeck.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-ctx-safety-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const dagdeck = (args: string[], options: { env?: Record<string, string>; stdin?: string } = {}) =>
  runDagdeck(args, { configDir: dir, ...options });
const configPath = () => join(dir, 'config.json');

describe('cleartext http (issue 13)', () => {
  it('loopback is loopback; everything else over http is remote', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'api.localhost']) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    for (const url of ['http://airflow.example.com', 'http://10.0.0.5:8080', 'http://127.0.0.1.nip.io']) {
      expect(isCleartextRemote(url)).toBe(true);
    }
    expect(isCleartextRemote('https://airflow.example.com')).toBe(false);
    expect(isCleartextRemote('http://127.0.0.1:8080')).toBe(false);
  });

  it.each([
    ['--airflow-url', 'http://airflow.example.com'],
    ['--databricks-host', 'http://adb-1.example.net'],
  ])('context add %s %s is refused (exit 2, one line, nothing written)', async (option, url) => {
    const run = await dagdeck(['context', 'add', 'prod', option, url]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`${url} is plain http to a remote host`);
    expect(run.stderr).toContain('--allow-insecure-http');
    expect(existsSync(configPath())).toBe(false);
  });

  it('--allow-insecure-http stores the choice; loopback needs nothing', async () => {
    const insecure = await dagdeck([
      'context',
      'add',
      'lab',
      '--airflow-url',
      'http://airflow.lab.example.com',
      '--allow-insecure-http',
    ]);
    expect(insecure.code).toBe(0);
    const local = await dagdeck(['context', 'add', 'local', '--airflow-url', 'http://127.0.0.1:8080']);
    expect(local.code).toBe(0);
    const stored = JSON.parse(readFileSync(configPath(), 'utf8'));
    expect(stored.contexts.lab.allowInsecureHttp).toBe(true);
    expect(stored.contexts.local).not.toHaveProperty('allowInsecureHttp');
    const list = await dagdeck(['context', 'list', '--json']);
    const lab = (JSON.parse(list.stdout) as Array<{ name: string; allowInsecureHttp?: boolean }>).find(
      (c) => c.name === 'lab',
    );
    expect(lab?.allowInsecureHttp).toBe(true);
  });

  it('a hand-edited context with a remote http URL is refused when used (exit 3), not silently sent', async () => {
    writeFileSync(
      configPath(),
      JSON.stringify({
        schemaVersion: 1,
        currentContext: 'edited',
        contexts: { edited: { airflow: { url: 'http://airflow.example.com', auth: 'token' } } },
      }),
      { mode: 0o600 },
    );
    const run = await dagdeck(['dags', 'list'], { env: { DAGDECK_AIRFLOW_TOKEN: 'tok-123456' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'dagdeck: the Airflow URL of context "edited" is http://airflow.example.com, plain http to a remote host: credentials would cross the network in clear; use https://, or re-add the context with --allow-insecure-http if this network is trusted\n',
    );
  });
});

describe('context names from the config file (issue 13)', () => {
  it('a traversal name in a hand-edited file is refused on read; login writes nothing outside', async () => {
    // The config sits deep inside this test's own directory, so "outside" is a place only this test
    // writes to (the shared temporary directory changes under other tests).
    const configDir = join(dir, 'home', 'user', 'dagdeck');
    mkdirSync(configDir, { recursive: true });
    writeFileSync(
      join(configDir, 'config.json'),
      JSON.stringify({
        schemaVersion: 1,
        currentContext: '../../x',
        contexts: { '../../x': { airflow: { url: 'https://airflow.example.com', username: 'ops' } } },
      }),
      { mode: 0o600 },
    );
    const before = readdirSync(dir, { recursive: true }).sort();
    const run = await runDagdeck(['login', '--context', '../../x', '--token-stdin', '--insecure-storage'], {
      configDir,
      stdin: 'the-secret-value',
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /config file .* is invalid \(contexts\.\.\.\/\.\.\/x: context name not allowed/,
    );
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual(before);
    expect(existsSync(join(configDir, 'secrets'))).toBe(false);
    expect(run.stdout + run.stderr).not.toContain('the-secret-value');
  });

  it('every path built from a name checks it first', () => {
    expect(() => insecureSecretPath(dir, '../../x', 'airflow')).toThrow(
      /context name "\.\.\/\.\.\/x" is not allowed/,
    );
    expect(insecureSecretPath(dir, 'prod.eu', 'airflow')).toBe(join(dir, 'secrets', 'prod.eu.airflow'));
    expect(() => assertContextName('a/b')).toThrow();
    expect(assertContextName('prod-eu_1@x')).toBe('prod-eu_1@x');
  });
});

describe('deadlines and the list ceiling per context (issue 13)', () => {
  it('--request-timeout, --list-timeout and --max-list-items are stored and listed', async () => {
    const add = await dagdeck([
      'context',
      'add',
      'prod',
      '--airflow-url',
      'https://airflow.example.com',
      '--request-timeout',
      '90s',
      '--list-timeout',
      '5m',
      '--max-list-items',
      '50000',
    ]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const stored = JSON.parse(readFileSync(configPath(), 'utf8'));
    expect(stored.contexts.prod.timeouts).toEqual({ requestMs: 90_000, listMs: 300_000 });
    expect(stored.contexts.prod.maxListItems).toBe(50_000);
  });

  it.each([
    ['--max-list-items', '10'],
    ['--max-list-items', 'lots'],
    ['--list-timeout', '1h'],
  ])('%s %s is a usage error', async (option, value) => {
    const run = await dagdeck([
      'context',
      'add',
      'x',
      '--airflow-url',
      'https://a.example.com',
      option,
      value,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
