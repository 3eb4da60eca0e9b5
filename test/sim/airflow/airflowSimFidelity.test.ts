// Endpoint fidelity of the Airflow simulator, per flavour: each endpoint answers as the real
// Airflow 3 (API v2) or Airflow 2 (API v1) does. Speed-0 clock: nothing moves unless a test moves it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AirflowSim, startAirflowSim } from '../../../source/sim/airflow/server.js';
import { createSimClock } from '../../../source/sim/clock.js';
import { type Caller, caller, enc } from './support.js';

interface Row {
  [key: string]: unknown;
}

describe.each([3, 2] as const)('Airflow simulator fidelity, flavour %i', (flavour) => {
  let sim: AirflowSim;
  let api: Caller;
  const v2 = flavour === 3;
  const failedRun = async () => {
    const runs = (await api.call('GET', '/dags/fintech_eod_risk/dagRuns?state=failed')).json as {
      dag_runs: Row[];
    };
    return String(runs.dag_runs.at(-1)?.dag_run_id);
  };

  beforeAll(async () => {
    sim = await startAirflowSim({ flavour, clock: createSimClock({ speed: 0 }), seed: 7, dags: 150 });
    api = await caller(sim);
  });
  afterAll(async () => sim.close());

  it('version and health answer without credentials (§1.15, §2.1)', async () => {
    const version = await fetch(`${api.base}/version`);
    expect(version.status).toBe(200);
    expect(((await version.json()) as { version: string }).version.startsWith(v2 ? '3.' : '2.')).toBe(true);
    const health = await fetch(`${api.base}${v2 ? '/monitor/health' : '/health'}`);
    expect(((await health.json()) as { scheduler: { status: string } }).scheduler.status).toBe('healthy');
    const other = await fetch(`${sim.url}/api/${v2 ? 'v1' : 'v2'}/version`);
    expect(other.status).toBe(404);
  });

  it('auth: no credentials 401; v2 malformed JWT 403, expired 401 "Token Expired"; v1 problem+json (§1.11, §3)', async () => {
    const anonymous = await fetch(`${api.base}/dags`);
    expect(anonymous.status).toBe(401);
    if (!v2) {
      expect(anonymous.headers.get('content-type')).toContain('problem+json');
      expect(await anonymous.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
      return;
    }
    const malformed = await fetch(`${api.base}/dags`, { headers: { authorization: 'Bearer not.a.jwt' } });
    expect(malformed.status).toBe(403);
    expect(await malformed.json()).toEqual({ detail: 'Invalid JWT token' });
    const basic = await fetch(`${api.base}/dags`, { headers: { authorization: 'Basic YWRtaW46eA==' } });
    expect(basic.status).toBe(401);
    const badLogin = await fetch(`${sim.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"admin","password":"nope"}',
    });
    expect(badLogin.status).toBe(401);
    const fresh = await caller(sim);
    sim.expireTokens();
    const expired = await fresh.call('GET', '/dags');
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual({ detail: 'Token Expired' });
    api = await caller(sim);
    expect((await api.call('GET', '/dags')).status).toBe(200);
  });

  it('dags: default page 100/50, limit capped at 100 with total_entries, offset, filters (§1.10, §5.1)', async () => {
    const first = (await api.call('GET', '/dags')).json as { dags: Row[]; total_entries: number };
    expect(first.dags).toHaveLength(v2 ? 50 : 100);
    expect(first.total_entries).toBe(163);
    const capped = (await api.call('GET', '/dags?limit=1000')).json as { dags: Row[] };
    expect(capped.dags).toHaveLength(100);
    const tail = (await api.call('GET', '/dags?limit=100&offset=150')).json as { dags: Row[] };
    expect(tail.dags).toHaveLength(13);
    const pattern = (await api.call('GET', '/dags?dag_id_pattern=EOD_RISK')).json as { dags: Row[] };
    expect(pattern.dags.map((d) => d.dag_id)).toEqual(['fintech_eod_risk']);
    const paused = (await api.call('GET', '/dags?paused=true&limit=100')).json as { dags: Row[] };
    expect(paused.dags.every((d) => d.is_paused === true)).toBe(true);
    const tagged = (await api.call('GET', '/dags?tags=risk')).json as { dags: Row[] };
    expect(tagged.dags.map((d) => d.dag_id)).toContain('fintech_eod_risk');
    const desc = (await api.call('GET', '/dags?order_by=-dag_id&limit=1')).json as { dags: Row[] };
    expect(desc.dags[0]?.dag_id).toBe('warehouse_vacuum');
    const dag = (await api.call('GET', '/dags/fintech_eod_risk')).json as Row;
    expect(dag).toHaveProperty(v2 ? 'timetable_summary' : 'schedule_interval');
    expect(dag).toHaveProperty(v2 ? 'is_stale' : 'is_active');
  });

  it('dag details carry params (§5.4); missing DAG 404 in the version error shape (§1.11)', async () => {
    const details = (await api.call('GET', '/dags/adhoc_data_export/details')).json as {
      params: Record<string, { value: unknown; schema: Row }>;
    };
    expect(details.params.row_limit).toMatchObject({ value: 10000, schema: { type: 'integer' } });
    const missing = await api.call('GET', '/dags/nope');
    expect(missing.status).toBe(404);
    expect(missing.json).toHaveProperty(
      v2 ? 'detail' : 'title',
      v2 ? 'Dag with id nope was not found' : 'Not Found',
    );
  });

  it('dag runs: oldest first by default, order_by, ~ across DAGs (§1.10, §5.3)', async () => {
    const runs = (await api.call('GET', '/dags/fintech_eod_risk/dagRuns')).json as {
      dag_runs: Row[];
      total_entries: number;
    };
    const times = runs.dag_runs.map((r) => Date.parse(String(r.logical_date)));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const newest = (
      await api.call(
        'GET',
        `/dags/fintech_eod_risk/dagRuns?order_by=${v2 ? '-run_after' : '-execution_date'}&limit=1`,
      )
    ).json as { dag_runs: Row[] };
    expect(newest.dag_runs[0]?.state).toBe('failed');
    const all = (await api.call('GET', '/dags/~/dagRuns?limit=100')).json as {
      dag_runs: Row[];
      total_entries: number;
    };
    expect(new Set(all.dag_runs.map((r) => r.dag_id)).size).toBeGreaterThan(5);
    const bad = await api.call('GET', '/dags/fintech_eod_risk/dagRuns?order_by=nonsense');
    expect(bad.status).toBe(400);
  });

  it('task instances: groups as dotted ids, mapped rows with map_index, single mapped needs the index on v2 (§1.8, §5.6)', async () => {
    const runId = await failedRun();
    const tis = (await api.call('GET', `/dags/fintech_eod_risk/dagRuns/${enc(runId)}/taskInstances`))
      .json as { task_instances: Row[] };
    const byId = Object.fromEntries(tis.task_instances.map((t) => [t.task_id, t]));
    expect(byId['risk_modelling.run_risk_models']).toMatchObject({
      state: 'failed',
      try_number: 2,
      max_tries: 1,
      operator: 'DatabricksRunNowOperator',
      map_index: -1,
    });
    expect(byId.load_reporting_db).toMatchObject({ state: 'upstream_failed' });
    const mappedRun = (
      (await api.call('GET', '/dags/partition_backfill_mapped/dagRuns')).json as { dag_runs: Row[] }
    ).dag_runs[0]?.dag_run_id;
    const mapped = (
      await api.call(
        'GET',
        `/dags/partition_backfill_mapped/dagRuns/${enc(String(mappedRun))}/taskInstances?limit=100`,
      )
    ).json as { task_instances: Row[] };
    expect(
      mapped.task_instances.filter((t) => t.task_id === 'process_partition').map((t) => t.map_index),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const single = await api.call(
      'GET',
      `/dags/partition_backfill_mapped/dagRuns/${enc(String(mappedRun))}/taskInstances/process_partition`,
    );
    expect(single.status).toBe(v2 ? 404 : 200);
    const indexed = await api.call(
      'GET',
      `/dags/partition_backfill_mapped/dagRuns/${enc(String(mappedRun))}/taskInstances/process_partition/3`,
    );
    expect(indexed.json).toMatchObject({ map_index: 3 });
    const tries = (
      await api.call(
        'GET',
        `/dags/fintech_eod_risk/dagRuns/${enc(runId)}/taskInstances/risk_modelling.run_risk_models/tries`,
      )
    ).json as { task_instances: Row[] };
    expect(tries.task_instances.map((t) => [t.try_number, t.state])).toEqual([
      [1, 'up_for_retry'],
      [2, 'failed'],
    ]);
  });

  it('trigger: v2 requires logical_date and rejects unknown keys with 422; duplicate id 409 (§1.5, §5.4)', async () => {
    if (v2) {
      const missing = await api.call('POST', '/dags/adhoc_data_export/dagRuns', { conf: {} });
      expect(missing.status).toBe(422);
      expect(missing.json).toMatchObject({ detail: [{ type: 'missing', loc: ['body', 'logical_date'] }] });
      const extra = await api.call('POST', '/dags/adhoc_data_export/dagRuns', {
        logical_date: null,
        bogus: 1,
      });
      expect(extra.status).toBe(422);
      expect(extra.json).toMatchObject({ detail: [{ type: 'extra_forbidden', loc: ['body', 'bogus'] }] });
      const naive = await api.call('POST', '/dags/adhoc_data_export/dagRuns', {
        logical_date: '2026-01-01T00:00:00',
      });
      expect(naive.status).toBe(422);
    }
    const body = v2
      ? { dag_run_id: 'sim_test_1', logical_date: null, conf: { table: 'analytics.orders' } }
      : { dag_run_id: 'sim_test_1', conf: { table: 'analytics.orders' } };
    const created = await api.call('POST', '/dags/adhoc_data_export/dagRuns', body);
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      dag_run_id: 'sim_test_1',
      state: 'queued',
      conf: { table: 'analytics.orders' },
      logical_date: v2 ? null : expect.any(String),
    });
    const again = await api.call('POST', '/dags/adhoc_data_export/dagRuns', body);
    expect(again.status).toBe(409);
  });

  it('task order: v2 by map_index then the UUIDv7 id (a cleared instance moves to the end), v1 refuses order_by on task instances (§1.10, §5.6)', async () => {
    // Its own sim: the clear below must not change what the other tests read.
    const own = await startAirflowSim({ flavour, clock: createSimClock({ speed: 0 }), seed: 7 });
    try {
      const ownApi = await caller(own);
      const runs = (await ownApi.call('GET', '/dags/data_quality_checks/dagRuns?state=success')).json as {
        dag_runs: Row[];
      };
      const runId = String(runs.dag_runs.at(-1)?.dag_run_id);
      const list = `/dags/data_quality_checks/dagRuns/${enc(runId)}/taskInstances`;
      const order = async () =>
        ((await ownApi.call('GET', list)).json as { task_instances: Row[] }).task_instances.map((t) =>
          String(t.task_id),
        );
      const before = await order();
      expect([...before].sort()).toEqual(['checks.customers', 'checks.orders', 'report']);
      await ownApi.call('POST', '/dags/data_quality_checks/clearTaskInstances', {
        dry_run: false,
        dag_run_id: runId,
        task_ids: ['checks.orders'],
        only_failed: false,
      });
      const after = await order();
      if (v2) {
        expect(after.at(-1)).toBe('checks.orders');
        const ids = ((await ownApi.call('GET', list)).json as { task_instances: Row[] }).task_instances.map(
          (t) => String(t.id),
        );
        expect(ids).toEqual([...ids].sort());
      } else {
        // Airflow 2 updates the row in place: the database's order does not move.
        expect(after).toEqual(before);
        const refused = await ownApi.call('GET', `${list}?order_by=map_index`);
        expect(refused.status).toBe(400);
        expect(JSON.stringify(refused.json)).toContain('Extra query parameter(s) order_by not in spec');
      }
    } finally {
      await own.close();
    }
  });

  it('tasks: every task of the DAG in one answer by task_id, downstream ids as edges, retries and retry delay (§5.6)', async () => {
    const answer = (await api.call('GET', '/dags/fintech_eod_risk/tasks')).json as {
      tasks: Row[];
      total_entries: number;
    };
    expect(answer.tasks.map((t) => t.task_id)).toEqual([
      'data_ingestion.aggregate_positions',
      'data_ingestion.ingest_trades',
      'data_ingestion.wait_for_trades_file',
      'load_reporting_db',
      'risk_modelling.run_risk_models',
    ]);
    expect(answer.total_entries).toBe(5);
    expect(answer.tasks.find((t) => t.task_id === 'risk_modelling.run_risk_models')).toMatchObject({
      downstream_task_ids: ['load_reporting_db'],
      retries: 1,
      retry_delay: { __type: 'TimeDelta', days: 0, seconds: 300, microseconds: 0 },
      retry_exponential_backoff: v2 ? 0 : false,
      is_mapped: false,
    });
    const bad = await api.call('GET', '/dags/fintech_eod_risk/tasks?order_by=nonsense');
    expect(bad.status).toBe(400);
  });

  it('clearTaskInstances: dry_run and only_failed default true; execute clears; reset_dag_runs default per version (§1.2-1.4, §5.7)', async () => {
    const runId = await failedRun();
    const ti = `/dags/fintech_eod_risk/dagRuns/${enc(runId)}/taskInstances/risk_modelling.run_risk_models`;
    const successOnly = (
      await api.call('POST', '/dags/fintech_eod_risk/clearTaskInstances', {
        dag_run_id: runId,
        task_ids: ['data_ingestion.ingest_trades'],
      })
    ).json as { task_instances: Row[] };
    expect(successOnly.task_instances).toEqual([]);
    const preview = (
      await api.call('POST', '/dags/fintech_eod_risk/clearTaskInstances', {
        dag_run_id: runId,
        task_ids: ['risk_modelling.run_risk_models'],
        include_downstream: true,
      })
    ).json as { task_instances: Row[] };
    expect(preview.task_instances.map((t) => t.task_id).sort()).toEqual([
      'load_reporting_db',
      'risk_modelling.run_risk_models',
    ]);
    expect(((await api.call('GET', ti)).json as Row).state).toBe('failed');
    const done = (
      await api.call('POST', '/dags/fintech_eod_risk/clearTaskInstances', {
        dry_run: false,
        dag_run_id: runId,
        task_ids: ['risk_modelling.run_risk_models'],
      })
    ).json as { task_instances: Row[] };
    expect(done.task_instances).toHaveLength(1);
    expect(((await api.call('GET', ti)).json as Row).state).toBeNull();
    const run = (await api.call('GET', `/dags/fintech_eod_risk/dagRuns/${enc(runId)}`)).json as Row;
    expect(run.state).toBe(v2 ? 'queued' : 'failed');
    if (v2) {
      const empty = await api.call('POST', '/dags/fintech_eod_risk/clearTaskInstances', { task_ids: [] });
      expect(empty.status).toBe(422);
    }
  });

  it('mark task state: v1 dry_run default true; v2 /dry_run previews, PATCH applies, same state again 409 (§1.7, §5.8)', async () => {
    const runs = (await api.call('GET', '/dags/ledger_reconciliation/dagRuns?state=failed')).json as {
      dag_runs: Row[];
    };
    const runId = String(runs.dag_runs.at(-1)?.dag_run_id);
    const path = `/dags/ledger_reconciliation/dagRuns/${enc(runId)}/taskInstances/reconcile`;
    if (v2) {
      const dry = (
        await api.call('PATCH', `${path}/dry_run`, { new_state: 'success', include_downstream: true })
      ).json as { task_instances: Row[] };
      expect(dry.task_instances.map((t) => t.task_id)).toEqual(['reconcile', 'publish_breaks']);
      expect(((await api.call('GET', path)).json as Row).state).toBe('failed');
      const applied = await api.call('PATCH', path, { new_state: 'success' });
      expect(applied.status).toBe(200);
      expect(((await api.call('GET', path)).json as Row).state).toBe('success');
      expect((await api.call('PATCH', path, { new_state: 'success' })).status).toBe(409);
    } else {
      const dry = await api.call('PATCH', path, { new_state: 'success' });
      expect(dry.json).toMatchObject({ task_id: 'reconcile', dag_run_id: runId });
      expect(((await api.call('GET', path)).json as Row).state).toBe('failed');
      // Applied, real 2.10 answers `{}` (the list dumped through the one-object schema; test/real).
      const applied = await api.call('PATCH', path, { new_state: 'success', dry_run: false });
      expect(applied.status).toBe(200);
      expect(applied.json).toEqual({});
      expect(((await api.call('GET', path)).json as Row).state).toBe('success');
    }
    // The failed downstream is cleared so the run resumes (a side effect of marking success).
    expect(
      (
        (
          await api.call(
            'GET',
            `/dags/ledger_reconciliation/dagRuns/${enc(runId)}/taskInstances/publish_breaks`,
          )
        ).json as Row
      ).state,
    ).toBeNull();
  });

  it('pause and mark run state (§5.2, §5.5); import errors (§5.12)', async () => {
    const paused = await api.call('PATCH', '/dags/fx_rates_ingest?update_mask=is_paused', {
      is_paused: true,
    });
    expect(paused.json).toMatchObject({ dag_id: 'fx_rates_ingest', is_paused: true });
    const runId = String(
      (
        (await api.call('GET', '/dags/customer_kyc_refresh/dagRuns?state=running')).json as {
          dag_runs: Row[];
        }
      ).dag_runs[0]?.dag_run_id,
    );
    const marked = await api.call('PATCH', `/dags/customer_kyc_refresh/dagRuns/${enc(runId)}`, {
      state: 'failed',
    });
    expect(marked.json).toMatchObject({ state: 'failed' });
    const errors = (await api.call('GET', '/importErrors')).json as {
      import_errors: Row[];
      total_entries: number;
    };
    expect(errors.total_entries).toBe(1);
    expect(String(errors.import_errors[0]?.stack_trace)).toContain('ModuleNotFoundError');
  });
});
