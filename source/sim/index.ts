// Starts both simulators on one virtual clock, cross-linked: the Airflow simulator's
// DatabricksRunNowOperator task starts real runs in the Databricks simulator (source/sim/link.ts),
// so XComs lead to runs that exist. Used by `dagdeck --demo`, `dagdeck sim`, the tests and the
// benchmarks.
import { type AirflowSim, startAirflowSim } from './airflow/server.js';
import { createSimClock, type SimClock } from './clock.js';
import { type DatabricksSim, startDatabricksSim } from './databricks/server.js';
import type { FaultOptions } from './faults.js';

export interface SimulatorsOptions {
  /** Virtual seconds per real second (0 freezes time; tests then move it with clock.advance). */
  speed?: number;
  /** Seed of the demo data, the credentials and the fault draws: same seed, same simulators. */
  seed?: number;
  airflowFlavour?: 2 | 3;
  /** Generated DAGs on top of the story DAGs (10,000 must work). */
  dags?: number;
  /**
   * Seed a small Airflow and workspace that follow every practice the platform review checks
   * (no finding) instead of the demo story; generated DAGs and jobs are left out.
   */
  clean?: boolean;
  /** Generated Databricks jobs on top of the story jobs (5,000 must work). */
  jobs?: number;
  runsPerDag?: number;
  runsPerJob?: number;
  /** Lines of a long task log (Airflow's ml_feature_store_sync.train_drift_model). */
  logLines?: number;
  /** Lines per virtual second that task writes, and Databricks python tasks too. */
  logRate?: number;
  /** Characters of one more hostile line in the Airflow story's hostile task log (none by default). */
  hugeLogLine?: number;
  /** The Airflow version reported (v2 log tokens then behave as that release's); default 3.2.1 / 2.10.5. */
  airflowVersion?: string;
  /**
   * When the story starts (epoch ms): the data is seeded as of then and the clock reads as if it had
   * run since. A simulator restarted with the same seed and epoch serves the same runs and logs.
   */
  epoch?: number;
  /** Applied to both servers; each draws from its own seeded random. */
  faults?: FaultOptions;
  /** Both servers append one JSON line per request to this file (source/sim/requestLog.ts). */
  requestLog?: string;
  /** Databricks task keys whose repairs fail too (the cause was not fixed). */
  failingRepairTasks?: string[];
  /** Lifetime of the Airflow JWTs and Databricks OAuth tokens (defaults: each simulator's, as the real services). */
  tokenTtlSeconds?: number;
  /** Interface to listen on (default 127.0.0.1: the simulators are never exposed by default). */
  host?: string;
  /** 0 or absent: an ephemeral port. */
  ports?: { airflow?: number; databricks?: number };
}

export interface Simulators {
  airflow: AirflowSim;
  databricks: DatabricksSim;
  clock: SimClock;
  /** Every token issued so far by either simulator is expired from now on. */
  expireTokens(): void;
  close(): Promise<void>;
}

export type { AirflowSim, DatabricksSim };

export async function startSimulators(options: SimulatorsOptions = {}): Promise<Simulators> {
  const clock = createSimClock({
    speed: options.speed ?? 1,
    ...(options.epoch !== undefined ? { epoch: options.epoch } : {}),
  });
  const epoch = options.epoch !== undefined ? { epoch: options.epoch } : {};
  const host = options.host ?? '127.0.0.1';
  const seed = options.seed ?? 1;
  const databricks = await startDatabricksSim({
    clock,
    seed,
    host,
    ...(options.ports?.databricks !== undefined ? { port: options.ports.databricks } : {}),
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...(options.clean ? { clean: true } : {}),
    ...(options.runsPerJob !== undefined ? { runsPerJob: options.runsPerJob } : {}),
    ...(options.tokenTtlSeconds !== undefined ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.requestLog ? { requestLog: options.requestLog } : {}),
    ...(options.failingRepairTasks ? { failingRepairTasks: options.failingRepairTasks } : {}),
    ...(options.logRate ? { logRate: options.logRate } : {}),
    ...epoch,
  });
  let airflow: AirflowSim;
  try {
    airflow = await startAirflowSim({
      flavour: options.airflowFlavour ?? 3,
      clock,
      seed,
      host,
      databricks,
      ...(options.ports?.airflow !== undefined ? { port: options.ports.airflow } : {}),
      ...(options.dags !== undefined ? { dags: options.dags } : {}),
      ...(options.clean ? { clean: true } : {}),
      ...(options.runsPerDag !== undefined ? { runsPerDag: options.runsPerDag } : {}),
      ...(options.logLines !== undefined ? { logLines: options.logLines } : {}),
      ...(options.logRate ? { logRate: options.logRate } : {}),
      ...(options.hugeLogLine ? { hugeLogLine: options.hugeLogLine } : {}),
      ...(options.airflowVersion ? { version: options.airflowVersion } : {}),
      ...epoch,
      ...(options.tokenTtlSeconds !== undefined ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}),
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.requestLog ? { requestLog: options.requestLog } : {}),
    });
  } catch (error) {
    // A busy --airflow-port must not leave the Databricks server holding the process open.
    await databricks.close();
    throw error;
  }
  return {
    airflow,
    databricks,
    clock,
    expireTokens() {
      airflow.expireTokens();
      databricks.expireTokens();
    },
    close: async () => {
      await Promise.all([airflow.close(), databricks.close()]);
    },
  };
}
