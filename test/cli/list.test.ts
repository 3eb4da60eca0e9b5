// `dagdeck jobs list`, `dagdeck dags list` and `dagdeck context test` against the Databricks
// simulator on 127.0.0.1 (issue 4 "Commands": --context, --json, a readable table; context test
// checks reachable, authenticated, server version, credential source; documented exit codes).
// The Airflow cases wait for the Airflow simulator (source/sim/airflow/server.ts).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTable } from '../../source/cli/table.js';
import { displayWidth } from '../../source/core/displayWidth.js';
import { createSimClock } from '../../source/sim/clock.js';
import { type DatabricksSim, startDatabricksSim } from '../../source/sim/databricks/server.js';
import { runDagdeck } from './support/runDagdeck.js';

let dir: string;
let sim: DatabricksSim;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-list-'));
  sim = await startDatabricksSim({ clock: createSimClock(), port: 0, host: '127.0.0.1', jobs: 150 });
  const add = await runDagdeck(['context', 'add', 'sim', '--databricks-host', sim.url], { configDir: dir });
  expect(add.code).toBe(0);
  const unreachable = await runDagdeck(
    ['context', 'add', 'down', '--databricks-host', 'http://127.0.0.1:9'],
    {
      configDir: dir,
    },
  );
  expect(unreachable.code).toBe(0);
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

const dagdeck = (args: string[], env: Record<string, string> = {}) =>
  runDagdeck(args, { configDir: dir, env });

