// A Databricks simulator on loopback with a frozen virtual clock, and the real backend talking to it
// through the production HTTP client (the recording one, with short retries, when a test injects faults).
import type { Backend } from '../../../../source/core/backend.js';
import { staticSecret } from '../../../../source/databricks/auth/staticSecret.js';
import { createDatabricksBackend } from '../../../../source/databricks/backend.js';
import { createHttpClient } from '../../../../source/http/client.js';
import type { HttpClient } from '../../../../source/http/types.js';
import { createSimClock, type SimClock } from '../../../../source/sim/clock.js';
import { type DatabricksSim, startDatabricksSim } from '../../../../source/sim/databricks/server.js';
import type { FaultOptions } from '../../../../source/sim/faults.js';
import { createRecordingHttpClient } from '../../../support/recordingHttpClient.js';

export interface DatabricksHarness {
  sim: DatabricksSim;
  clock: SimClock;
  backend: Backend;
  /** Mutable: the simulator reads it on every request. */
  faults: FaultOptions;
  jobId(name: string): string;
  close(): Promise<void>;
}

export async function startDatabricksHarness(
  options: { retries?: boolean } = {},
): Promise<DatabricksHarness> {
  const clock = createSimClock({ speed: 0, start: Date.UTC(2026, 10, 20, 12, 0, 0) });
  const faults: FaultOptions = {};
  const sim = await startDatabricksSim({ clock, seed: 42, faults });
  const http: HttpClient = options.retries === false ? createRecordingHttpClient() : createHttpClient();
  const backend = createDatabricksBackend({
    host: sim.url,
    http,
    auth: { kind: 'pat', token: staticSecret(sim.token, 'test') },
  });
  return {
    sim,
    clock,
    backend,
    faults,
    jobId(name) {
      const job = sim.state.jobByName(name);
      if (!job) throw new Error(`no job ${name} in the simulator`);
      return String(job.jobId);
    },
    async close() {
      await http.close();
      await sim.close();
    },
  };
}
