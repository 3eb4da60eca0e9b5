// dagdeck against the hostile server (docs/hostile-servers.md): for each case, `dags list --json`
// (Airflow) and `jobs list --json` (Databricks) on the built bundle, with the default timeouts and
// ceiling, timed from spawn to exit, with the peak RSS of the dagdeck process (GNU time's %M).
// Usage: npm run build && node bench/hostile.mjs [--bin dist/dagdeck.js] [--cases a,b] [--limit-s 180]
//        [--no-write]
// Writes bench/results/hostile.json (or hostile-<label>.json with --label NAME, e.g. for an old build)
// unless --no-write.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { binary, flag } from './support/args.mjs';
import { benchEnv } from './support/env.mjs';
import { gnuTimePeak, spawnTimed } from './support/memory.mjs';
import { root } from './support/paths.mjs';
import { writeResults } from './support/results.mjs';

const limitS = Number(flag('--limit-s', '180'));
const label = flag('--label', '');

/** Which list each case lies on (some are Airflow-only or Databricks-only lies). */
const CASES = {
  honest: ['airflow', 'databricks'],
  'total-1e9': ['airflow'],
  'total-negative': ['airflow'],
  'total-zero': ['airflow'],
  'more-than-announced': ['airflow'],
  'ignores-offset': ['airflow'],
  'short-page': ['airflow'],
  'empty-page': ['airflow'],
  'total-changes': ['airflow'],
  'token-repeat': ['databricks'],
  'token-cycle': ['databricks'],
  'has-more-no-token': ['databricks'],
  'empty-pages-forever': ['databricks'],
  drip: ['airflow', 'databricks'],
  'http-500': ['airflow'],
  'http-502': ['airflow'],
  'http-503': ['airflow', 'databricks'],
  'storm-429': ['airflow'],
  'echo-secret': ['airflow'],
  'malformed-item': ['airflow', 'databricks'],
  'all-malformed': ['airflow', 'databricks'],
  'c1-names': ['airflow', 'databricks'],
  'huge-body': ['airflow'],
};
const only = flag('--cases', '').split(',').filter(Boolean);
const cases = Object.entries(CASES).filter(([name]) => only.length === 0 || only.includes(name));

const configDir = mkdtempSync(join(tmpdir(), 'dagdeck-bench-hostile-'));
const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/hostile/serve.ts')], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const announced = await new Promise((resolve) =>
  createInterface({ input: server.stdout }).once('line', (line) => resolve(JSON.parse(line))),
);

const contexts = {};
for (const [name] of cases) {
  contexts[`a-${name}`] = {
    airflow: { url: `${announced.url}/${name}`, auth: 'token', credential: { kind: 'env' } },
  };
  contexts[`d-${name}`] = {
    databricks: { host: `${announced.url}/${name}`, auth: 'pat', credential: { kind: 'env' } },
  };
}
writeFileSync(join(configDir, 'config.json'), JSON.stringify({ schemaVersion: 1, contexts }), {
  mode: 0o600,
});

const env = benchEnv({
  HOME: configDir,
  DAGDECK_CONFIG_DIR: configDir,
  DAGDECK_AIRFLOW_TOKEN: announced.token,
  DATABRICKS_TOKEN: announced.token,
});

function run(context, command) {
  return new Promise((resolve) => {
    const args = [binary, '--context', context, command, 'list', '--json'];
    const started = performance.now();
    const child = spawnTimed(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdoutBytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdoutBytes += chunk.length;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      process.kill(-child.pid, 'SIGKILL');
    }, limitS * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const { peakRssMiB } = gnuTimePeak(stderr);
      // GNU time reports a child killed by a signal as "Command terminated by signal N".
      const bySignal = /Command terminated by signal (\d+)/.exec(stderr)?.[1];
      const message = stderr
        .split('\n')
        .find((line) => line.startsWith('dagdeck:') || line.startsWith('FATAL ERROR'));
      resolve({
        exit: killed
          ? `killed after ${limitS} s`
          : signal
            ? `signal ${signal}`
            : bySignal
              ? `signal ${bySignal}`
              : code,
        seconds: Math.round(seconds * 100) / 100,
        peakRssMiB,
        stdoutBytes,
        message: message?.slice(0, 240) ?? '',
      });
    });
  });
}

const results = [];
try {
  for (const [name, backends] of cases) {
    for (const backend of backends) {
      const result = await run(
        `${backend === 'airflow' ? 'a' : 'd'}-${name}`,
        backend === 'airflow' ? 'dags' : 'jobs',
      );
      results.push({ case: name, backend, ...result });
      process.stdout.write(
        `${name.padEnd(20)} ${backend.padEnd(10)} exit ${String(result.exit).padEnd(4)} ${String(result.seconds).padStart(7)} s ${String(result.peakRssMiB ?? '?').padStart(5)} MiB  ${result.message}\n`,
      );
    }
  }
} finally {
  server.kill('SIGTERM');
  rmSync(configDir, { recursive: true, force: true });
}

writeResults(label ? `hostile-${label}.json` : 'hostile.json', { binary, results });
