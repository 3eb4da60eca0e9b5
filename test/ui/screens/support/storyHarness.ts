// Both simulators wired together as in `--demo`: the Airflow simulator's fintech_eod_risk DAG starts
// eod_risk_models runs on the Databricks simulator, and its XComs (run_id, run_page_url) name them.
import { createAirflowBackend } from '../../../../source/airflow/backend.js';
import type { Backend } from '../../../../source/core/backend.js';
import { staticSecret } from '../../../../source/databricks/auth/staticSecret.js';
import { createDatabricksBackend } from '../../../../source/databricks/backend.js';
import { createHttpClient } from '../../../../source/http/client.js';
import type { HttpClient } from '../../../../source/http/types.js';
import { type AirflowSim, startAirflowSim } from '../../../../source/sim/airflow/server.js';
import { createSimClock, type SimClock } from '../../../../source/sim/clock.js';
import { type DatabricksSim, startDatabricksSim } from '../../../../source/sim/databricks/server.js';

export interface StoryHarness {
  clock: SimClock;
  airflowSim: AirflowSim;
  databricksSim: DatabricksSim;
  airflow: Backend;
  databricks: Backend;
  close(): Promise<void>;
}

export async function startStoryHarness(
  flavour: 2 | 3 = 3,
  http: HttpClient = createHttpClient(),
): Promise<StoryHarness> {
  const clock = createSimClock({ speed: 0, start: Date.UTC(2026, 10, 20, 12, 0, 0) });
  const databricksSim = await startDatabricksSim({ clock, seed: 42 });
  const airflowSim = await startAirflowSim({ flavour, clock, seed: 42, databricks: databricksSim });
  const airflow = createAirflowBackend({
    baseUrl: airflowSim.url,
    http,
    auth: {
      kind: 'password',
      username: airflowSim.username,
      password: staticSecret(airflowSim.password, 'test'),
    },
  });
  const databricks = createDatabricksBackend({
    host: databricksSim.url,
    http,
    auth: { kind: 'pat', token: staticSecret(databricksSim.token, 'test') },
  });
  return {
    clock,
    airflowSim,
    databricksSim,
    airflow,
    databricks,
    async close() {
      await http.close();
      await airflowSim.close();
      await databricksSim.close();
    },
  };
}
