// Trigger conf is validated against the DAG's params (their JSON Schema, as Airflow does):
// a ParamValidationError is a 400 on both versions, problem+json on v1 and {"detail": str} on v2,
// and no run is made. The expected details are jsonschema 4.26's own str(ValidationError) for the
// seeded params' schemas, prefixed as Airflow's ParamsDict does ("Invalid input for param …").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AirflowSim, startAirflowSim } from '../../../source/sim/airflow/server.js';
import { createSimClock } from '../../../source/sim/clock.js';
import { type Caller, caller } from './support.js';

const PORTFOLIO_NOPE =
  "Invalid input for param portfolio: 'NOPE' is not one of ['ALL', 'RATES', 'FX', 'CREDIT', 'EQUITY']\n\n" +
  "Failed validating 'enum' in schema:\n    {'type': 'string', 'enum': ['ALL', 'RATES', 'FX', 'CREDIT', 'EQUITY']}\n\n" +
  "On instance:\n    'NOPE'";

/** [dag, conf, detail] — each detail as jsonschema writes it (python3 -c "jsonschema.validate(…)"). */
const REFUSED: [string, Record<string, unknown>, string][] = [
  [
    'fintech_eod_risk',
    { recompute_var: 'yes' },
    "Invalid input for param recompute_var: 'yes' is not of type 'boolean'\n\nFailed validating 'type' in schema:\n    {'type': 'boolean'}\n\nOn instance:\n    'yes'",
  ],
  [
    'fintech_eod_risk',
    { business_date: '2026-02-30' },
    "Invalid input for param business_date: '2026-02-30' is not a 'date'\n\nFailed validating 'format' in schema:\n    {'type': ['null', 'string'], 'format': 'date'}\n\nOn instance:\n    '2026-02-30'",
  ],
  [
    'fintech_eod_risk',
    { business_date: 20260101 },
    "Invalid input for param business_date: 20260101 is not of type 'null', 'string'\n\nFailed validating 'type' in schema:\n    {'type': ['null', 'string'], 'format': 'date'}\n\nOn instance:\n    20260101",
  ],
  [
    'adhoc_data_export',
    { row_limit: '10' },
    "Invalid input for param row_limit: '10' is not of type 'integer'\n\nFailed validating 'type' in schema:\n    {'type': 'integer', 'minimum': 1, 'maximum': 1000000}\n\nOn instance:\n    '10'",
  ],
  [
    'adhoc_data_export',
    { row_limit: 0 },
    "Invalid input for param row_limit: 0 is less than the minimum of 1\n\nFailed validating 'minimum' in schema:\n    {'type': 'integer', 'minimum': 1, 'maximum': 1000000}\n\nOn instance:\n    0",
  ],
  [
    'adhoc_data_export',
    { row_limit: 2000000 },
    "Invalid input for param row_limit: 2000000 is greater than the maximum of 1000000\n\nFailed validating 'maximum' in schema:\n    {'type': 'integer', 'minimum': 1, 'maximum': 1000000}\n\nOn instance:\n    2000000",
  ],
  [
    'adhoc_data_export',
    { table: 'ab' },
    "Invalid input for param table: 'ab' is too short\n\nFailed validating 'minLength' in schema:\n    {'type': 'string', 'minLength': 3}\n\nOn instance:\n    'ab'",
  ],
  [
    'adhoc_data_export',
    { columns: ['id', 5] },
    "Invalid input for param columns: 5 is not of type 'string'\n\nFailed validating 'type' in schema['items']:\n    {'type': 'string'}\n\nOn instance[1]:\n    5",
  ],
  [
    'adhoc_data_export',
    { options: ["it's"] },
    "Invalid input for param options: [\"it's\"] is not of type 'object'\n\nFailed validating 'type' in schema:\n    {'type': 'object'}\n\nOn instance:\n    [\"it's\"]",
  ],
];

