// What the Databricks command tests share: a Databricks simulator on a frozen clock (nothing moves
// unless a test moves it) with its request log (to prove a refused write sent no request at all),
// its faults object (a test may turn a fault off while the simulator runs), a throwaway config and
// state directory with contexts on it, a backend to read the simulator back with, and the built
// dagdeck with the workspace token in the environment.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../../../source/core/backend.js';
import { staticSecret } from '../../../source/databricks/auth/staticSecret.js';
import { createDatabricksBackend } from '../../../source/databricks/backend.js';
import { createHttpClient } from '../../../source/http/client.js';
import type { HttpClient } from '../../../source/http/types.js';
import { createSimClock, type SimClock } from '../../../source/sim/clock.js';
import { type DatabricksSim, startDatabricksSim } from '../../../source/sim/databricks/server.js';
import type { FaultOptions } from '../../../source/sim/faults.js';
import type { RequestLogEntry } from '../../../source/sim/requestLog.js';
import type { ContextSpec } from './airflowFixture.js';
import { ensureBuilt, type RunResult, runDagdeck } from './runDagdeck.js';

export interface DatabricksFixture {
  sim: DatabricksSim;
  clock: SimClock;
  /** The simulator's faults, read on every request: change them to turn a fault on or off. */
  faults: FaultOptions;
  dir: string;
  /** Reads the simulator directly, not through the command line under test. */
  backend: Backend;
  /** The id of a seeded job, by name. */
  jobId(name: string): string;
  /** Every request the simulator has answered (or dropped) so far, from its request log. */
  requests(): RequestLogEntry[];
  /** The writes (POSTs) among the requests after `from` (an index into requests()). */
  postsSince(from: number): RequestLogEntry[];
  /** Runs the built dagdeck with the workspace token in the environment. */
  dagdeck(
    args: string[],
    options?: { env?: Record<string, string>; timeoutMs?: number; onStdout?: (chunk: string) => void },
  ): Promise<RunResult>;
  close(): Promise<void>;
}

export async function startDatabricksFixture(
  contexts: readonly ContextSpec[],
  options: { failingRepairTasks?: string[] } = {},
): Promise<DatabricksFixture> {
  ensureBuilt();
  const clock = createSimClock({ speed: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'dagdeck-jobs-'));
  const requestLog = join(dir, 'requests.jsonl');
  const faults: FaultOptions = {};
  const sim = await startDatabricksSim({
    clock,
    seed: 11,
    faults,
    requestLog,
    ...(options.failingRepairTasks ? { failingRepairTasks: options.failingRepairTasks } : {}),
  });
  const http: HttpClient = createHttpClient();
  const backend = createDatabricksBackend({
    host: sim.url,
    http,
    auth: { kind: 'pat', token: staticSecret(sim.token, 'test') },
  });
  const dagdeck: DatabricksFixture['dagdeck'] = (args, runOptions = {}) =>
    runDagdeck(args, {
      configDir: dir,
      built: true,
      env: { DATABRICKS_TOKEN: sim.token, ...runOptions.env },
      ...(runOptions.timeoutMs !== undefined ? { timeoutMs: runOptions.timeoutMs } : {}),
      ...(runOptions.onStdout ? { onStdout: runOptions.onStdout } : {}),
    });
  for (const context of contexts) {
    const added = await dagdeck([
      'context',
      'add',
      context.name,
      '--databricks-host',
      sim.url,
      ...(context.protection ? ['--protection', context.protection] : []),
    ]);
    if (added.code !== 0) throw new Error(`context add ${context.name}: ${added.stderr}`);
  }
  const requests = (): RequestLogEntry[] =>
    existsSync(requestLog)
      ? readFileSync(requestLog, 'utf8')
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => JSON.parse(line) as RequestLogEntry)
      : [];
  return {
    sim,
    clock,
    faults,
    dir,
    backend,
    jobId: (name) => {
      const job = sim.state.jobByName(name);
      if (!job) throw new Error(`the seed has no job ${name}`);
      return String(job.jobId);
    },
    requests,
    postsSince: (from) =>
      requests()
        .slice(from)
        .filter((entry) => entry.method === 'POST'),
    dagdeck,
    close: async () => {
      await http.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The seeded run of eod_risk_models that failed in stress_tests (publish_risk_report upstream_failed). */
export async function failedRiskRun(fixture: DatabricksFixture): Promise<string> {
  const runs = await fixture.backend.listRuns(fixture.jobId('eod_risk_models'), { limit: 25 });
  const failed = runs.find((run) => run.state === 'failed');
  if (!failed) throw new Error('the seed has no failed eod_risk_models run');
  return failed.id;
}
