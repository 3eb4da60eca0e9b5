// The first useful screen (issue 14 benchmarks), measured side by side in one run on the same
// machine: `dagdeck sim --dags 10000 --jobs 5000`, the built console in a real pseudo-terminal
// (160×48) read through a headless terminal, as bench/console.mjs does.
//   near (no added latency), each of --runs starts:
//     first frame          spawn → visible text on the alternate screen
//     first page           spawn → the simulator answered the first page of DAGs (its request log)
//     first rows           spawn → the DAG pane's title counts rows; "after first page" is the difference
//     full lists           spawn → both titles show every DAG and job
//     key → frame          `j` pressed every 60 ms from the first rows until the DAG list is whole:
//                          write → the cursor position in the title moves (pages still arriving)
//     from the cache       the next start on the same context: spawn → the DAG pane full of cached rows
//   far (`--latency-ms 250`, the cache off):
//     first rows, full DAG list, and the incident view (`!` at the first frame) populated: its
//     title counts and a row is drawn
// Usage: npm run build && node bench/firstScreen.mjs [--runs 3] [--dags 10000] [--jobs 5000]
// Writes bench/results/first-screen.json.
import { spawn as spawnChild } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { spawn as spawnPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';

const root = fileURLToPath(new URL('..', import.meta.url));
function flag(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}
const runs = Number(flag('--runs', 3));
const dags = Number(flag('--dags', 10_000));
const jobs = Number(flag('--jobs', 5_000));
const binary = join(root, 'dist', 'dagdeck.js');
const COLS = 160;
const ROWS = 48;
const TIMEOUT_MS = 120_000;

const round = (n) => Math.round(n);
function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return { n: 0 };
  const at = (p) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return {
    n: sorted.length,
    median: round(at(50)),
    p95: round(at(95)),
    max: round(sorted[sorted.length - 1]),
  };
}

