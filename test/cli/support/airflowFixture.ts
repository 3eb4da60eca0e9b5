// What the write-command tests share: an Airflow simulator on a frozen clock (nothing moves unless a
// test moves it, so a read after a write sees what the write did) with its request log (to prove
// that a refused write sent no request at all), a throwaway config and state directory with
// contexts on it, a backend to read the simulator back with, and the built dagdeck.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAirflowBackend } from '../../../source/airflow/backend.js';
import type { Backend } from '../../../source/core/backend.js';
import { createHttpClient } from '../../../source/http/client.js';
import type { HttpClient } from '../../../source/http/types.js';
import { type AirflowSim, startAirflowSim } from '../../../source/sim/airflow/server.js';
import { createSimClock, type SimClock } from '../../../source/sim/clock.js';
import type { RequestLogEntry } from '../../../source/sim/requestLog.js';
import { testSecret } from '../../airflow/support/testSecret.js';
import { ensureBuilt, type RunResult, runDagdeck } from './runDagdeck.js';

export interface ContextSpec {
  name: string;
  protection?: 'open' | 'protected' | 'read-only';
}

export interface AirflowFixture {
  flavour: 2 | 3;
  sim: AirflowSim;
  clock: SimClock;
  dir: string;
  /** Reads the simulator directly, not through the command line under test. */
  backend: Backend;
  /** Every request the simulator has answered (or dropped) so far, from its request log. */
  requests(): RequestLogEntry[];
  /** Runs the built dagdeck with the simulator's password in the environment. */
  dagdeck(
    args: string[],
    options?: {
      env?: Record<string, string>;
      stdin?: string;
      timeoutMs?: number;
      onStdout?: (chunk: string) => void;
    },
  ): Promise<RunResult>;
  close(): Promise<void>;
}

export async function startAirflowFixture(
  flavour: 2 | 3,
  contexts: readonly ContextSpec[],
): Promise<AirflowFixture> {
  ensureBuilt();
  const clock = createSimClock({ speed: 0 });
  const dir = mkdtempSync(join(tmpdir(), `dagdeck-writes-${flavour}-`));
  const requestLog = join(dir, 'requests.jsonl');
  const sim = await startAirflowSim({ flavour, clock, seed: 7, requestLog });
  const http: HttpClient = createHttpClient();
  const backend = createAirflowBackend({
    baseUrl: sim.url,
    http,
    auth: { kind: 'password', username: sim.username, password: testSecret([sim.password]) },
  });
  const dagdeck: AirflowFixture['dagdeck'] = (args, options = {}) =>
    runDagdeck(args, {
      configDir: dir,
      built: true,
      env: { DAGDECK_AIRFLOW_PASSWORD: sim.password, ...options.env },
      ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.onStdout ? { onStdout: options.onStdout } : {}),
    });
  for (const context of contexts) {
    const added = await dagdeck([
      'context',
      'add',
      context.name,
      '--airflow-url',
      sim.url,
      '--airflow-user',
      sim.username,
      ...(context.protection ? ['--protection', context.protection] : []),
    ]);
    if (added.code !== 0) throw new Error(`context add ${context.name}: ${added.stderr}`);
  }
  return {
    flavour,
    sim,
    clock,
    dir,
    backend,
    requests: () =>
      existsSync(requestLog)
        ? readFileSync(requestLog, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line) as RequestLogEntry)
        : [],
    dagdeck,
    close: async () => {
      await http.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The seeded failed run of fintech_eod_risk (its Databricks task failed, the one after it upstream_failed). */
export async function failedRiskRun(backend: Backend): Promise<string> {
  const runs = await backend.listRuns('fintech_eod_risk');
  const failed = runs.find((run) => run.state === 'failed');
  if (!failed) throw new Error('the seed has no failed fintech_eod_risk run');
  return failed.id;
}

/** The state of every task instance of a run, by name (TASK_ID or TASK_ID[N]). */
export async function taskStates(
  backend: Backend,
  dagId: string,
  runId: string,
): Promise<Record<string, string>> {
  const tasks = await backend.listTasks(dagId, runId);
  return Object.fromEntries(
    tasks.map((task) => [
      task.mapIndex === undefined || task.mapIndex < 0 ? task.taskId : `${task.taskId}[${task.mapIndex}]`,
      task.rawState,
    ]),
  );
}
