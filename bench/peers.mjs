// dagdeck against the tools its users would pick instead (`npm run bench:peers`), on the
// same simulators in one run: every DAG of 10,013 and every job of 5,014, with and without added
// latency, timed from spawn to exit with the peak RSS of each process (GNU time's %M):
//   - dagdeck `dags list --json` / `jobs list --json` (the built bundle, a context in a throwaway
//     DAGDECK_CONFIG_DIR, credentials from the environment);
//   - the floor: a bare fetch loop with no checks (bench/peers/floor.mjs: 16 DAG pages in flight,
//     job pages one token after the other);
//   - the official Airflow Python client (apache-airflow-client), paging by offset as its docs do;
//   - airflowctl (apache-airflow-ctl) `dags list -o json`;
//   - the official Databricks Python SDK (databricks-sdk) iterating w.jobs.list().
// The Python peers are installed once in a cached virtualenv outside the repo
// (bench/peers/ensure-venv.sh, pinned in bench/peers/requirements.txt), as test:real does.
// Not part of CI. Usage: npm run bench:peers [-- --runs 3 --latencies 0,50 --dags 10000 --jobs 5000]
// Writes bench/results/peers.json (unless --no-write).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { airflowToken } from './support/airflow.mjs';
import { binary, flag } from './support/args.mjs';
import { gnuTimePeak, spawnTimed } from './support/memory.mjs';
import { root } from './support/paths.mjs';
import { writeResults } from './support/results.mjs';
import { startSimWithContext } from './support/sim.mjs';
import { median } from './support/stats.mjs';

const runs = Number(flag('--runs', 3));
const latencies = flag('--latencies', '0,50').split(',').map(Number);
const dags = Number(flag('--dags', 10_000));
const jobs = Number(flag('--jobs', 5_000));
const LIMIT_S = 300;

const venv = execFileSync('bash', [join(root, 'bench/peers/ensure-venv.sh')], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
}).trim();
const python = join(venv, 'bin', 'python');
const airflowctl = join(venv, 'bin', 'airflowctl');

/** Runs one command to its end: seconds from spawn to exit, peak RSS, what it printed. */
function measure(command, args, env) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawnTimed(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let bytes = 0;
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      bytes += chunk.length;
      if (stdout.length < 256) stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), LIMIT_S * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const timed = gnuTimePeak(stderr);
      resolve({
        code,
        seconds: (performance.now() - started) / 1000,
        rssMiB: timed.peakRssMiB,
        stdout: stdout.trim(),
        bytes,
        stderr: timed.stderr.trim().slice(0, 300),
      });
    });
  });
}

const results = [];
for (const latency of latencies) {
  const latencyArgs = latency > 0 ? ['--latency-ms', String(latency)] : [];
  const sim = await startSimWithContext(
    ['--dags', String(dags), '--jobs', String(jobs), '--speed', '0', ...latencyArgs],
    { databricks: true },
  );
  const announced = sim.announcement;
  const dir = sim.dir;
  try {
    const airflowHome = join(dir, 'airflow');
    mkdirSync(airflowHome);
    writeFileSync(join(airflowHome, 'production.json'), JSON.stringify({ api_url: announced.airflow.url }));
    const token = await airflowToken(announced);
    // The peers read their own variables; dagdeck reads the context's.
    const env = {
      ...sim.env,
      DATABRICKS_HOST: announced.databricks.host,
      AIRFLOW_URL: announced.airflow.url,
      AIRFLOW_TOKEN: token,
      AIRFLOW_HOME: airflowHome,
      AIRFLOW_CLI_TOKEN: token,
    };
    const expectedDags = dags + 13;
    const expectedJobs = jobs + 14;
    const tools = [
      {
        list: 'DAGs',
        tool: 'dagdeck',
        command: process.execPath,
        args: [binary, '--context', 'bench', 'dags', 'list', '--json'],
      },
      {
        list: 'DAGs',
        tool: 'bare fetch loop',
        command: process.execPath,
        args: [join(root, 'bench/peers/floor.mjs'), 'dags'],
        count: expectedDags,
      },
      {
        list: 'DAGs',
        tool: 'apache-airflow-client',
        command: python,
        args: [join(root, 'bench/peers/airflow_client_dags.py')],
        count: expectedDags,
      },
      { list: 'DAGs', tool: 'airflowctl', command: airflowctl, args: ['dags', 'list', '-o', 'json'] },
      {
        list: 'jobs',
        tool: 'dagdeck',
        command: process.execPath,
        args: [binary, '--context', 'bench', 'jobs', 'list', '--json'],
      },
      {
        list: 'jobs',
        tool: 'bare fetch loop',
        command: process.execPath,
        args: [join(root, 'bench/peers/floor.mjs'), 'jobs'],
        count: expectedJobs,
      },
      {
        list: 'jobs',
        tool: 'databricks-sdk',
        command: python,
        args: [join(root, 'bench/peers/databricks_sdk_jobs.py')],
        count: expectedJobs,
      },
    ];
    for (const tool of tools) {
      // Once unmeasured: the file cache and the simulator's lazily built DAGs are warm for everyone.
      await measure(tool.command, tool.args, env);
      const samples = [];
      for (let i = 0; i < runs; i++) samples.push(await measure(tool.command, tool.args, env));
      const failed = samples.find(
        (sample) => sample.code !== 0 || (tool.count !== undefined && Number(sample.stdout) !== tool.count),
      );
      results.push({
        latencyMs: latency,
        list: tool.list,
        tool: tool.tool,
        seconds: Math.round(median(samples.map((s) => s.seconds)) * 1000) / 1000,
        peakRssMiB: Math.max(...samples.map((s) => s.rssMiB ?? 0)) || null,
        ...(failed ? { failed: `exit ${failed.code}: ${failed.stderr || failed.stdout}` } : {}),
      });
      const last = results[results.length - 1];
      console.error(
        `${latency} ms ${tool.list} ${tool.tool}: ${last.seconds} s, ${last.peakRssMiB} MiB${last.failed ? ` FAILED ${last.failed}` : ''}`,
      );
    }
  } finally {
    await sim.stop();
  }
}

// One table: every tool against the floor of its list and latency, and dagdeck against each.
const rows = [['latency', 'list', 'tool', 'median s', '× floor', 'dagdeck ÷ tool', 'peak RSS MiB']];
for (const result of results) {
  const floor = results.find(
    (r) => r.latencyMs === result.latencyMs && r.list === result.list && r.tool === 'bare fetch loop',
  );
  const ours = results.find(
    (r) => r.latencyMs === result.latencyMs && r.list === result.list && r.tool === 'dagdeck',
  );
  rows.push([
    `${result.latencyMs} ms`,
    result.list,
    result.failed ? `${result.tool} (failed)` : result.tool,
    result.seconds.toFixed(2),
    floor ? (result.seconds / floor.seconds).toFixed(2) : '',
    ours && result.tool !== 'dagdeck' ? (ours.seconds / result.seconds).toFixed(2) : '',
    String(result.peakRssMiB ?? '?'),
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
const line = (row) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
console.log(line(rows[0]));
console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
for (const row of rows.slice(1)) console.log(line(row));

writeResults('peers.json', { dags: dags + 13, jobs: jobs + 14, runs, results });
