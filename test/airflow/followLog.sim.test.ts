// followLog against the Airflow simulator, per log-endpoint behaviour (Airflow 3.3 resumes with its
// token; 3.2.1 and 3.2.2 are re-read whole; Airflow 2 resumes at a character offset): a running
// task is followed to its end while the simulator is stopped and restarted on the same port (same
// seed and epoch) and its tokens expire. The log saved from the buffer equals the simulator's
// whole log, line for line: nothing lost, nothing twice.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import { flattenStructuredLog, type StructuredLogEntry } from '../../source/airflow/flattenStructuredLog.js';
import { parseTextLogLine } from '../../source/airflow/parseTextLog.js';
import { createLogBuffer } from '../../source/core/logBuffer.js';
import type { LogLine } from '../../source/core/model.js';
import { type AirflowSim, startAirflowSim } from '../../source/sim/airflow/server.js';
import { createSimClock, type SimClock } from '../../source/sim/clock.js';
import { HOSTILE_LINES } from '../../source/sim/hostileLines.js';
import { login } from '../sim/airflow/support.js';
import { collectLog } from '../support/collectLog.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';
import { testSecret } from './support/testSecret.js';

const EPOCH = Date.UTC(2026, 2, 20, 10, 0);
const DAG = 'ml_feature_store_sync';
const TASK = 'train_drift_model';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startSim(flavour: 2 | 3, version: string, clock: SimClock, port = 0): Promise<AirflowSim> {
  return startAirflowSim({
    flavour,
    version,
    clock,
    seed: 9,
    epoch: EPOCH,
    // The newest run's task is writing at the epoch: 6,000 lines at 20 a second.
    logLines: 6000,
    logRate: 20,
    port,
  });
}

/** The simulator's whole log of the try, read raw and shown as the console shows it. */
async function wholeLog(sim: AirflowSim, runId: string): Promise<LogLine[]> {
  const path = `/dags/${DAG}/dagRuns/${encodeURIComponent(runId)}/taskInstances/${TASK}/logs/1`;
  const headers = { authorization: await login(sim) };
  if (sim.flavour === 2) {
    const text = await (
      await fetch(`${sim.url}/api/v1${path}`, { headers: { ...headers, accept: 'text/plain' } })
    ).text();
    return text.trimEnd().split('\n').slice(1).map(parseTextLogLine);
  }
  const body = (await (await fetch(`${sim.url}/api/v2${path}`, { headers })).json()) as {
    content: StructuredLogEntry[];
  };
  return flattenStructuredLog(body.content);
}

async function saved(lines: readonly LogLine[], dir: string, name: string): Promise<string[]> {
  const buffer = createLogBuffer();
  buffer.append(lines);
  await buffer.save(join(dir, name));
  return readFileSync(join(dir, name), 'utf8').split('\n');
}

