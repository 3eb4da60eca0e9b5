// Simulator-wide faults that prove a client never makes a write twice (issues 10 and 11 "Once"):
// resetAfterWriteRate applies a write and then drops the connection, so the change stands and the
// answer is lost. Reads are never affected, nor are the token endpoints. hold keeps the requests a
// pattern names unanswered until the test lets them go.
import { afterEach, describe, expect, it } from 'vitest';
import { type Simulators, startSimulators } from '../../source/sim/index.js';

let sims: Simulators | undefined;
afterEach(async () => {
  await sims?.close();
  sims = undefined;
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The answer, or the network error a dropped connection gives fetch. */
async function send(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown } | Error> {
  try {
    const response = await fetch(url, init);
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  } catch (error) {
    return error as Error;
  }
}

async function airflowToken(s: Simulators): Promise<string> {
  const answer = await send(`${s.airflow.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: s.airflow.username, password: s.airflow.password }),
  });
  if (answer instanceof Error) throw answer;
  return (answer.body as { access_token: string }).access_token;
}

describe('resetAfterWriteRate', () => {
  it('Databricks: run-now is applied and its answer lost; the same token then answers the same run', async () => {
    sims = await startSimulators({ speed: 0, faults: { resetAfterWriteRate: 1 } });
    const { databricks } = sims;
    const job = databricks.state.jobByName('eod_risk_models');
    const before = job?.runIds.length ?? 0;
    const runNow = () =>
      send(`${databricks.url}/api/2.2/jobs/run-now`, {
        method: 'POST',
        headers: { ...bearer(databricks.token), 'content-type': 'application/json' },
        body: JSON.stringify({ job_id: job?.jobId, idempotency_token: 'once' }),
      });
    expect(await runNow()).toBeInstanceOf(Error);
    expect(job?.runIds.length).toBe(before + 1);
    expect(await runNow()).toBeInstanceOf(Error);
    expect(job?.runIds.length).toBe(before + 1);
    // Reads answer as usual, and show the run the lost answer would have named.
    const listed = await send(`${databricks.url}/api/2.2/jobs/runs/list?job_id=${job?.jobId}&limit=1`, {
      headers: bearer(databricks.token),
    });
    expect(listed).toMatchObject({ status: 200, body: { runs: [{ run_id: job?.runIds.at(-1) }] } });
  });

  it('Airflow: a pause is applied and its answer lost; the token endpoint is never affected', async () => {
    sims = await startSimulators({ speed: 0, faults: { resetAfterWriteRate: 1 } });
    const { airflow } = sims;
    const token = await airflowToken(sims);
    const dag = `${airflow.url}/api/v2/dags/fintech_eod_risk`;
    const pause = await send(`${dag}?update_mask=is_paused`, {
      method: 'PATCH',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ is_paused: true }),
    });
    expect(pause).toBeInstanceOf(Error);
    expect(await send(dag, { headers: bearer(token) })).toMatchObject({
      status: 200,
      body: { is_paused: true },
    });
  });

  it('a write the server refuses is answered as usual: only applied writes lose their answer', async () => {
    sims = await startSimulators({ speed: 0, faults: { resetAfterWriteRate: 1 } });
    const { databricks } = sims;
    const refused = await send(`${databricks.url}/api/2.2/jobs/run-now`, {
      method: 'POST',
      headers: { ...bearer(databricks.token), 'content-type': 'application/json' },
      body: JSON.stringify({ job_id: 123 }),
    });
    expect(refused).toMatchObject({ status: 400, body: { message: 'Job 123 does not exist.' } });
  });

  it('a share of writes, drawn from the seeded random: the same seed loses the same answers', async () => {
    const outcomes = async (seed: number) => {
      const started = await startSimulators({ speed: 0, seed, faults: { resetAfterWriteRate: 0.5 } });
      try {
        const { databricks } = started;
        const jobId = databricks.state.jobByName('eod_risk_models')?.jobId;
        const lost: boolean[] = [];
        for (let i = 0; i < 12; i++) {
          const answer = await send(`${databricks.url}/api/2.2/jobs/run-now`, {
            method: 'POST',
            headers: { ...bearer(databricks.token), 'content-type': 'application/json' },
            body: JSON.stringify({ job_id: jobId, idempotency_token: `t-${i}` }),
          });
          lost.push(answer instanceof Error);
        }
        return lost;
      } finally {
        await started.close();
      }
    };
    const first = await outcomes(4);
    expect(first).toContain(true);
    expect(first).toContain(false);
    expect(await outcomes(4)).toEqual(first);
  });
});

describe('hold', () => {
  it('keeps the matching requests unanswered until released, and answers the others meanwhile', async () => {
    let release: () => void = () => {};
    const until = new Promise<void>((resolve) => {
      release = resolve;
    });
    sims = await startSimulators({ speed: 0, faults: { hold: { pattern: /\/dags\?.*offset=2\b/, until } } });
    const { airflow } = sims;
    const token = await airflowToken(sims);
    let heldAnswer: Awaited<ReturnType<typeof send>> | undefined;
    const held = send(`${airflow.url}/api/v2/dags?limit=2&offset=2`, { headers: bearer(token) }).then(
      (answer) => {
        heldAnswer = answer;
        return answer;
      },
    );
    // Sent after the held one, answered before it.
    expect(
      await send(`${airflow.url}/api/v2/dags?limit=2&offset=0`, { headers: bearer(token) }),
    ).toMatchObject({
      status: 200,
      body: { dags: [{}, {}] },
    });
    expect(heldAnswer).toBeUndefined();
    release();
    expect(await held).toMatchObject({ status: 200, body: { dags: [{}, {}] } });
  });
});
