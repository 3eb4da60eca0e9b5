// `npm run test:real`: dagdeck against real peers, on 127.0.0.1 only.
//  1. the Databricks simulator (dagdeck sim), which the real Databricks provider talks to;
//  2. a real Airflow 3.3 then a real Airflow 2.10 (test/real/start-airflow.sh, venvs cached by the
//     hash of their pinned requirements), each running the contract suite unchanged plus the
//     real-scheduler checks (test/real/*.test.ts);
//  3. the official Databricks Python SDK against the Databricks simulator.
// Ends with one line "N passed, N failed" summing every part.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { seedFailedRun } from './seed-failed-run.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const here = join(root, 'test', 'real');
const totals = { passed: 0, failed: 0, skipped: 0 };
const children = [];

/** Signals a process group led by pid (start-airflow.sh starts each component with setsid), else the pid. */
function signal(pid, name) {
  try {
    process.kill(-pid, name);
  } catch {
    try {
      process.kill(pid, name);
    } catch {}
  }
}

function alive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

/** SIGTERM, up to 40 s to exit (the api-server takes ~15 s), then SIGKILL. */
async function stop(pids) {
  for (const pid of pids) signal(pid, 'SIGTERM');
  const deadline = Date.now() + 40_000;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
  for (const pid of pids.filter(alive)) signal(pid, 'SIGKILL');
}

function cleanup() {
  for (const child of children) signal(child, 'SIGKILL');
}
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function firstJsonLine(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], ...options });
    children.push(child.pid);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      lines.removeAllListeners('line');
      resolve({ child, value: JSON.parse(line) });
    });
    child.once('exit', (code) =>
      reject(new Error(`${command} ${args.join(' ')} exited ${code} before printing`)),
    );
  });
}

function count(output) {
  const match = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/m.exec(output);
  if (!match) return { passed: 0, failed: 1, skipped: 0 };
  return { passed: Number(match[1]), failed: Number(match[2]), skipped: Number(match[3] ?? 0) };
}

function add(part) {
  totals.passed += part.passed;
  totals.failed += part.failed;
  totals.skipped += part.skipped;
}

function timed(label, started) {
  console.log(`[real] ${label} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

let started = Date.now();
for (const flavour of ['3', '2']) {
  const result = spawnSync(join(here, 'ensure-venv.sh'), [flavour], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`could not create the Airflow ${flavour} virtualenv`);
}
timed('virtualenvs ready', started);

// `dagdeck sim` prints exactly one JSON line on stdout (source/cli/sim.ts SimAnnouncement).
const dagdeck = join(root, 'dist', 'dagdeck.js');
const sim = await firstJsonLine(process.execPath, [dagdeck, 'sim', '--speed', '20', '--seed', '7'], {
  cwd: root,
});
const databricks = sim.value.databricks;
console.log(`[real] Databricks simulator at ${databricks.host}`);

for (const [flavour, port] of [
  ['3', 28380],
  ['2', 28381],
]) {
  started = Date.now();
  const airflow = await firstJsonLine(join(here, 'start-airflow.sh'), [
    flavour,
    String(port),
    databricks.host,
    databricks.token,
  ]);
  children.push(...airflow.value.pids);
  timed(`Airflow ${flavour} healthy at ${airflow.value.url}`, started);
  started = Date.now();
  // The contract suite starts from a failed fintech_eod_risk run: the real scheduler makes one.
  const failedRunId = await seedFailedRun(airflow.value.url, airflow.value.username, airflow.value.password);
  timed(`Airflow ${flavour} failed run ${failedRunId} seeded`, started);
  started = Date.now();
  const env = {
    ...process.env,
    DAGDECK_CONTRACT_AIRFLOW_URL: airflow.value.url,
    DAGDECK_CONTRACT_AIRFLOW_USERNAME: airflow.value.username,
    DAGDECK_CONTRACT_AIRFLOW_PASSWORD: airflow.value.password,
    DAGDECK_REAL_AIRFLOW_VIEWER: airflow.value.viewer,
    DAGDECK_REAL_AIRFLOW_VIEWER_PASSWORD: airflow.value.viewerPassword,
    DAGDECK_REAL_AIRFLOW_FLAVOUR: flavour,
    DAGDECK_REAL_MARKERS: join(airflow.value.home, 'markers'),
    DAGDECK_REAL_DATABRICKS_HOST: databricks.host,
    DAGDECK_REAL_DATABRICKS_TOKEN: databricks.token,
  };
  const suite = spawnSync(
    join(root, 'node_modules', '.bin', 'vitest'),
    ['run', '--config', join(here, 'vitest.real.config.ts')],
    {
      cwd: root,
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  process.stdout.write(suite.stdout);
  add(count(suite.stdout));
  timed(`Airflow ${flavour} suite`, started);
  started = Date.now();
  await stop(airflow.value.pids);
  children.splice(0, children.length, ...children.filter((pid) => !airflow.value.pids.includes(pid)));
  timed(`Airflow ${flavour} stopped`, started);
  if (!process.env.DAGDECK_REAL_KEEP) rmSync(airflow.value.home, { recursive: true, force: true });
}

started = Date.now();
const venv3 = spawnSync(join(here, 'ensure-venv.sh'), ['3'], { encoding: 'utf8' }).stdout.trim();
const sdk = spawnSync(join(venv3, 'bin', 'python'), [join(here, 'databricks_sdk_check.py')], {
  env: {
    ...process.env,
    SIM_HOST: databricks.host,
    SIM_TOKEN: databricks.token,
    SIM_CLIENT_ID: databricks.clientId,
    SIM_CLIENT_SECRET: databricks.clientSecret,
  },
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
process.stdout.write(sdk.stdout);
const sdkChecks = (sdk.stdout.match(/^ok {2}/gm) ?? []).length;
add({ passed: sdkChecks, failed: sdk.status === 0 ? 0 : 1, skipped: 0 });
timed('databricks-sdk checks', started);

sim.child.kill('SIGTERM');
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = totals.failed === 0 && totals.passed > 0 ? 0 : 1;