describe.each([
  { flavour: 3 as const, version: '3.3.2' },
  { flavour: 3 as const, version: '3.2.1' },
  { flavour: 3 as const, version: '3.2.2' },
  { flavour: 2 as const, version: '2.10.5' },
])('followLog on the Airflow $flavour simulator reporting $version', ({ flavour, version }) => {
  it("follows a running task through a restart and expired tokens: the saved log equals the simulator's, line for line", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dagdeck-follow-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const clock = createSimClock({ speed: 0, epoch: EPOCH });
    let sim = await startSim(flavour, version, clock);
    cleanups.push(() => sim.close());
    const port = Number(new URL(sim.url).port);
    const http = createRecordingHttpClient();
    cleanups.push(() => http.close());
    const backend = createAirflowBackend({
      baseUrl: sim.url,
      http,
      auth: { kind: 'password', username: sim.username, password: testSecret([sim.password]) },
    });
    const [run] = await backend.listRuns(DAG, { limit: 1 });
    expect(run?.state).toBe('running');
    const runId = run?.id ?? '';

    // Virtual time moves while the follow runs, about 20 log lines per tick, but never more than a
    // few hundred lines ahead of what the follow has delivered: on a loaded machine a free-running
    // clock let the task finish before the restart below could happen.
    let ticking = true;
    let ticks = 0;
    let delivered = 0;
    const ticker = setInterval(() => {
      if (ticking && ticks * 20 < delivered + 400) {
        ticks += 1;
        clock.advance(1000);
      }
    }, 5);
    cleanups.push(() => clearInterval(ticker));

    let stopped = false;
    let restarted = false;
    let expired = false;
    const buffer = createLogBuffer();
    const log = await collectLog(
      backend.followLog({ backend: 'airflow', workflowId: DAG, runId, taskId: TASK }, { pollMs: 10 }),
      async (batch, sofar) => {
        buffer.append(batch.lines);
        delivered = sofar.lines.length;
        if (!stopped && sofar.lines.length > 2500) {
          stopped = true;
          ticking = false;
          await sim.close();
        } else if (stopped && !restarted && batch.retrying) {
          // The follow has seen the server gone: bring it back on the same port.
          restarted = true;
          sim = await startSim(flavour, version, clock, port);
          ticking = true;
        } else if (restarted && !expired && sofar.lines.length > 4000) {
          expired = true;
          sim.expireTokens();
        }
      },
    );
    ticking = false;
    expect(log).toMatchObject({ done: true, state: 'success' });
    expect(restarted).toBe(true);
    expect(expired).toBe(true);
    // Tokens only where the release resumes with them correctly. How many reads there are depends on
    // how the machine schedules the follow against the clock, so only their presence is asserted.
    const tokenReads = http.requests.filter((r) => r.url.includes('/logs/') && r.query?.token !== undefined);
    if (version === '3.3.2' || flavour === 2) expect(tokenReads.length).toBeGreaterThan(0);
    else expect(tokenReads).toEqual([]);

    await buffer.save(join(dir, 'followed.log'));
    const followed = readFileSync(join(dir, 'followed.log'), 'utf8').split('\n');
    const expected = await saved(await wholeLog(sim, runId), dir, 'simulator.log');
    expect(followed.length).toBeGreaterThan(6000);
    expect(followed).toEqual(expected);
  }, 60_000);
});

describe('hostile lines through every Airflow log shape', () => {
  it('arrive as the task wrote them: v2 JSON, v1 JSON (a Python literal) while running, v1 text once done', async () => {
    const texts: Record<string, string[]> = {};
    for (const flavour of [3, 2] as const) {
      const clock = createSimClock({ speed: 0, epoch: EPOCH });
      const sim = await startSim(flavour, flavour === 3 ? '3.3.2' : '2.10.5', clock);
      cleanups.push(() => sim.close());
      const http = createRecordingHttpClient();
      cleanups.push(() => http.close());
      const backend = createAirflowBackend({
        baseUrl: sim.url,
        http,
        auth: { kind: 'password', username: sim.username, password: testSecret([sim.password]) },
      });
      const [run] = await backend.listRuns('customer_kyc_refresh', { limit: 1 });
      const ref = {
        backend: 'airflow' as const,
        workflowId: 'customer_kyc_refresh',
        runId: run?.id ?? '',
        taskId: 'fetch_vendor_results',
      };
      const running = await collectLog(backend.followLog(ref, { follow: false }));
      expect(running.state).toBe('running');
      texts[`v${flavour === 3 ? 2 : 1} json`] = running.lines.map((line) => line.text);
      if (flavour === 2) {
        // Once the task has ended, Airflow 2 is read as text/plain.
        clock.advance(60 * 60_000);
        const done = await collectLog(backend.followLog(ref, { follow: false }));
        expect(done.state).toBe('success');
        texts['v1 text'] = done.lines.map((line) => line.text);
        expect(http.requests.some((r) => r.acceptHeader === 'text/plain')).toBe(true);
      }
    }
    for (const [shape, lines] of Object.entries(texts)) {
      const at = lines.indexOf(HOSTILE_LINES[0] as string);
      expect(at, shape).toBeGreaterThan(0);
      const got = lines.slice(at, at + HOSTILE_LINES.length);
      expect(got.slice(0, -1), shape).toEqual(HOSTILE_LINES.slice(0, -1));
      // A lone surrogate (an invalid byte) survives JSON; UTF-8 text turns it into U+FFFD.
      expect(got.at(-1), shape).toBe(
        shape === 'v1 text' ? 'Invalid UTF-8 from a file: caf\ufffd \ufffd\ufffd' : HOSTILE_LINES.at(-1),
      );
    }
  }, 60_000);
});
