// The log pane at size, measured on what the screen shows: the built
// console in a real pseudo-terminal (node-pty, 160×48) read through a headless terminal, against
// `dagdeck sim` on this machine.
//   1. A finished try of 1,000,000 lines (Airflow 3.3.2, continuation tokens): from `l` on its task
//      to the pane's first screen and to its last line; then, from the top, a search for a string
//      that occurs once (the last line), typed as one burst with Enter, to the screen showing the
//      match at "1/1" (case-sensitive, and lower case: the folding scan); `s` saves the whole log;
//      peak RSS (VmHWM) of the console; lines lost or duplicated against `dagdeck logs` of that try.
//   2. A live try written at --rate lines/s, followed from its start: key → frame while it streams
//      (k pauses: "⏸ paused"; G follows again: "▼ following"), and the same keys once it has ended
//      (the machine's and ink's own cost), frames drawn per second, peak RSS, lines lost or
//      duplicated once it ends (the pane's saved log against `dagdeck logs`).
//   3. The anchor: `less` on the saved 1M-line file in the same pseudo-terminal size: its first
//      screen, and +/pattern to the screen showing the match.
// Usage: npm run build && node bench/logpane.mjs [--lines 1000000] [--rate 2000] [--live-lines 120000]
//        [--keys 100] [--bin dist/dagdeck.js] [--live-only] [--no-write]
// Writes bench/results/logpane.json (unless --no-write).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { airflowCall } from './support/airflow.mjs';
import { binary, flag, has } from './support/args.mjs';
import { lessUntil } from './support/less.mjs';
import { peakRssMiB } from './support/memory.mjs';
import { COLS, PtyConsole, ROWS } from './support/ptyConsole.mjs';
import { writeResults } from './support/results.mjs';
import { startSimWithContext } from './support/sim.mjs';
import { round, summarise } from './support/stats.mjs';

const size = Number(flag('--lines', 1_000_000));
const liveRate = Number(flag('--rate', 2000));
const liveLines = Number(flag('--live-lines', 120_000));
const keyCount = Number(flag('--keys', 100));
const DAG = 'ml_feature_store_sync';
const TASK = 'train_drift_model';

const status = (lines) =>
  lines.find((line) => /^(▼ following|⏸ paused|■ end of log|⟳ reconnecting|✗ stopped)/.test(line)) ?? '';
const shownOf = (lines) => Number(/ of ([\d,]+)/.exec(status(lines))?.[1]?.replace(/,/g, '') ?? 0);

/** Home → the DAG's grid → the run `olderBy` columns left of the newest → its task screen. */
async function openTask(tty, runId, olderBy) {
  await tty.until((lines) => lines.some((line) => line.includes('Airflow DAGs')), 'home');
  await tty.keys('/', ...DAG, '\r');
  await tty.until((lines) => lines.some((line) => line.includes(`home /${DAG}`)), 'the filter');
  await tty.keys('\r');
  // The grid counts its runs: "0 runs × 0 tasks" is still loading, and a key pressed then may not land
  // on the column it means once the runs arrive.
  await tty.until((lines) => lines.some((line) => /[1-9]\d* runs × [1-9]/.test(line)), 'the grid');
  await tty.keys(...Array.from({ length: olderBy }, () => 'h'), '\r');
  await tty.until(
    (lines) => lines.some((line) => line.includes(`Task ${TASK}`) && line.includes(runId)),
    `the task screen of ${runId}`,
  );
  // `l` opens the log of a try: wait until the screen shows one (a live run's task starts seconds
  // after the trigger, and a key pressed before that opens nothing).
  await tty.until((lines) => lines.some((line) => /· try [1-9]\d* of /.test(line)), 'a try', 60_000);
}

/** The pane's saved log against `dagdeck logs` of the same try: lines lost and lines twice. */
function compare(savedPath, env, runId) {
  const expected = execFileSync(process.execPath, [binary, 'logs', DAG, runId, TASK, '--try', '1'], {
    env,
    maxBuffer: 1 << 30,
  })
    .toString()
    .split('\n');
  const saved = readFileSync(savedPath, 'utf8').split('\n');
  const counts = new Map();
  for (const line of expected) counts.set(line, (counts.get(line) ?? 0) + 1);
  for (const line of saved) counts.set(line, (counts.get(line) ?? 0) - 1);
  let lost = 0;
  let duplicated = 0;
  for (const n of counts.values()) {
    if (n > 0) lost += n;
    else duplicated -= n;
  }
  return {
    lines: saved.length - 1,
    expected: expected.length - 1,
    lost,
    duplicated,
    identical: saved.join('\n') === expected.join('\n'),
  };
}

async function save(tty) {
  const started = performance.now();
  await tty.keys('s');
  await tty.until((lines) => lines.some((line) => line.startsWith('Saved to ')), 'the save', 60_000);
  const line = tty.lines().find((l) => l.startsWith('Saved to ')) ?? '';
  return { path: /^Saved to (\S+\.log)/.exec(line)?.[1], ms: round(performance.now() - started) };
}

const results = { finished: undefined, live: undefined, less: undefined };
let savedCopy;