async function startSim(extra, requestLog) {
  const args = [
    binary,
    'sim',
    '--dags',
    String(dags),
    '--jobs',
    String(jobs),
    '--request-log',
    requestLog,
    ...extra,
  ];
  const sim = spawnChild(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise((resolve, reject) => {
    sim.once('exit', (code) => reject(new Error(`dagdeck sim exited with ${code}`)));
    createInterface({ input: sim.stdout }).once('line', resolve);
  });
  return { sim, announced: JSON.parse(line) };
}

/** The console in a pty; `until` resolves with the arrival time of the chunk that made a predicate true. */
class Console {
  constructor(args, env) {
    this.term = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
    this.waiters = new Set();
    this.altScreen = false;
    this.startedAt = Date.now();
    this.started = performance.now();
    this.pty = spawnPty(process.execPath, [binary, ...args], {
      cols: COLS,
      rows: ROWS,
      cwd: root,
      env,
      name: 'xterm-256color',
    });
    this.pty.onData((data) => {
      const arrived = performance.now();
      if (data.includes('\x1b[?1049h')) this.altScreen = true;
      this.term.write(data, () => this.check(arrived));
    });
    this.exited = new Promise((resolve) => this.pty.onExit(resolve));
  }
  lines() {
    const buffer = this.term.buffer.active;
    const lines = [];
    for (let i = 0; i < ROWS; i += 1)
      lines.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '');
    return lines;
  }
  check(arrived) {
    const lines = this.lines();
    for (const waiter of this.waiters) {
      if (waiter.predicate(lines)) {
        this.waiters.delete(waiter);
        waiter.done(arrived);
      }
    }
  }
  until(predicate, what, timeoutMs = TIMEOUT_MS) {
    if (predicate(this.lines())) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no ${what} within ${timeoutMs} ms; screen:\n${this.lines().join('\n')}`));
      }, timeoutMs);
      const waiter = {
        predicate,
        done: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
      this.waiters.add(waiter);
    });
  }
  async quit() {
    this.pty.write('q');
    const timeout = sleep(5_000).then(() => 'timeout');
    if ((await Promise.race([this.exited, timeout])) === 'timeout') this.pty.kill('SIGTERM');
  }
}

// "▌Airflow DAGs 3:2500 · partial: …", " Databricks jobs 12/5014".
const TITLE = /([▌ ])(Airflow DAGs|Databricks jobs) (?:(\d+):)?(\d+)(?:\/(\d+))?/;
function titles(lines) {
  const found = {};
  for (const line of lines) {
    for (const part of line.split(/(?=[▌ ](?:Airflow DAGs|Databricks jobs) )/)) {
      const match = TITLE.exec(part);
      if (!match) continue;
      const key = match[2] === 'Airflow DAGs' ? 'dags' : 'jobs';
      found[key] = {
        position: match[3] === undefined ? undefined : Number(match[3]),
        total: Number(match[5] ?? match[4]),
        partial: part.includes('partial:'),
        cached: part.includes('cached'),
      };
    }
  }
  return found;
}
const hasText = (lines) => lines.some((line) => line.trim() !== '');
// The DAG pane counts rows (the jobs pane has its own, smaller list).
const dagRows = (lines) => (titles(lines).dags?.total ?? 0) > 0;
const full = (lines) => {
  const t = titles(lines);
  return (t.dags?.total ?? 0) >= dags && !t.dags?.partial && (t.jobs?.total ?? 0) >= jobs && !t.jobs?.partial;
};
const dagsFull = (lines) => (titles(lines).dags?.total ?? 0) >= dags && !titles(lines).dags?.partial;
// A screenful of rows under the DAG title: the pane shows as many rows as the terminal allows.
const screenfulOfDags = (lines) => {
  const t = titles(lines).dags;
  return (
    t !== undefined && t.total >= dags && lines.filter((line) => /generated_dag_\d+/.test(line)).length >= 10
  );
};
// The incident view's title counts something, and a row is drawn under its column header.
const incidentsShown = (lines) =>
  lines.some((line) => /^Incidents · last 24h · .*\d+ failed/.test(line)) &&
  lines.some((line) => /^[› ] [ +][✗▶◌↻]/.test(line));

/** When the simulator answered the first page of DAGs after `since` (epoch ms), from its request log. */
function firstDagPageAt(requestLog, since) {
  const lines = readFileSync(requestLog, 'utf8').trim().split('\n');
  for (const line of lines) {
    const entry = JSON.parse(line);
    const at = Date.parse(entry.time);
    // The list's first page (offset 0, a full page), not the one-DAG credential check.
    const query = /\/api\/v\d\/dags\?(.*)$/.exec(entry.path)?.[1];
    if (query === undefined || !/(^|&)offset=0(&|$)/.test(query) || /(^|&)limit=1(&|$)/.test(query)) continue;
    if (at >= since && entry.server === 'airflow' && entry.status === 200) return at;
  }
  return undefined;
}

function contextEnv(dir, announced, name, extra = {}) {
  const configDir = join(dir, name);
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const contexts = {
    [name]: {
      airflow: {
        url: announced.airflow.url,
        username: announced.airflow.username,
        credential: { kind: 'env' },
      },
      databricks: { host: announced.databricks.host, auth: 'pat', credential: { kind: 'env' } },
    },
  };
  writeFileSync(
    join(configDir, 'config.json'),
    JSON.stringify({ schemaVersion: 1, currentContext: name, contexts }),
    { mode: 0o600 },
  );
  const env = {
    ...process.env,
    TERM: 'xterm-256color',
    FORCE_COLOR: '1',
    DAGDECK_CONFIG_DIR: configDir,
    DAGDECK_AIRFLOW_PASSWORD: announced.airflow.password,
    DATABRICKS_TOKEN: announced.databricks.token,
    ...extra,
  };
  delete env.CI;
  delete env.NO_COLOR;
  return env;
}

const dir = mkdtempSync(join(tmpdir(), 'dagdeck-first-'));
const result = { near: {}, far: {} };
try {
  // Near: no added latency.
  const nearLog = join(dir, 'near.jsonl');
  const near = await startSim(['--speed', '1'], nearLog);
  try {
    const samples = {
      firstFrame: [],
      firstPage: [],
      firstRows: [],
      afterFirstPage: [],
      fullLists: [],
      fromCache: [],
      keys: [],
    };
    for (let run = 0; run < runs; run += 1) {
      // A new context each run: its cache starts empty.
      const env = contextEnv(dir, near.announced, `near${run}`);
      const tty = new Console([], env);
      const frameAt = await tty.until((lines) => tty.altScreen && hasText(lines), 'first frame');
      const rowsAt = await tty.until(dagRows, 'first DAG rows');
      // Keys while the pages are still arriving: j every 60 ms, write → the position moves.
      let loaded = false;
      const fullPromise = tty.until(full, 'full lists').then((at) => {
        loaded = true;
        return at;
      });
      while (!loaded) {
        const before = titles(tty.lines()).dags?.position ?? 0;
        const sent = performance.now();
        tty.pty.write('j');
        const moved = await tty.until((lines) => (titles(lines).dags?.position ?? 0) > before, 'j', 10_000);
        samples.keys.push(moved - sent);
        await sleep(60);
      }
      const fullAt = await fullPromise;
      const pageAt = firstDagPageAt(nearLog, tty.startedAt);
      samples.firstFrame.push(frameAt - tty.started);
      samples.firstRows.push(rowsAt - tty.started);
      samples.fullLists.push(fullAt - tty.started);
      if (pageAt !== undefined) {
        samples.firstPage.push(pageAt - tty.startedAt);
        samples.afterFirstPage.push(rowsAt - tty.started - (pageAt - tty.startedAt));
      }
      await sleep(500);
      await tty.quit();
      // The next session on the same context: the cache the first one left.
      const again = new Console([], env);
      const cachedAt = await again.until(screenfulOfDags, 'a screenful of cached rows');
      samples.fromCache.push(cachedAt - again.started);
      await again.quit();
      console.error(
        `near run ${run + 1}: first rows ${round(rowsAt - tty.started)} ms, full ${round(fullAt - tty.started)} ms, cache ${round(cachedAt - again.started)} ms`,
      );
    }
    for (const [name, values] of Object.entries(samples)) result.near[name] = summarise(values);
  } finally {
    near.sim.kill('SIGTERM');
  }

  // Far: 250 ms added to every answer; the cache off, so every start is cold.
  const farLog = join(dir, 'far.jsonl');
  const far = await startSim(['--speed', '1', '--latency-ms', '250'], farLog);
  try {
    const samples = { firstRows: [], fullDags: [], fullLists: [], incidents: [] };
    for (let run = 0; run < runs; run += 1) {
      const env = contextEnv(dir, far.announced, `far${run}`);
      const tty = new Console(['--no-cache'], env);
      const rowsAt = await tty.until(dagRows, 'first DAG rows');
      const dagsAt = await tty.until(dagsFull, 'the whole DAG list');
      const fullAt = await tty.until(full, 'full lists');
      samples.firstRows.push(rowsAt - tty.started);
      samples.fullDags.push(dagsAt - tty.started);
      samples.fullLists.push(fullAt - tty.started);
      await tty.quit();
      const incidents = new Console(['--no-cache'], env);
      await incidents.until((lines) => incidents.altScreen && hasText(lines), 'first frame');
      incidents.pty.write('!');
      const shownAt = await incidents.until(incidentsShown, 'the incident view populated');
      samples.incidents.push(shownAt - incidents.started);
      await incidents.quit();
      console.error(
        `far run ${run + 1}: first rows ${round(rowsAt - tty.started)} ms, DAGs ${round(dagsAt - tty.started)} ms, incidents ${round(shownAt - incidents.started)} ms`,
      );
    }
    for (const [name, values] of Object.entries(samples)) result.far[name] = summarise(values);
  } finally {
    far.sim.kill('SIGTERM');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const report = {
  date: new Date().toISOString(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpu: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  dags: dags + 13,
  jobs: jobs + 14,
  runs,
  ...result,
};
console.log(JSON.stringify(report, null, 2));
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(join(root, 'bench/results/first-screen.json'), `${JSON.stringify(report, null, 2)}\n`);
