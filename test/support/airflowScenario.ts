// The Airflow simulator seeded with exactly the DAGs and runs a test names (source/sim/airflow/
// seedScenario.ts), on the frozen clock that the Databricks simulator of
// test/ui/support/renderConsole.tsx uses, and the real Airflow backend talking to it over loopback.
// `calls` records which Backend methods the console asked for (the requests themselves go to the
// simulator), so a test can prove what was asked, and how often.
import { onTestFinished } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend, ListRunsOptions } from '../../source/core/backend.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import type { ScenarioDag, ScenarioRun } from '../../source/sim/airflow/seedScenario.js';
import { type AirflowSim, startAirflowSim } from '../../source/sim/airflow/server.js';
import { createSimClock } from '../../source/sim/clock.js';
import type { FaultOptions } from '../../source/sim/faults.js';
import { createRecordingHttpClient } from './recordingHttpClient.js';

export type { ScenarioDag, ScenarioRun };

/** The simulated now of every UI test: 2026-11-20 12:00 UTC. */
export const SIM_NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

export interface ScenarioAirflow {
  sim: AirflowSim;
  backend: Backend;
  /** One entry per Backend call: the method name, with the argument tests count by. */
  calls: string[];
  /** Mutable: the simulator reads it on every request. */
  faults: FaultOptions;
}

function describeCall(method: string, args: readonly unknown[]): string {
  if (method === 'listRecentRuns') return `listRecentRuns ${(args[0] as ListRunsOptions | undefined)?.limit}`;
  if (method === 'listRuns' || method === 'listTasks') return `${method} ${String(args[0])}`;
  return method;
}

function recordCalls(backend: Backend, calls: string[]): Backend {
  return new Proxy(backend, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        calls.push(describeCall(property, args));
        return Reflect.apply(value, target, args);
      };
    },
  });
}

/**
 * Starts the simulator with `dags` (Airflow 3 unless `flavour` says 2); it is closed when the test
 * that started it ends. Call it inside a test.
 */
export async function startAirflowScenario(
  dags: readonly ScenarioDag[],
  options: {
    flavour?: 2 | 3;
    version?: string;
    credentialSource?: string;
    /** Generated DAGs after the scenario's (generated_dag_00000…), each with `runsPerDag` runs. */
    generated?: { dags: number; runsPerDag: number };
  } = {},
): Promise<ScenarioAirflow> {
  const clock = createSimClock({ speed: 0, start: SIM_NOW });
  const faults: FaultOptions = {};
  const sim = await startAirflowSim({
    faults,
    flavour: options.flavour ?? 3,
    clock,
    seed: 42,
    scenario: dags,
    ...(options.generated ? { dags: options.generated.dags, runsPerDag: options.generated.runsPerDag } : {}),
    ...(options.version ? { version: options.version } : {}),
  });
  const http = createRecordingHttpClient();
  onTestFinished(async () => {
    await http.close();
    // A test may have stopped it already (a server that went away).
    await sim.close().catch(() => undefined);
  });
  const calls: string[] = [];
  const backend = createAirflowBackend({
    baseUrl: sim.url,
    http,
    auth: { kind: 'password', username: sim.username, password: staticSecret(sim.password, 'test') },
    credentialSource: options.credentialSource ?? 'env DAGDECK_AIRFLOW_PASSWORD',
  });
  return { sim, backend: recordCalls(backend, calls), calls, faults };
}