describe('dagdeck jobs list', () => {
  it('--json returns every job (2.2 pages merged), credential from env DATABRICKS_TOKEN', async () => {
    const run = await dagdeck(['jobs', 'list', '--json', '--context', 'sim'], {
      DATABRICKS_TOKEN: sim.token,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const jobs = JSON.parse(run.stdout) as Array<{ backend: string; id: string; name: string }>;
    expect(jobs).toHaveLength(sim.state.jobs.size);
    expect(jobs.length).toBeGreaterThan(150);
    expect(new Set(jobs.map((job) => job.id)).size).toBe(jobs.length);
    expect(jobs.every((job) => job.backend === 'databricks')).toBe(true);
  });

  it('prints a padded table by default, header first, one row per job', async () => {
    const run = await dagdeck(['jobs', 'list', '--context', 'sim'], { DATABRICKS_TOKEN: sim.token });
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^JOB ID\s+NAME\s+PAUSED\s+SCHEDULE\s+TAGS$/);
    expect(lines).toHaveLength(sim.state.jobs.size + 1);
    expect(run.stdout).not.toContain('\u001b');
  });

  it('a token from --token-stdin is used (first in the chain)', async () => {
    const run = await runDagdeck(['jobs', 'list', '--json', '--context', 'sim', '--token-stdin'], {
      configDir: dir,
      stdin: `${sim.token}\n`,
      env: { DATABRICKS_TOKEN: 'dapi-wrong-token' },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('a rejected token: exit 4, one line, the token never shown', async () => {
    const wrong = 'dapi0000000000000000000000000000dead';
    const run = await dagdeck(['jobs', 'list', '--context', 'sim'], { DATABRICKS_TOKEN: wrong });
    expect(run.code).toBe(4);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toContain(wrong);
    expect(run.stdout).toBe('');
  });

  it('no credential anywhere and no terminal: exit 4 naming the keychain skip and what to do', async () => {
    const run = await dagdeck(['jobs', 'list', '--context', 'sim']);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(
      /^dagdeck: no Databricks token for context "sim": keychain skipped: no D-Bus session .*DATABRICKS_TOKEN.*dagdeck login --context sim`\n$/,
    );
  });

  it('an unreachable workspace: exit 5; dags list on a context without Airflow: exit 3', async () => {
    const down = await dagdeck(['jobs', 'list', '--context', 'down'], { DATABRICKS_TOKEN: 'x-token' });
    expect(down.code).toBe(5);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    const dags = await dagdeck(['dags', 'list', '--context', 'sim']);
    expect(dags.code).toBe(3);
    expect(dags.stderr).toMatch(/has no Airflow endpoint/);
  });
});

describe('dagdeck context test', () => {
  it('--json: reachable, authenticated, version and the credential source that won', async () => {
    const run = await dagdeck(['context', 'test', 'sim', '--json'], { DATABRICKS_TOKEN: sim.token });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ context: 'sim', ok: true });
    expect(report.backends).toHaveLength(1);
    expect(report.backends[0]).toMatchObject({
      backend: 'databricks',
      ok: true,
      reachable: true,
      authenticated: true,
      credentialSource: 'env DATABRICKS_TOKEN',
    });
    expect(report.backends[0].version ?? report.backends[0].apiVersion).toBeTruthy();
  });

  it('table output; a rejected credential gives exit 4 and "reachable yes, authenticated no"', async () => {
    const ok = await dagdeck(['--context', 'sim', 'context', 'test'], { DATABRICKS_TOKEN: sim.token });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /^BACKEND\s+ENDPOINT\s+REACHABLE\s+AUTHENTICATED\s+VERSION\s+CREDENTIAL\s+RESULT/,
    );
    expect(ok.stdout).toMatch(
      /databricks\s+http:\/\/127\.0\.0\.1:\d+\s+yes\s+yes\s+.*env DATABRICKS_TOKEN\s+ok/,
    );

    const rejected = await dagdeck(['context', 'test', 'sim', '--json'], {
      DATABRICKS_TOKEN: 'not-the-token',
    });
    expect(rejected.code).toBe(4);
    const report = JSON.parse(rejected.stdout);
    expect(report.ok).toBe(false);
    expect(report.backends[0]).toMatchObject({ reachable: true, authenticated: false, ok: false });
    expect(report.backends[0].error).not.toContain('not-the-token');
  });

  it('an unreachable workspace: exit 5, reachable no', async () => {
    const run = await dagdeck(['context', 'test', 'down', '--json'], { DATABRICKS_TOKEN: 'x-token' });
    expect(run.code).toBe(5);
    expect(JSON.parse(run.stdout).backends[0]).toMatchObject({ reachable: false, ok: false });
  });

  // The first credential source: --token-file / --token-stdin come before the environment,
  // and context test names them as the source that won (or was rejected).
  it('--token-file with the right PAT wins over a wrong DATABRICKS_TOKEN and is named as the source', async () => {
    const file = join(dir, 'pat-right');
    writeFileSync(file, `${sim.token}\n`, { mode: 0o600 });
    const run = await dagdeck(['context', 'test', 'sim', '--json', '--token-file', file], {
      DATABRICKS_TOKEN: 'dapi-wrong-token',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).backends[0]).toMatchObject({
      backend: 'databricks',
      ok: true,
      authenticated: true,
      credentialSource: `token file ${file}`,
    });
  });

  it('--token-file with a wrong PAT: exit 4, one report line naming the file, the PAT never printed', async () => {
    const wrong = 'dapi0000000000000000000000000000beef';
    const file = join(dir, 'pat-wrong');
    writeFileSync(file, wrong, { mode: 0o600 });
    const run = await dagdeck(['context', 'test', 'sim', '--token-file', file], {
      DATABRICKS_TOKEN: sim.token,
    });
    expect(run.code).toBe(4);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2); // the header and the databricks row
    expect(lines[1]).toMatch(/^databricks\s+http:\/\/127\.0\.0\.1:\d+\s+yes\s+no\s+/);
    expect(lines[1]).toContain(`token file ${file}`);
    expect(`${run.stdout}${run.stderr}`).not.toContain(wrong);
  });

  it('--token-stdin is named as the source that won', async () => {
    const run = await runDagdeck(['context', 'test', 'sim', '--json', '--token-stdin'], {
      configDir: dir,
      stdin: `${sim.token}\n`,
      env: { DATABRICKS_TOKEN: 'dapi-wrong-token' },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).backends[0]).toMatchObject({ ok: true, credentialSource: '--token-stdin' });
    expect(run.stdout).not.toContain(sim.token);
  });
});

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
const secretService = process.platform === 'linux' && has('dbus-run-session') && has('gnome-keyring-daemon');

describe.skipIf(!secretService)('login into a real Secret Service, then list from the keychain', () => {
  it('`login --token-stdin` stores the PAT; `context test` then names "keychain" as the source', async () => {
    const home = mkdtempSync(join(tmpdir(), 'dagdeck-kc-home-'));
    const cli = `"$0" --import tsx cli.tsx`;
    const script = [
      'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1',
      `printf %s "$1" | ${cli} login --context sim --token-stdin || exit 11`,
      `${cli} context test sim --json`,
    ].join('; ');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn('dbus-run-session', ['--', 'sh', '-c', script, process.execPath, sim.token], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          XDG_DATA_HOME: join(home, 'share'),
          XDG_RUNTIME_DIR: home,
          DAGDECK_CONFIG_DIR: dir,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    rmSync(home, { recursive: true, force: true });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^stored the databricks secret of context sim in the keychain\n/);
    expect(result.stdout).not.toContain(sim.token);
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
    expect(report.backends[0]).toMatchObject({ ok: true, authenticated: true, credentialSource: 'keychain' });
  });
});

describe('renderTable (security-reliability.md §4.4: server text never drives the terminal)', () => {
  it('aligns CJK and emoji DAG names by terminal columns, not code points (issue 15)', () => {
    const out = renderTable(
      ['DAG', 'STATE'],
      [
        ['日次集計', 'failed'],
        ['🚀_launch', 'running'],
        ['etl', 'success'],
        ['売上レポート_月次_全社_詳細', 'queued'],
      ],
      { maxWidth: 12 },
    );
    const lines = out.trimEnd().split('\n');
    // Every STATE cell starts in the same terminal column.
    const starts = lines.map((line) =>
      displayWidth(line.slice(0, line.search(/(STATE|failed|running|success|queued)$/))),
    );
    expect(new Set(starts)).toEqual(new Set([13]));
    expect(lines[4]).toBe('売上レポー…  queued');
  });

  it('pads columns, clips long cells, and makes escape, newline and bidi characters inert', () => {
    const out = renderTable(
      ['ID', 'NAME'],
      [
        ['a', 'evil\u001b]52;c;AAAA\u0007name\nsecond line'],
        ['long-id', `x${'y'.repeat(100)}`],
        ['b', 'rtl\u202eexe.txt'],
      ],
      { maxWidth: 20 },
    );
    expect(out).not.toMatch(/[\u0007\u001b\u202e]/);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    // The cells go through the console's sanitiser for names (issue 15: one sanitiser): the OSC 52
    // sequence is dropped whole, the newline becomes a space, the bidi override is stripped.
    expect(lines[0]).toBe('ID       NAME');
    expect(lines[1]).toBe('a        evilname second line');
    expect(lines[2]).toBe(`long-id  x${'y'.repeat(18)}…`);
    expect(lines[3]).toBe('b        rtlexe.txt');
  });
});
