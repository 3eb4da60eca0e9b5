// The simulators every bench measures against (`dagdeck sim` of the build under test, on this
// machine), and a throwaway context on them: a fresh config directory (so its cache starts empty
// and the user's config is never read or written), credentials only in the environment.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { binary } from './args.mjs';
import { benchEnv } from './env.mjs';

/**
 * Starts `dagdeck sim …args` and resolves once it has announced itself (its first stdout line: the
 * URLs and credentials, as JSON). `stop()` ends it and waits for its exit.
 */
export async function startSim(args) {
  const child = spawn(process.execPath, [binary, 'sim', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise((resolveLine, reject) => {
    child.once('exit', (code) => reject(new Error(`dagdeck sim exited with ${code} before announcing`)));
    createInterface({ input: child.stdout }).once('line', resolveLine);
  });
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  return {
    announcement: JSON.parse(line),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A context named `bench` on the simulators, added with `dagdeck context add` (the CLI owns the
 * config format), Airflow always and Databricks with `databricks: true`, in a new directory under
 * `under` (default: the system temp dir). `env` runs dagdeck on it: the directory is also HOME and
 * where saved logs go, the passwords come from the announcement (see env.mjs for the rest).
 */
export function createBenchContext(announcement, { databricks = false, under = tmpdir() } = {}) {
  const dir = mkdtempSync(join(under, 'dagdeck-bench-'));
  const env = benchEnv({
    HOME: dir,
    DAGDECK_CONFIG_DIR: dir,
    DAGDECK_LOG_DIR: dir,
    DAGDECK_AIRFLOW_PASSWORD: announcement.airflow.password,
    ...(databricks ? { DATABRICKS_TOKEN: announcement.databricks.token } : {}),
  });
  const { url, username } = announcement.airflow;
  const args = ['context', 'add', 'bench', '--airflow-url', url, '--airflow-user', username, '--use'];
  if (databricks) args.push('--databricks-host', announcement.databricks.host, '--databricks-auth', 'pat');
  execFileSync(process.execPath, [binary, ...args], { env, stdio: 'ignore' });
  return {
    dir,
    env,
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `startSim` and `createBenchContext` as one: `stop()` ends the simulators and removes the context. */
export async function startSimWithContext(args, contextOptions) {
  const sim = await startSim(args);
  let context;
  try {
    context = createBenchContext(sim.announcement, contextOptions);
  } catch (error) {
    await sim.stop();
    throw error;
  }
  return {
    announcement: sim.announcement,
    dir: context.dir,
    env: context.env,
    async stop() {
      await sim.stop();
      context.remove();
    },
  };
}
