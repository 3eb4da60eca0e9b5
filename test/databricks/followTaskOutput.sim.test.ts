// followLog against the Databricks simulator: a running python task's get-output followed to its
// end through a simulator restart on the same port (same seed and epoch) and an expired OAuth
// token saves exactly the task's final output; a log past 5 MB, where get-output keeps only the
// tail, is followed by finding the delivered end in each new window (no line lost or twice).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogBuffer } from '../../source/core/logBuffer.js';
import type { LogLine, Run } from '../../source/core/model.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createDatabricksBackend } from '../../source/databricks/backend.js';
import { closingLines } from '../../source/databricks/outputLines.js';
import { RunOutput } from '../../source/databricks/schemas.js';
import { createSimClock, type SimClock } from '../../source/sim/clock.js';
import { type DatabricksSim, startDatabricksSim } from '../../source/sim/databricks/server.js';
import { collectLog } from '../support/collectLog.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';

const EPOCH = Date.UTC(2026, 2, 20, 10, 0);
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function start(clock: SimClock, logRate: number, port = 0): Promise<DatabricksSim> {
  return startDatabricksSim({ clock, seed: 9, epoch: EPOCH, logRate, port });
}

function connect(sim: DatabricksSim) {
  const http = createRecordingHttpClient();
  cleanups.push(() => http.close());
  return createDatabricksBackend({
    host: sim.url,
    http,
    auth: { kind: 'oauth-m2m', clientId: sim.clientId, clientSecret: staticSecret(sim.clientSecret, 'test') },
  });
}

async function runningRun(backend: ReturnType<typeof connect>, jobName: string): Promise<Run> {
  const job = (await backend.listWorkflows({ search: jobName }))[0];
  const run = (await backend.listRuns(job?.id ?? '', { limit: 5 })).find((r) => r.state === 'running');
  if (!run) throw new Error(`no running run of ${jobName}`);
  return run;
}

describe('followLog on the Databricks simulator', () => {
  it("follows a running task through a restart and an expired token: the saved log equals the task's output", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dagdeck-dbx-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const clock = createSimClock({ speed: 0, epoch: EPOCH });
    let sim = await start(clock, 0.5);
    cleanups.push(() => sim.close());
    const port = Number(new URL(sim.url).port);
    const backend = connect(sim);
    // Seeded 40 minutes before the epoch (the later one queues behind it); erase_subjects runs 2 to 3 hours.
    const run = await runningRun(backend, 'gdpr_erasure_requests');

    // Virtual minutes pass while the follow runs, but never more than a few since its last batch:
    // on a loaded machine a free-running clock let the task end before the restart below.
    let ticking = true;
    let sinceBatch = 0;
    const ticker = setInterval(() => {
      if (ticking && sinceBatch < 10) {
        sinceBatch += 1;
        clock.advance(60_000);
      }
    }, 5);
    cleanups.push(() => clearInterval(ticker));

    let stopped = false;
    let restarted = false;
    let expired = false;
    const buffer = createLogBuffer();
    const ref = {
      backend: 'databricks' as const,
      workflowId: run.workflowId,
      runId: run.id,
      taskId: 'erase_subjects',
    };
    const log = await collectLog(backend.followLog(ref, { pollMs: 10 }), async (batch, sofar) => {
      buffer.append(batch.lines);
      sinceBatch = 0;
      if (!stopped && sofar.lines.length > 1500) {
        stopped = true;
        ticking = false;
        await sim.close();
      } else if (stopped && !restarted && batch.retrying) {
        restarted = true;
        sim = await start(clock, 0.5, port);
        ticking = true;
      } else if (restarted && !expired && sofar.lines.length > 2500) {
        expired = true;
        sim.expireTokens();
      }
    });
    ticking = false;
    expect(log).toMatchObject({ done: true, state: 'success', missed: false });
    expect(restarted && expired).toBe(true);

    // The task's whole output as get-output gives it once the task has ended.
    const taskRunId = (await backend.listTasks(run.workflowId, run.id))[0]?.taskRunId;
    const response = await fetch(`${sim.url}/api/2.2/jobs/runs/get-output?run_id=${taskRunId}`, {
      headers: { authorization: `Bearer ${sim.token}` },
    });
    const output = RunOutput.parse(await response.json());
    expect(output.logs_truncated).toBe(false);
    const expected: LogLine[] = [
      ...(output.logs ?? '')
        .trimEnd()
        .split('\n')
        .map((text) => ({ text })),
      ...closingLines(output),
    ];
    const whole = createLogBuffer();
    whole.append(expected);
    await buffer.save(join(dir, 'followed.log'));
    await whole.save(join(dir, 'output.log'));
    const followed = readFileSync(join(dir, 'followed.log'), 'utf8');
    expect(followed.split('\n').length).toBeGreaterThan(3600);
    expect(followed).toEqual(readFileSync(join(dir, 'output.log'), 'utf8'));
  }, 60_000);

  it('a log past 5 MB, of which get-output keeps the tail: each window continues right after the last', async () => {
    const clock = createSimClock({ speed: 0, epoch: EPOCH });
    const sim = await start(clock, 100);
    cleanups.push(() => sim.close());
    const backend = connect(sim);
    // Seeded 3 hours before the epoch at 100 lines a second: a million lines, 5 MB of them kept.
    const run = await runningRun(backend, 'ml_feature_backfill');
    const ref = {
      backend: 'databricks' as const,
      workflowId: run.workflowId,
      runId: run.id,
      taskId: 'backfill_features',
    };
    const controller = new AbortController();
    const times: number[] = [];
    let batches = 0;
    let missedAfterFirst = false;
    for await (const batch of backend.followLog(ref, { pollMs: 1, signal: controller.signal })) {
      if (batch.lines.length === 0) continue;
      batches += 1;
      if (batches > 1 && batch.missed) missedAfterFirst = true;
      for (const line of batch.lines) times.push(Date.parse(`${line.text.slice(0, 23).replace(' ', 'T')}Z`));
      // Half a window of new lines per pass.
      clock.advance(30_000);
      if (batches === 6) controller.abort();
    }
    expect(batches).toBe(6);
    expect(missedAfterFirst).toBe(false);
    // The first window (5 MB, some 50,000 lines), then 3,000 new lines per pass.
    expect(times.length).toBeGreaterThan(40_000 + 5 * 3_000);
    // 100 lines a second: each line 10 ms after the one before, from the first to the last.
    const steps = new Set(times.slice(1).map((time, i) => time - (times[i] as number)));
    expect([...steps]).toEqual([10]);
  }, 60_000);
});
