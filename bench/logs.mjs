// Task logs at size (issue 12 "Benchmarks"), all against `dagdeck sim` on this machine:
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
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { spawn as spawnPty } from '@lydell/node-pty';

const root = fileURLToPath(new URL('..', import.meta.url));
function flag(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}
const sizes = flag('--sizes', '1000,100000,1000000').split(',').map(Number);
const liveRate = Number(flag('--rate', 2000));
const liveLines = Number(flag('--live-lines', 60_000));
const binary = resolve(flag('--bin', join(root, 'dist', 'dagdeck.js')));
const write = !process.argv.includes('--no-write');
const round = (n) => Math.round(n * 10) / 10;
const DAG = 'ml_feature_store_sync';
const TASK = 'train_drift_model';

/** Peak resident memory (VmHWM) of a process in MiB, polled until it exits. */
function watchPeak(pid) {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      if (kb) peak = Math.max(peak, kb / 1024);
    } catch {
      // exited
    }
  }, 20);
  return () => {
    clearInterval(timer);
    return round(peak);
  };
}

/** `dagdeck sim` with its announcement line; a throwaway config dir with a context for it. */
async function startSim(args) {
  const sim = spawn(process.execPath, [binary, 'sim', '--seed', '11', ...args], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = await new Promise((resolveLine, reject) => {
    sim.once('exit', (code) => reject(new Error(`dagdeck sim exited with ${code}`)));
    createInterface({ input: sim.stdout }).once('line', resolveLine);
  });
  const announcement = JSON.parse(line);
  const dir = mkdtempSync(join(tmpdir(), 'dagdeck-bench-logs-'));
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    DAGDECK_CONFIG_DIR: dir,
    DAGDECK_AIRFLOW_PASSWORD: announcement.airflow.password,
  };
  execFileSync(
    process.execPath,
    [
      binary,
      'context',
      'add',
      'bench',
      '--airflow-url',
      announcement.airflow.url,
      '--airflow-user',
      announcement.airflow.username,
      '--use',
    ],
    { env, stdio: 'ignore' },
  );
  return {
    announcement,
    env,
    async stop() {
      const exited = new Promise((resolveExit) => sim.once('exit', resolveExit));
      sim.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A raw authenticated call to the simulated Airflow. */
async function airflowCall(announcement, method, path, body) {
  const { url, flavour, username, password } = announcement.airflow;
  let authorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  if (flavour === 3) {
    const token = await fetch(`${url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    authorization = `Bearer ${(await token.json()).access_token}`;
  }
  const response = await fetch(`${url}/api/${flavour === 3 ? 'v2' : 'v1'}${path}`, {
    method,
    headers: { authorization, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return response.json();
}

/** Runs `dagdeck logs … --follow`, counting its stdout lines (optionally saving them). */
async function follow(env, runId, saveTo) {
  const started = performance.now();
  const child = spawn(process.execPath, [binary, 'logs', DAG, runId, TASK, '--follow'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const peak = watchPeak(child.pid);
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
    const sim = await startSim([
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
  const sim = await startSim([
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
function lessUntil(args, expected) {
  return new Promise((resolveTime, reject) => {
    const started = performance.now();
    const pty = spawnPty('less', args, {
      cols: 160,
      rows: 48,
      cwd: root,
      env: { ...process.env, LESS: '', LESSOPEN: '' },
    });
    let seen = '';
    const timer = setTimeout(() => {
      pty.kill();
      reject(new Error(`less did not show ${expected}`));
    }, 60_000);
    pty.onData((data) => {
      seen = (seen + data).slice(-8192);
      if (seen.includes(expected)) {
        clearTimeout(timer);
        const ms = performance.now() - started;
        pty.write('q');
        setTimeout(() => pty.kill(), 200);
        resolveTime(round(ms));
      }
    });
  });
}
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

if (write) {
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(
    join(root, 'bench', 'results', 'logs.json'),
    `${JSON.stringify({ node: process.version, platform: `${process.platform} ${process.arch}`, cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`, date: new Date().toISOString(), ...results }, null, 2)}\n`,
  );
}