describe.each([3, 2] as const)('Airflow simulator trigger params, flavour %i', (flavour) => {
  let sim: AirflowSim;
  let api: Caller;
  const v2 = flavour === 3;
  let day = 0;
  /** v1 defaults logical_date to now, and the clock stands still: give each run its own day. */
  const trigger = (dagId: string, runId: string, conf?: Record<string, unknown>) => {
    day += 1;
    const when = new Date(Date.UTC(2030, 0, day)).toISOString();
    const body: Record<string, unknown> = { dag_run_id: runId, logical_date: v2 ? null : when };
    if (conf !== undefined) body.conf = conf;
    return api.call('POST', `/dags/${dagId}/dagRuns`, body);
  };
  const runIds = async (dagId: string) => {
    const page = (await api.call('GET', `/dags/${dagId}/dagRuns?limit=100`)).json as {
      dag_runs: { dag_run_id: string }[];
      total_entries: number;
    };
    return { total: page.total_entries, ids: page.dag_runs.map((r) => r.dag_run_id).sort() };
  };

  beforeAll(async () => {
    sim = await startAirflowSim({ flavour, clock: createSimClock({ speed: 0 }), seed: 7 });
    api = await caller(sim);
  });
  afterAll(async () => sim.close());

  it('an enum violation is 400 in the version error shape, naming the param; no run is made (§5.4, §4)', async () => {
    const before = await runIds('fintech_eod_risk');
    const refused = await trigger('fintech_eod_risk', 'params_enum', { portfolio: 'NOPE' });
    expect(refused.status).toBe(400);
    if (v2) {
      expect(refused.headers.get('content-type')).toBe('application/json');
      expect(refused.json).toEqual({ detail: PORTFOLIO_NOPE });
    } else {
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect(refused.json).toEqual({
        detail: PORTFOLIO_NOPE,
        status: 400,
        title: 'Bad Request',
        type: 'https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/BadRequest',
      });
    }
    expect(await runIds('fintech_eod_risk')).toEqual(before);
    expect((await api.call('GET', '/dags/fintech_eod_risk/dagRuns/params_enum')).status).toBe(404);
  });

  it.each(REFUSED)('%s refuses conf %j with jsonschema’s message (§5.4)', async (dagId, conf, detail) => {
    const before = await runIds(dagId);
    const refused = await trigger(dagId, `params_${Object.keys(conf)[0]}`, conf);
    expect(refused.status).toBe(400);
    expect((refused.json as { detail: unknown }).detail).toBe(detail);
    expect(await runIds(dagId)).toEqual(before);
  });

  it('a valid conf, an empty conf and no conf make the run; conf is stored as sent, extra keys too (§5.4)', async () => {
    const before = await runIds('fintech_eod_risk');
    const conf = { portfolio: 'FX', business_date: '2026-03-31', recompute_var: true, ticket: 'OPS-1' };
    const valid = await trigger('fintech_eod_risk', 'params_valid', conf);
    expect(valid.status).toBe(200);
    expect(valid.json).toMatchObject({ dag_run_id: 'params_valid', state: 'queued', conf });
    const empty = await trigger('fintech_eod_risk', 'params_empty', {});
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({ dag_run_id: 'params_empty', conf: {} });
    const none = await trigger('fintech_eod_risk', 'params_none');
    expect(none.status).toBe(200);
    const after = await runIds('fintech_eod_risk');
    expect(after.total).toBe(before.total + 3);
    expect(after.ids).toEqual(expect.arrayContaining(['params_valid', 'params_empty', 'params_none']));
    // The defaults of every seeded DAG are valid: adhoc_data_export has six.
    expect((await trigger('adhoc_data_export', 'params_defaults')).status).toBe(200);
  });

  it('a duplicate run id with a bad conf: v2 validates first (400), v1 finds the run first (409) (§5.4)', async () => {
    expect((await trigger('fintech_eod_risk', 'params_twice')).status).toBe(200);
    const again = await trigger('fintech_eod_risk', 'params_twice', { portfolio: 'NOPE' });
    expect(again.status).toBe(v2 ? 400 : 409);
  });
});