// 1. The finished 1M-line try: the second-newest run's (it ended an hour before the story's now).
if (!has('--live-only')) {
  const sim = await startSimWithContext([
    '--seed',
    '12',
    '--airflow-version',
    '3.3.2',
    '--speed',
    '0',
    '--log-lines',
    String(size),
    '--log-rate',
    String(Math.max(1000, size / 1800)),
  ]);
  try {
    const runs = await airflowCall(sim.announcement, 'GET', `/dags/${DAG}/dagRuns?limit=5`);
    const finished = runs.dag_runs
      .filter((run) => run.state === 'success')
      .sort((a, b) => (a.run_after < b.run_after ? 1 : -1))[0];
    const tty = new PtyConsole([binary], sim.env);
    await openTask(tty, finished.dag_run_id, 1);
    const pressed = performance.now();
    tty.pty.write('l');
    const firstAt = await tty.until((lines) => shownOf(lines) > 0, 'the first screen of the log');
    const lastAt = await tty.until(
      (lines) =>
        status(lines).startsWith('■ end of log') &&
        lines.some((line) => line.includes('Marking task as SUCCESS')),
      'the last line',
      600_000,
    );
    const total = shownOf(tty.lines());
    await tty.keys('g');
    await tty.until((lines) => / lines 1–/.test(status(lines)), 'the top');
    const searchSensitive = await tty.press(
      '/Marking task as SUCCESS\r',
      (lines) => status(lines).includes('/Marking task as SUCCESS 1/1'),
      'the match',
    );
    await tty.keys('\x1b', 'g');
    await tty.until(
      (lines) => / lines 1–/.test(status(lines)) && !status(lines).includes('/'),
      'the top again',
    );
    const searchFolded = await tty.press(
      '/marking task as success\r',
      (lines) => status(lines).includes('/marking task as success 1/1'),
      'the folded match',
    );
    const saved = await save(tty);
    const rss = peakRssMiB(tty.pid);
    await tty.quit();
    savedCopy = join(tmpdir(), `dagdeck-bench-pane-${process.pid}.log`);
    writeFileSync(savedCopy, readFileSync(saved.path));
    const check = compare(saved.path, sim.env, finished.dag_run_id);
    results.finished = {
      lines: total,
      firstScreenMs: round(firstAt - pressed),
      lastLineMs: round(lastAt - pressed),
      searchOnceMs: round(searchSensitive),
      searchOnceFoldedMs: round(searchFolded),
      saveMs: saved.ms,
      peakRssMiB: rss,
      ...check,
    };
    console.log('finished', JSON.stringify(results.finished));
  } finally {
    await sim.stop();
  }
}

// 2. A live try at `liveRate` lines/s: triggered, opened from its task screen, followed to its end.
{
  const sim = await startSimWithContext([
    '--seed',
    '12',
    '--airflow-version',
    '3.3.2',
    '--speed',
    '1',
    '--log-lines',
    String(liveLines),
    '--log-rate',
    String(liveRate),
  ]);
  try {
    const runId = `bench_live_${Date.now()}`;
    await airflowCall(sim.announcement, 'POST', `/dags/${DAG}/dagRuns`, {
      dag_run_id: runId,
      logical_date: null,
    });
    const tty = new PtyConsole([binary], sim.env);
    await openTask(tty, runId, 0);
    await tty.keys('l');
    // Well into the stream (a quarter of it in a small trial run, whose whole try is under 5,000 lines).
    const streaming = Math.min(5000, liveLines / 4);
    await tty.until(
      (lines) => status(lines).startsWith('▼ following') && shownOf(lines) > streaming,
      'lines streaming in',
      120_000,
    );
    // Frames drawn while it streams, no key pressed.
    const from = tty.chunks;
    const t0 = performance.now();
    await sleep(5000);
    const framesPerSecond = round(((tty.chunks - from) * 1000) / (performance.now() - t0));
    const samples = { pause: [], follow: [] };
    for (let i = 0; i < keyCount && !status(tty.lines()).startsWith('■'); i++) {
      samples.pause.push(await tty.press('k', (lines) => status(lines).startsWith('⏸ paused'), 'paused'));
      await sleep(60);
      samples.follow.push(
        await tty.press('G', (lines) => status(lines).startsWith('▼ following'), 'following'),
      );
      await sleep(60);
    }
    await tty.until((lines) => status(lines).startsWith('■ end of log'), 'the end of the live log', 600_000);
    const total = shownOf(tty.lines());
    // The same keys on the same pane once nothing streams: what the machine and ink cost alone.
    const idle = [];
    for (let i = 0; i < keyCount; i++) {
      idle.push(await tty.press('k', (lines) => status(lines).startsWith('⏸ paused'), 'paused (idle)'));
      await sleep(60);
      idle.push(await tty.press('G', (lines) => status(lines).startsWith('■ end of log'), 'the end (idle)'));
      await sleep(60);
    }
    const saved = await save(tty);
    const rss = peakRssMiB(tty.pid);
    await tty.quit();
    const all = [...samples.pause, ...samples.follow];
    results.live = {
      rate: liveRate,
      lines: total,
      framesPerSecondWhileStreaming: framesPerSecond,
      keyToFrame: summarise(all),
      pause: summarise(samples.pause),
      follow: summarise(samples.follow),
      keyToFrameOnceEnded: summarise(idle),
      peakRssMiB: rss,
      ...compare(saved.path, sim.env, runId),
    };
    console.log('live', JSON.stringify(results.live));
  } finally {
    await sim.stop();
  }
}

// 3. less on the same 1M-line file, same terminal size.
if (savedCopy) {
  try {
    const firstLine = readFileSync(savedCopy, 'utf8').slice(0, 200).split('\n')[0].slice(0, 40);
    results.less = {
      openMs: await lessUntil([savedCopy], firstLine),
      searchOnceMs: await lessUntil(['+/Marking task as SUCCESS', savedCopy], 'Marking task as SUCCESS'),
    };
  } catch (error) {
    results.less = { skipped: String(error) };
  }
  console.log('less', JSON.stringify(results.less));
  rmSync(savedCopy, { force: true });
}

writeResults('logpane.json', { terminal: `${COLS}×${ROWS}`, ...results });
process.exit(0);
