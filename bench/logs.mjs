// Task logs at size, all against `dagdeck sim` on this machine:
//   1. `dagdeck logs --follow` on a finished try of 1k / 100k / 1M lines (Airflow 3 with working
//      continuation tokens, Airflow 2): wall time to exit, lines per second, peak RSS (VmHWM) of the
//      dagdeck process. Its stdout is read and counted, so every line is checked to have arrived.
//   2. Following a live try written at --rate lines/s (3.3.2 tokens, 3.2.1 whole re-reads, 2.10.5):
//      how long after the try's last line the follow ends, lines delivered, peak RSS.
//   3. The log buffer on the largest log (bench/logBufferSearch.ts): append, the first hit of a line
//      that occurs once, counting, the next error block, a filter, saving the whole buffer.
//   4. The anchor: `less` on the same file in a pseudo-terminal: time to its first screen, and with
//      +/pattern to the screen showing that line.
// Usage: npm run build && node bench/logs.mjs [--sizes 1000,100000,1000000] [--rate 2000]
//        [--live-lines 60000] [--bin dist/dagdeck.js] [--no-write]
// Writes bench/results/logs.json (unless --no-write).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { airflowCall } from './support/airflow.mjs';
import { binary, flag } from './support/args.mjs';
import { lessUntil } from './support/less.mjs';
import { watchPeakRss } from './support/memory.mjs';
import { root } from './support/paths.mjs';
import { writeResults } from './support/results.mjs';
import { startSimWithContext } from './support/sim.mjs';
import { round } from './support/stats.mjs';

const sizes = flag('--sizes', '1000,100000,1000000').split(',').map(Number);
const liveRate = Number(flag('--rate', 2000));
const liveLines = Number(flag('--live-lines', 60_000));
const DAG = 'ml_feature_store_sync';
const TASK = 'train_drift_model';

/** Runs `dagdeck logs … --follow`, counting its stdout lines (optionally saving them). */
async function follow(env, runId, saveTo) {
  const started = performance.now();
  const child = spawn(process.execPath, [binary, 'logs', DAG, runId, TASK, '--follow'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const peak = watchPeakRss(child.pid);
  let lines = 0;
  let stderr = '';
  const chunks = [];
  child.stdout.on('data', (chunk) => {
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines += 1;
    if (saveTo) chunks.push(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise((resolveExit) => child.on('close', resolveExit));
  const seconds = (performance.now() - started) / 1000;
  if (saveTo) writeFileSync(saveTo, Buffer.concat(chunks));
  return {
    code,
    lines,
    seconds: round(seconds),
    linesPerSecond: Math.round(lines / seconds),
    peakRssMiB: peak(),
    stderr: stderr.trim(),
  };
}

const results = { finished: [], live: [], buffer: undefined, less: undefined };
const largest = Math.max(...sizes);
const logFile = join(tmpdir(), `dagdeck-bench-${process.pid}.log`);

// 1. A finished try of each size: the second-newest run of the long-log DAG ended an hour ago.
for (const [label, args] of [
  ['Airflow 3.3.2 (API v2)', ['--airflow', '3', '--airflow-version', '3.3.2']],
  ['Airflow 2.10.5 (API v1)', ['--airflow', '2']],
]) {
  for (const size of sizes) {
    const sim = await startSimWithContext([
      '--seed',
      '11',
      ...args,
      '--speed',
      '0',
      '--log-lines',
      String(size),
      '--log-rate',
      String(Math.max(1000, size / 1800)),
    ]);
    const runs = await airflowCall(sim.announcement, 'GET', `/dags/${DAG}/dagRuns?limit=5`);
    const finished = runs.dag_runs.filter((run) => run.state === 'success').at(-1);
    const saveTo = size === largest && label.startsWith('Airflow 3') ? logFile : undefined;
    const run = await follow(sim.env, finished.dag_run_id, saveTo);
    await sim.stop();
    results.finished.push({ api: label, lines: size, ...run });
    console.log(
      `finished ${label} ${size} lines: ${run.seconds} s, ${run.linesPerSecond} lines/s, peak RSS ${run.peakRssMiB} MiB (exit ${run.code}, ${run.lines} lines)`,
    );
  }
}

// 2. A live try at `liveRate` lines/s, followed from the moment it is triggered.
for (const [label, args] of [
  ['Airflow 3.3.2, continuation tokens', ['--airflow', '3', '--airflow-version', '3.3.2']],
  ['Airflow 3.2.1, whole re-reads', ['--airflow', '3', '--airflow-version', '3.2.1']],
  ['Airflow 2.10.5, continuation tokens', ['--airflow', '2']],
]) {
  const sim = await startSimWithContext([
    '--seed',
    '11',
    ...args,
    '--speed',
    '1',
    '--log-lines',
    String(liveLines),
    '--log-rate',
    String(liveRate),
  ]);
  const runId = `bench_live_${Date.now()}`;
  await airflowCall(sim.announcement, 'POST', `/dags/${DAG}/dagRuns`, {
    dag_run_id: runId,
    ...(args[1] === '3' ? { logical_date: null } : {}),
  });
  const triggered = performance.now();
  const run = await follow(sim.env, runId);
  // The try starts ~5 s after the trigger and writes for 7 s + lines/rate.
  const writing = 5 + 7 + liveLines / liveRate;
  await sim.stop();
  const total = (performance.now() - triggered) / 1000;
  results.live.push({
    api: label,
    rate: liveRate,
    lines: run.lines,
    endedAfterLastLineSeconds: round(total - writing),
    peakRssMiB: run.peakRssMiB,
    code: run.code,
  });
  console.log(
    `live ${label} at ${liveRate}/s: ${run.lines} lines, ended ${round(total - writing)} s after the last line, peak RSS ${run.peakRssMiB} MiB (exit ${run.code}) ${run.stderr}`,
  );
  await sleep(500);
}

// 3. The buffer on the largest log.
results.buffer = JSON.parse(
  execFileSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'logBufferSearch.ts'), logFile], {
    cwd: root,
    maxBuffer: 1 << 20,
  }).toString(),
);
console.log('buffer', JSON.stringify(results.buffer));

// 4. less on the same file, in a pseudo-terminal: the first screen, then +/pattern to the match.
try {
  execFileSync('less', ['--version'], { stdio: 'ignore' });
  const first = readFileSync(logFile, 'utf8').slice(0, 30);
  results.less = {
    openMs: await lessUntil([logFile], first.split('\n')[0]),
    searchToMatchMs: await lessUntil([`+/Marking task as SUCCESS`, logFile], 'Marking task as SUCCESS'),
  };
  console.log('less', JSON.stringify(results.less));
} catch (error) {
  results.less = { skipped: String(error) };
}
rmSync(logFile, { force: true });

writeResults('logs.json', results);
