// Starts a Databricks simulator on loopback with a frozen virtual clock (speed 0) so tests move time
// explicitly with clock.advance(), and wraps fetch for the few calls each test makes.
import { createSimClock, type SimClock } from '../../../source/sim/clock.js';
import {
  type DatabricksSim,
  type DatabricksSimOptions,
  startDatabricksSim,
} from '../../../source/sim/databricks/server.js';

export interface Harness {
  sim: DatabricksSim;
  clock: SimClock;
  get(
    path: string,
    token?: string,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  post(
    path: string,
    body: unknown,
    token?: string,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
}

export async function startHarness(options: Partial<DatabricksSimOptions> = {}): Promise<Harness> {
  const clock = createSimClock({ speed: 0, start: Date.UTC(2026, 10, 20, 12, 0, 0) });
  const sim = await startDatabricksSim({ clock, seed: 42, ...options });
  const call = async (method: string, path: string, body: unknown, token: string | undefined) => {
    const response = await fetch(`${sim.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token ?? sim.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: JSON.parse(text) as Record<string, unknown>,
      headers: response.headers,
    };
  };
  return {
    sim,
    clock,
    get: (path, token) => call('GET', path, undefined, token),
    post: (path, body, token) => call('POST', path, body, token),
  };
}

export const jobIdOf = (sim: DatabricksSim, name: string): number => {
  const job = sim.state.jobByName(name);
  if (!job) throw new Error(`no job ${name}`);
  return job.jobId;
};
