// Pure mappings: states (core model), params (editing a trigger conf), XCom links (to Databricks
// runs), paging (offset and limit).
import { describe, expect, it } from 'vitest';
import { mapAirflowState } from '../../source/airflow/mapAirflowState.js';
import { taskGroupOf } from '../../source/airflow/taskGroupOf.js';
import { toDatabricksLinks } from '../../source/airflow/toDatabricksLinks.js';
import { toParamSpecs } from '../../source/airflow/toParamSpecs.js';

describe('mapAirflowState', () => {
  it.each([
    ['up_for_retry', 'retrying'],
    ['up_for_reschedule', 'retrying'],
    ['deferred', 'running'],
    ['restarting', 'running'],
    ['removed', 'skipped'],
    ['upstream_failed', 'upstream_failed'],
    ['scheduled', 'scheduled'],
    ['queued', 'queued'],
    ['success', 'success'],
    ['failed', 'failed'],
    ['no_status', 'none'],
    ['something_new', 'none'],
  ])('%s → %s, keeping the raw state', (raw, state) => {
    expect(mapAirflowState(raw)).toEqual({ state, rawState: raw });
  });

  it('a null state is none', () => {
    expect(mapAirflowState(null)).toEqual({ state: 'none', rawState: 'none' });
  });
});

describe('toParamSpecs', () => {
  it('reads v2 {value, schema, description} and v1 Param objects and plain values', () => {
    const specs = toParamSpecs({
      n: { value: 5, schema: { type: 'integer', minimum: 1 }, description: 'How many' },
      region: {
        __class: 'airflow.models.param.Param',
        value: 'eu',
        schema: { type: 'string', enum: ['eu', 'us'] },
        description: null,
      },
      as_of: { value: null, schema: { type: ['null', 'string'] }, description: null },
      portfolio: { value: null, schema: { type: 'string' } },
      dry: true,
    });
    // The schema is kept whole: the form checks values against it before sending.
    expect(specs).toEqual([
      {
        name: 'n',
        type: 'integer',
        default: 5,
        description: 'How many',
        required: false,
        schema: { type: 'integer', minimum: 1 },
      },
      {
        name: 'region',
        type: 'string',
        default: 'eu',
        enum: ['eu', 'us'],
        required: false,
        schema: { type: 'string', enum: ['eu', 'us'] },
      },
      { name: 'as_of', type: 'string', required: false, schema: { type: ['null', 'string'] } },
      { name: 'portfolio', type: 'string', required: true, schema: { type: 'string' } },
      { name: 'dry', type: 'boolean', default: true, required: false },
    ]);
  });
});

describe('toDatabricksLinks', () => {
  it('reads the v1 stringified run id and the v2 native one the same way', () => {
    const url = 'https://adb-1.azuredatabricks.net/#job/42/run/123';
    const expected = [
      { backend: 'databricks', runId: '123', url, workflowId: '42', label: 'Databricks run 123' },
    ];
    expect(toDatabricksLinks('123', url)).toEqual(expected);
    expect(toDatabricksLinks(123, JSON.stringify(url))).toEqual(expected);
  });

  it('falls back to the run page URL, and gives nothing without either', () => {
    expect(toDatabricksLinks(undefined, 'https://h/#job/1/run/9')[0]?.runId).toBe('9');
    expect(toDatabricksLinks(undefined, undefined)).toEqual([]);
  });
});

describe('taskGroupOf', () => {
  it('is the dotted prefix of the task id', () => {
    expect(taskGroupOf('risk_modelling.run_risk_models')).toBe('risk_modelling');
    expect(taskGroupOf('a.b.c')).toBe('a.b');
    expect(taskGroupOf('plain')).toBeUndefined();
  });
});
