// The simulated scheduler on a moved virtual clock: runs go queued → running → success/failed,
// new scheduled runs appear, logs grow while a try runs, the Databricks operator task names a
// real run of the Databricks simulator (through XCom), 10,000 DAGs page quickly,
// and the fault knobs (errors, resets, cut logs, latency, stalls) answer as a proxy would.
import { afterEach, describe, expect, it } from 'vitest';
import { type AirflowSim, startAirflowSim } from '../../../source/sim/airflow/server.js';
import { createSimClock } from '../../../source/sim/clock.js';
import { startDatabricksSim } from '../../../source/sim/databricks/server.js';
import { caller, enc } from './support.js';

interface Row {
  [key: string]: unknown;
}
const MINUTE = 60_000;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});
async function start(
  options: Partial<Parameters<typeof startAirflowSim>[0]> & { flavour: 2 | 3 },
): Promise<AirflowSim> {
  const sim = await startAirflowSim({ clock: createSimClock({ speed: 0 }), seed: 3, ...options });
  closers.push(() => sim.close());
  return sim;
}

describe('Airflow simulator lifecycle', () => {
  it('a triggered run goes queued → running → success as the clock moves; retries are seeded and reproducible', async () => {
    const clock = createSimClock({ speed: 0 });
    const sim = await start({ flavour: 3, clock });
    const api = await caller(sim);
    await api.call('POST', '/dags/adhoc_data_export/dagRuns', { dag_run_id: 'life', logical_date: null });
    const get = async () => (await api.call('GET', '/dags/adhoc_data_export/dagRuns/life')).json as Row;
    expect((await get()).state).toBe('queued');
    clock.advance(10_000);
    expect((await get()).state).toBe('running');
    const tis = (await api.call('GET', '/dags/adhoc_data_export/dagRuns/life/taskInstances')).json as {
      task_instances: Row[];
    };
    // Real Airflow 3 lists them by map_index, then by their UUIDv7 ids: not in the DAG's order.
    const byTask = Object.fromEntries(tis.task_instances.map((t) => [t.task_id, t.state]));
    expect(byTask).toEqual({ export_table: 'running', notify_partner: null });
    clock.advance(30 * MINUTE);
    const done = await get();
    expect(done.state).toBe('success');
    expect(done.duration).toBeGreaterThan(0);
  });

  it('new scheduled runs appear on unpaused DAGs', async () => {
    const clock = createSimClock({ speed: 0 });
    const sim = await start({ flavour: 2, clock });
    const api = await caller(sim);
    const count = async () =>
      ((await api.call('GET', '/dags/fx_rates_ingest/dagRuns')).json as { total_entries: number })
        .total_entries;
    const before = await count();
    clock.advance(31 * MINUTE);
    expect(await count()).toBe(before + 2);
  });

  it('same seed, same history', async () => {
    const a = await caller(await start({ flavour: 3, seed: 11 }));
    const b = await caller(await start({ flavour: 3, seed: 11 }));
    const states = async (api: typeof a) =>
      ((await api.call('GET', '/dags/~/dagRuns?limit=100')).json as { dag_runs: Row[] }).dag_runs.map(
        (r) => `${r.dag_id}:${r.state}`,
      );
    expect(await states(a)).toEqual(await states(b));
  });

  it('logs grow while the try runs: v2 structured JSON with a token while running, NDJSON, text/plain 406 (§5.9)', async () => {
    const clock = createSimClock({ speed: 0 });
    // 3.3.1 fixed resuming with a token; earlier releases are the next test.
    const sim = await start({ flavour: 3, clock, logLines: 400, version: '3.3.2' });
    const api = await caller(sim);
    await api.call('POST', '/dags/ml_feature_store_sync/dagRuns', { dag_run_id: 'tail', logical_date: null });
    clock.advance(10 * MINUTE);
    const path = '/dags/ml_feature_store_sync/dagRuns/tail/taskInstances/train_drift_model/logs/1';
    const first = (await api.call('GET', path)).json as { content: Row[]; continuation_token: string | null };
    expect(first.content[0]).toMatchObject({ event: '::group::Log message source details' });
    expect(
      first.content
        .slice(2)
        .every(
          (l) =>
            typeof l.event === 'string' && typeof l.timestamp === 'string' && typeof l.level === 'string',
        ),
    ).toBe(true);
    expect(first.continuation_token).toBeTruthy();
    clock.advance(5 * MINUTE);
    const more = (await api.call('GET', `${path}?token=${enc(String(first.continuation_token))}`)).json as {
      content: Row[];
    };
    expect(more.content.length).toBeGreaterThan(0);
    expect(more.content[0]?.event).not.toBe('::group::Log message source details');
    const second = (await api.call('GET', path)).json as { content: Row[] };
    expect(second.content.length).toBe(first.content.length + more.content.length);
    const ndjson = await api.call('GET', path, undefined, { accept: 'application/x-ndjson' });
    expect(ndjson.text.trim().split('\n')).toHaveLength(second.content.length);
    expect((await api.call('GET', path, undefined, { accept: 'text/plain' })).status).toBe(406);
    clock.advance(60 * MINUTE);
    const final = (await api.call('GET', path)).json as { content: Row[]; continuation_token: string | null };
    expect(final.continuation_token).toBeNull();
    expect(final.content.length).toBeGreaterThan(400);
  });

  it('v2 log tokens behave as the reported release: 3.2.1 repeats the whole log, 3.2.2-3.3.0 answer 500 while the try runs (§5.9)', async () => {
    const tokenOf = (json: unknown) => String((json as { continuation_token: string }).continuation_token);
    const path = '/dags/ml_feature_store_sync/dagRuns/tail/taskInstances/train_drift_model/logs/1';
    for (const version of ['3.2.1', '3.2.2', '3.3.0']) {
      const clock = createSimClock({ speed: 0 });
      const api = await caller(await start({ flavour: 3, clock, logLines: 400, version }));
      expect(((await api.call('GET', '/version')).json as Row).version).toBe(version);
      await api.call('POST', '/dags/ml_feature_store_sync/dagRuns', {
        dag_run_id: 'tail',
        logical_date: null,
      });
      clock.advance(10 * MINUTE);
      const first = (await api.call('GET', path)).json as { content: Row[] };
      clock.advance(MINUTE);
      const resumed = await api.call('GET', `${path}?token=${enc(tokenOf(first))}`);
      if (version === '3.2.1') {
        const again = resumed.json as { content: Row[] };
        // Everything again, without the two "log source" header messages (PR #63531).
        expect(again.content.slice(0, first.content.length - 2)).toEqual(first.content.slice(2));
        expect(again.content.length).toBeGreaterThan(first.content.length - 2);
      } else {
        expect(resumed.status).toBe(500);
        expect(resumed.text).toBe('Internal Server Error');
      }
    }
  });

  it('v1 logs: text/plain whole log, JSON repr content with a continuation token that returns only new text (§5.9)', async () => {
    const clock = createSimClock({ speed: 0 });
    const sim = await start({ flavour: 2, clock, logLines: 200 });
    const api = await caller(sim);
    await api.call('POST', '/dags/ml_feature_store_sync/dagRuns', { dag_run_id: 'tail' });
    clock.advance(10 * MINUTE);
    const path = '/dags/ml_feature_store_sync/dagRuns/tail/taskInstances/train_drift_model/logs/1';
    const first = (await api.call('GET', path)).json as { content: string; continuation_token: string };
    expect(first.content.startsWith("[('worker-")).toBe(true);
    clock.advance(5 * MINUTE);
    const next = (await api.call('GET', `${path}?token=${enc(first.continuation_token)}`)).json as {
      content: string;
    };
    expect(next.content).not.toContain('Found local files');
    const text = await api.call('GET', path, undefined, { accept: 'text/plain' });
    expect(text.headers.get('content-type')).toContain('text/plain');
    expect(text.text).toMatch(/\{taskinstance\.py:\d+\} INFO - Executing/);
  });

  it('the Databricks operator task pushes run_id and run_page_url of a real Databricks simulator run (§5.10, §1.14)', async () => {
    const clock = createSimClock({ speed: 0 });
    const databricks = await startDatabricksSim({ clock, seed: 3 });
    closers.push(() => databricks.close());
    for (const flavour of [3, 2] as const) {
      const sim = await start({ flavour, clock, databricks });
      const api = await caller(sim);
      const runs = (await api.call('GET', '/dags/fintech_eod_risk/dagRuns?state=failed')).json as {
        dag_runs: Row[];
      };
      const base = `/dags/fintech_eod_risk/dagRuns/${enc(String(runs.dag_runs.at(-1)?.dag_run_id))}/taskInstances/risk_modelling.run_risk_models`;
      const list = (await api.call('GET', `${base}/xcomEntries`)).json as { xcom_entries: Row[] };
      expect(list.xcom_entries.map((x) => x.key).sort()).toEqual(['run_id', 'run_page_url']);
      const runId = ((await api.call('GET', `${base}/xcomEntries/run_id`)).json as Row).value;
      const url = ((await api.call('GET', `${base}/xcomEntries/run_page_url`)).json as Row).value;
      expect(typeof runId).toBe(flavour === 3 ? 'number' : 'string');
      expect(String(url)).toContain(databricks.url);
      expect(String(url)).toContain(String(runId));
      expect(databricks.state.run(Number(runId))).toBeTruthy();
      expect(databricks.runState(Number(runId))).not.toBe('success');
      expect(
        (
          await api.call(
            'GET',
            `/dags/fintech_eod_risk/dagRuns/${enc(String(runs.dag_runs.at(-1)?.dag_run_id))}/taskInstances/load_reporting_db/xcomEntries/run_id`,
          )
        ).status,
      ).toBe(404);
    }
  });

  it('10,000 generated DAGs: every page of 100 is served with total_entries, lookups by id work (§1.10)', async () => {
    const sim = await start({ flavour: 3, dags: 10_000 });
    const api = await caller(sim);
    const first = (await api.call('GET', '/dags/generated_dag_09999')).json as Row;
    expect(first.dag_id).toBe('generated_dag_09999');
    const seen = new Set<unknown>();
    let total = 0;
    for (let offset = 0; offset === 0 || offset < total; offset += 100) {
      const page = (await api.call('GET', `/dags?limit=100&offset=${offset}`)).json as {
        dags: Row[];
        total_entries: number;
      };
      total = page.total_entries;
      for (const dag of page.dags) seen.add(dag.dag_id);
    }
    expect(total).toBe(10_013);
    expect(seen.size).toBe(10_013);
    // A paused generated DAG (every 7th from 3) ran its history while it was active: its past
    // runs are finished, not queued forever (a paused DAG only holds back new runs).
    const paused = (await api.call('GET', '/dags/generated_dag_00003')).json as Row;
    expect(paused.is_paused).toBe(true);
    const runs = (await api.call('GET', '/dags/generated_dag_00003/dagRuns')).json as { dag_runs: Row[] };
    expect(runs.dag_runs.length).toBeGreaterThan(0);
    for (const run of runs.dag_runs) expect(['success', 'failed']).toContain(run.state);
  });

  it('faults: 429 with Retry-After, HTML 502, connection reset; version exempt (faults.ts)', async () => {
    const limited = await start({ flavour: 3, faults: { rate429: 1, retryAfterSeconds: 7 } });
    const api = await caller(limited);
    const answer = await api.call('GET', '/dags');
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect((await fetch(`${limited.url}/api/v2/version`)).status).toBe(200);
    const proxy = await start({ flavour: 2, faults: { html502Rate: 1 } });
    const html = await (await caller(proxy)).call('GET', '/dags');
    expect(html.status).toBe(502);
    expect(html.text).toContain('<html>');
    const reset = await start({ flavour: 3, faults: { resetRate: 1 } });
    await expect((await caller(reset)).call('GET', '/dags')).rejects.toThrow();
  });

  it.each([2, 3] as const)(
    'faults: 5xx and 429 bodies match the status sent, in the flavour %i error content type (faults.ts, §4)',
    async (flavour) => {
      const titles: Record<number, string> = { 500: 'Internal Server Error', 503: 'Service Unavailable' };
      const contentType = flavour === 2 ? 'application/problem+json' : 'application/json';
      const broken = await caller(await start({ flavour, faults: { rate5xx: 1 } }));
      const seen = new Set<number>();
      // Seeded: both statuses come up within a few requests.
      for (let i = 0; i < 12; i++) {
        const failed = await broken.call('GET', '/dags');
        seen.add(failed.status);
        expect(failed.headers.get('content-type')).toBe(contentType);
        const title = titles[failed.status];
        expect(failed.json).toEqual(
          flavour === 2
            ? {
                detail: title,
                status: failed.status,
                title,
                type: expect.stringContaining('#section/Errors/'),
              }
            : { detail: title },
        );
      }
      expect([...seen].sort()).toEqual([500, 503]);
      const limited = await (await caller(await start({ flavour, faults: { rate429: 1 } }))).call(
        'GET',
        '/dags',
      );
      expect(limited.status).toBe(429);
      expect(limited.headers.get('content-type')).toBe(contentType);
      expect(limited.json).toMatchObject(
        flavour === 2 ? { status: 429, title: 'Too Many Requests' } : { detail: 'Too Many Requests' },
      );
    },
  );

  it('faults: a log stream is cut after N lines (dropLogAfterLines)', async () => {
    const sim = await start({ flavour: 3, faults: { dropLogAfterLines: 3 } });
    const api = await caller(sim);
    const runs = (await api.call('GET', '/dags/fintech_eod_risk/dagRuns?state=failed')).json as {
      dag_runs: Row[];
    };
    const path = `/dags/fintech_eod_risk/dagRuns/${enc(String(runs.dag_runs.at(-1)?.dag_run_id))}/taskInstances/risk_modelling.run_risk_models/logs/2`;
    await expect(api.call('GET', path, undefined, { accept: 'application/x-ndjson' })).rejects.toThrow();
  });

  it('faults: latencyMs delays every answer by at least that, version included (faults.ts)', async () => {
    const sim = await start({ flavour: 3, faults: { latencyMs: 200 } });
    const started = performance.now();
    const answer = await fetch(`${sim.url}/api/v2/version`);
    await answer.text();
    // Timers may fire a little early on a busy machine; no upper bound, a slow machine is slower.
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
    expect(answer.status).toBe(200);
  });

  it('faults: stallRate 1 sends the headers and part of the body, then never finishes it (faults.ts)', async () => {
    const sim = await start({ flavour: 3, faults: { stallRate: 1 } });
    // The fault comes before authentication, as a proxy's would: no token needed.
    const response = await fetch(`${sim.url}/api/v2/dags`, { signal: AbortSignal.timeout(500) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('1000');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('{"partial":');
    // The rest never comes: the read is still pending when the 500 ms timeout aborts it.
    await expect(reader.read()).rejects.toMatchObject({ name: 'TimeoutError' });
    // afterEach closes the simulator, which destroys the stalled connection.
  });
});
