// Progressive lists and the last-known state in a real terminal (issue 14 "Done when"): on a far
// server the DAG rows appear page by page, the pane title saying how many of how many are in; the
// next session opens on the cached lists at once and, with the servers gone, stays up with the
// cached rows marked stale with their age; in the incident view a backend that cannot be reached
// is "unknown", never zero. `dagdeck sim` serves both simulators; contexts live in a temporary
// DAGDECK_CONFIG_DIR, and the cache beside them.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY } from '../support/keys.js';
import { consoleBin, PtyConsole } from './support/ptyConsole.js';

interface Announcement {
  airflow: { url: string; username: string; password: string };
  databricks: { host: string; token: string };
}

let sim: ChildProcess | undefined;
let announced: Announcement;
let dir: string;

function env(): Record<string, string> {
  return {
    DAGDECK_CONFIG_DIR: join(dir, 'config'),
    DAGDECK_AIRFLOW_PASSWORD: announced.airflow.password,
    DATABRICKS_TOKEN: announced.databricks.token,
  };
}

function dagdeck(args: string[]): void {
  const result = spawnSync(process.execPath, [consoleBin, ...args], {
    env: { ...process.env, ...env() },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`dagdeck ${args.join(' ')}: ${result.stderr}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-e2e-cache-'));
  // 3,000 generated DAGs 150 ms away: 31 pages, so the first ones land well before the last.
  sim = spawn(
    process.execPath,
    [consoleBin, 'sim', '--speed', '0', '--seed', '5', '--dags', '3000', '--latency-ms', '150'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const lines = createInterface({ input: sim.stdout as NodeJS.ReadableStream });
  announced = await new Promise<Announcement>((resolve) =>
    lines.once('line', (line) => resolve(JSON.parse(line) as Announcement)),
  );
  const { airflow, databricks } = announced;
  dagdeck(['context', 'add', 'far', '--airflow-url', airflow.url, '--airflow-user', airflow.username]);
  dagdeck([
    'context',
    'add',
    'both',
    '--airflow-url',
    airflow.url,
    '--airflow-user',
    airflow.username,
    '--databricks-host',
    databricks.host,
  ]);
  // The same Airflow, and a Databricks workspace that nobody answers for.
  dagdeck([
    'context',
    'add',
    'half-down',
    '--airflow-url',
    airflow.url,
    '--airflow-user',
    airflow.username,
    '--databricks-host',
    'http://127.0.0.1:9',
  ]);
}, 60_000);

afterAll(() => {
  sim?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
});

function start(context: string): PtyConsole {
  return new PtyConsole({ args: ['--context', context], cols: 160, rows: 40, env: env() });
}

describe('progressive lists and the last-known state (issue 14)', () => {
  it('rows appear page by page, then the whole list; quitting leaves the cache behind', async () => {
    const session = start('far');
    try {
      // Rows of the first pages with the count of what is in, before the list is complete.
      // Both on one screen: a frame caught mid-redraw may hold the title before its rows.
      await session.waitFor([/Airflow DAGs 1:\d+ · partial: (\d+) of 30\d\d loaded/, /generated_dag_\d+/], {
        timeoutMs: 20_000,
      });
      await session.waitUntil(
        (screen) => /Airflow DAGs 1:30\d\d/.test(screen) && !screen.includes('partial'),
        'the whole DAG list',
        { timeoutMs: 30_000 },
      );
      await session.press('q');
      expect(await session.exited).toBe(0);
      // Beside the config, since DAGDECK_CONFIG_DIR moves it ($XDG_CACHE_HOME/dagdeck otherwise).
      expect(existsSync(join(dir, 'config', 'cache', 'far.json'))).toBe(true);
    } finally {
      session.kill();
    }
  }, 60_000);

  it('a backend that cannot be reached is unknown in the incident view, never zero', async () => {
    const session = start('half-down');
    try {
      await session.waitFor('Airflow DAGs');
      await session.press('!');
      await session.waitFor(
        [
          'Databricks unknown (not zero)',
          /Incidents · last 24h · Databricks: unknown · (\d+\/\d+ · )?Airflow: \d+ failed/,
        ],
        { timeoutMs: 30_000 },
      );
      await session.press(KEY.esc, 'q');
      expect(await session.exited).toBe(0);
    } finally {
      session.kill();
    }
  }, 60_000);

  it('with the servers gone, the next session opens on the cached lists, marked with their age, and stays up', async () => {
    sim?.kill('SIGTERM');
    await new Promise((resolve) => sim?.once('exit', resolve));
    sim = undefined;
    const session = start('far');
    try {
      const screen = await session.waitFor(
        [/Airflow DAGs 1:30\d\d · cached \d+[smh] ago/, 'lists from cache, read'],
        {
          timeoutMs: 15_000,
        },
      );
      expect(screen).toMatch(/generated_dag_\d+/);
      // The failure to refresh is said, and the console is still there to take keys.
      await session.waitFor(/refused|unreachable|cannot/i, { timeoutMs: 30_000 });
      await session.press('j');
      await session.waitFor('Airflow DAGs 2:30');
      await session.press('q');
      expect(await session.exited).toBe(0);
    } finally {
      session.kill();
    }
  }, 60_000);
});
