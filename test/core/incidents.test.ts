// The incident list (issue 5 incident view; issue 14 "an incident view an on-call can trust"):
// one incident per failure with its chain, recovered failures apart, queued / running / over the
// usual p95 told apart, continuous jobs judged by health, paused noted, unknown never zero.
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  type AirflowReading,
  buildIncidents,
  createIncidentsResource,
  type DatabricksReading,
  type IncidentSources,
  nameKey,
  runKey,
  taskKey,
  usualDuration,
  type WorkflowFacts,
} from '../../source/core/incidents.js';
import type { Run, TaskInstance } from '../../source/core/model.js';
import { SIM_NOW, startAirflowScenario } from '../support/airflowScenario.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const DAY = 24 * HOUR;
const at = (hoursAgo: number) => new Date(NOW - hoursAgo * HOUR).toISOString();
const RULES = { now: NOW, windowMs: DAY };

const run = (over: Partial<Run> & Pick<Run, 'backend' | 'id' | 'state'>): Run => ({
  workflowId: over.backend === 'airflow' ? 'fintech_eod_risk' : '42',
  rawState: over.state,
  ...over,
});
const task = (
  runId: string,
  taskId: string,
  state: TaskInstance['state'],
  extra: Partial<TaskInstance> = {},
) =>
  ({
    backend: 'airflow',
    workflowId: 'fintech_eod_risk',
    runId,
    taskId,
    state,
    rawState: state,
    tryNumber: 2,
    ...extra,
  }) satisfies TaskInstance;

function airflow(over: Partial<AirflowReading> = {}): NonNullable<IncidentSources['airflow']> {
  return {
    ok: true,
    value: { failedRuns: [], activeRuns: [], tasks: new Map(), links: new Map(), importErrors: [], ...over },
  };
}
function databricks(over: Partial<DatabricksReading> = {}): NonNullable<IncidentSources['databricks']> {
  return {
    ok: true,
    value: { failedRuns: [], activeRuns: [], failedTasks: new Map(), runs: new Map(), ...over },
  };
}
function sources(
  over: Partial<IncidentSources> & {
    history?: Map<string, Run[]>;
    workflows?: Map<string, WorkflowFacts>;
  },
): IncidentSources {
  return { history: new Map(), workflows: new Map(), ...over };
}

describe('buildIncidents: failures', () => {
  it('lists each failed task instance of a failed Airflow run, not the tasks that passed or were skipped upstream', () => {
    const failed = run({ backend: 'airflow', id: 'scheduled__2026-11-19', state: 'failed', endedAt: at(3) });
    const tasks = new Map([
      [
        runKey(failed),
        [
          task(failed.id, 'extract', 'success'),
          task(failed.id, 'risk_modelling.run_risk_models', 'failed', { endedAt: at(3.5) }),
          task(failed.id, 'publish', 'upstream_failed'),
          task(failed.id, 'shard', 'failed', { mapIndex: 3, endedAt: at(3.2) }),
        ],
      ],
    ]);
    const { incidents } = buildIncidents(
      sources({ airflow: airflow({ failedRuns: [failed], tasks }) }),
      RULES,
    );
    expect(incidents.map((i) => [i.kind, i.taskId, i.mapIndex])).toEqual([
      ['failed', 'shard', 3],
      ['failed', 'risk_modelling.run_risk_models', undefined],
    ]);
    expect(incidents[1]).toMatchObject({ workflowId: 'fintech_eod_risk', runId: failed.id, tryNumber: 2 });
  });

  it('folds the failed map indexes of one mapped task into one incident that counts them', () => {
    const failed = run({ backend: 'airflow', id: 'r', state: 'failed', endedAt: at(1) });
    const tasks = new Map([
      [runKey(failed), [5, 2, 9].map((mapIndex) => task(failed.id, 'fan_out', 'failed', { mapIndex }))],
    ]);
    const { incidents } = buildIncidents(
      sources({ airflow: airflow({ failedRuns: [failed], tasks }) }),
      RULES,
    );
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ taskId: 'fan_out', mapIndex: 2, failedInstances: 3 });
  });

  it('one incident for the risk failure: the Airflow task try, the Databricks run it started and its failing task, the earlier try folded in', () => {
    const failed = run({ backend: 'airflow', id: 'scheduled__2026-11-19', state: 'failed', endedAt: at(1) });
    const riskTask = task(failed.id, 'risk_modelling.run_risk_models', 'failed', {
      operator: 'DatabricksRunNowOperator',
      startedAt: at(1.5),
      endedAt: at(1),
    });
    const latest = run({
      backend: 'databricks',
      id: '812',
      state: 'failed',
      startedAt: at(1.5),
      endedAt: at(1.1),
    });
    const earlier = run({
      backend: 'databricks',
      id: '805',
      state: 'failed',
      startedAt: at(2.4),
      endedAt: at(2.1),
    });
    const unrelated = run({
      backend: 'databricks',
      id: '700',
      state: 'failed',
      startedAt: at(6),
      endedAt: at(5),
    });
    const result = buildIncidents(
      sources({
        airflow: airflow({
          failedRuns: [failed],
          tasks: new Map([[runKey(failed), [riskTask]]]),
          links: new Map([
            [
              taskKey(riskTask),
              {
                workflowId: '42',
                runId: '812',
                url: 'https://dbx/#job/42/run/812',
                tries: [
                  { attempt: 1, state: 'failed', rawState: 'failed', startedAt: at(2.5), endedAt: at(2) },
                  { attempt: 2, state: 'failed', rawState: 'failed', startedAt: at(1.5), endedAt: at(1) },
                ],
              },
            ],
          ]),
        }),
        databricks: databricks({
          failedRuns: [latest, earlier, unrelated],
          failedTasks: new Map([
            ['812', ['stress_tests']],
            ['805', ['stress_tests']],
            ['700', ['var_model']],
          ]),
        }),
      }),
      RULES,
    );
    expect(result.incidents.map((i) => `${i.backend}:${i.runId}`)).toEqual([
      'airflow:scheduled__2026-11-19',
      'databricks:700',
    ]);
    expect(result.incidents[0]).toMatchObject({
      taskId: 'risk_modelling.run_risk_models',
      linked: {
        runId: '812',
        workflowId: '42',
        state: 'failed',
        failedTasks: ['stress_tests'],
        earlierRuns: ['805'],
        url: 'https://dbx/#job/42/run/812',
      },
    });
  });

  it('a failure a later successful run superseded moves to recovered', () => {
    const failed = run({ backend: 'airflow', id: 'r1', state: 'failed', startedAt: at(5), endedAt: at(4) });
    const later = run({ backend: 'airflow', id: 'r2', state: 'success', startedAt: at(3), endedAt: at(2) });
    const stillFailing = run({
      backend: 'airflow',
      workflowId: 'ledger',
      id: 'l1',
      state: 'failed',
      startedAt: at(5),
      endedAt: at(4),
    });
    const result = buildIncidents(
      sources({
        airflow: airflow({ failedRuns: [failed, stillFailing] }),
        history: new Map([
          [nameKey(failed), [later, failed]],
          [nameKey(stillFailing), [stillFailing]],
        ]),
      }),
      RULES,
    );
    expect(result.incidents.map((i) => i.runId)).toEqual(['l1']);
    expect(result.recovered).toHaveLength(1);
    expect(result.recovered[0]).toMatchObject({
      runId: 'r1',
      recoveredBy: { runId: 'r2', state: 'success' },
    });
  });

  it('leaves out failures older than the window, and lists import errors as failures', () => {
    const old = run({ backend: 'databricks', id: '1', state: 'failed', endedAt: at(30) });
    const recent = run({ backend: 'databricks', id: '2', state: 'failed', endedAt: at(2) });
    const result = buildIncidents(
      sources({
        airflow: airflow({
          importErrors: [
            {
              id: 7,
              filename: 'dags/vendor_feed_loader.py',
              timestamp: at(1),
              stackTrace: 'Traceback...\n  File "x"\nModuleNotFoundError: No module named vendor_sdk\n',
            },
          ],
        }),
        databricks: databricks({ failedRuns: [old, recent] }),
      }),
      { now: NOW, windowMs: 6 * HOUR },
    );
    expect(result.incidents.map((i) => [i.kind, i.runId || i.workflowId])).toEqual([
      ['failed', '2'],
      ['import_error', 'dags/vendor_feed_loader.py'],
    ]);
    expect(result.incidents[1]?.notes).toEqual(['ModuleNotFoundError: No module named vendor_sdk']);
  });
});

describe('buildIncidents: work still going', () => {
  it('tells queued, running and over the usual p95 apart', () => {
    const history = [10, 12, 11, 13, 12].map((minutes, i) =>
      run({ backend: 'airflow', id: `h${i}`, state: 'success', durationMs: minutes * 60_000 }),
    );
    const queued = run({ backend: 'airflow', workflowId: 'q', id: 'q1', state: 'queued', queuedAt: at(0.1) });
    const onTime = run({ backend: 'airflow', id: 'a1', state: 'running', startedAt: at(0.1) });
    const late = run({
      backend: 'airflow',
      workflowId: 'slow',
      id: 's1',
      state: 'running',
      startedAt: at(1),
    });
    const { incidents } = buildIncidents(
      sources({
        airflow: airflow({ activeRuns: [queued, onTime, late] }),
        history: new Map([
          [nameKey(onTime), history],
          [nameKey(late), history.map((h) => ({ ...h, workflowId: 'slow' }))],
        ]),
      }),
      RULES,
    );
    expect(incidents.map((i) => [i.runId, i.kind, i.usualMs])).toEqual([
      ['s1', 'overdue', 13 * 60_000],
      ['a1', 'running', 13 * 60_000],
      ['q1', 'queued', undefined],
    ]);
    expect(incidents[1]).toMatchObject({ startedAt: at(0.1), durationMs: 0.1 * HOUR });
  });

  it('judges a continuous job by its health, not its age', () => {
    const stream = run({
      backend: 'databricks',
      id: '9',
      state: 'running',
      trigger: 'continuous',
      startedAt: at(48),
    });
    const { incidents } = buildIncidents(
      sources({ databricks: databricks({ activeRuns: [stream] }) }),
      RULES,
    );
    expect(incidents[0]).toMatchObject({ kind: 'stream', notes: ['healthy'] });
  });

  it('says when the DAG of a queued run is paused', () => {
    const queued = run({
      backend: 'airflow',
      workflowId: 'marketing',
      id: 'm1',
      state: 'queued',
      queuedAt: at(1),
    });
    const { incidents } = buildIncidents(
      sources({
        airflow: airflow({ activeRuns: [queued] }),
        workflows: new Map([[nameKey(queued), { paused: true }]]),
      }),
      RULES,
    );
    expect(incidents[0]).toMatchObject({ kind: 'queued', notes: ['DAG paused'] });
  });
});

describe('buildIncidents: what could not be read', () => {
  it('a backend that cannot be reached is unknown, and the other one is still listed', () => {
    const failed = run({ backend: 'airflow', id: 'r', state: 'failed', endedAt: at(1) });
    const result = buildIncidents(
      sources({
        airflow: airflow({ failedRuns: [failed] }),
        databricks: { ok: false, error: 'Databricks at https://dbx is unreachable' },
      }),
      RULES,
    );
    expect(result.reach).toEqual({
      airflow: { ok: true },
      databricks: { ok: false, error: 'Databricks at https://dbx is unreachable' },
    });
    expect(result.incidents.map((i) => i.runId)).toEqual(['r']);
  });

  it('keeps a stable order for incidents with the same time, so rows do not jump between polls', () => {
    const runs = ['b', 'a', 'c'].map((id) =>
      run({ backend: 'databricks', id, state: 'failed', endedAt: at(1) }),
    );
    const first = buildIncidents(sources({ databricks: databricks({ failedRuns: runs }) }), RULES);
    const second = buildIncidents(
      sources({ databricks: databricks({ failedRuns: [...runs].reverse() }) }),
      RULES,
    );
    expect(first.incidents.map((i) => i.runId)).toEqual(second.incidents.map((i) => i.runId));
  });
});

describe('usualDuration', () => {
  it('is the p95 of successful durations, from three runs on', () => {
    const ok = (minutes: number) =>
      run({ backend: 'airflow', id: String(minutes), state: 'success', durationMs: minutes * 60_000 });
    expect(usualDuration([ok(1), ok(2)])).toBeUndefined();
    expect(usualDuration([ok(1), ok(2), ok(30)])).toBe(30 * 60_000);
  });
});

describe('createIncidentsResource (issue 14: the incident view populated first, details after)', () => {
  it('shows the failures and running work before the history of their workflows is in', async () => {
    const airflow = await startAirflowScenario([
      {
        dagId: 'ledger',
        runs: [{ runId: 'r1', state: 'failed', startedAt: new Date(SIM_NOW - HOUR).toISOString() }],
      },
    ]);
    // The simulator holds the ledger's own run history (its latest runs, read after the failures).
    let release: () => void = () => {};
    airflow.faults.hold = {
      pattern: /\/dags\/ledger\/dagRuns(\?|$)/,
      until: new Promise<void>((resolve) => {
        release = resolve;
      }),
    };
    onTestFinished(() => release());
    const resource = createIncidentsResource({ airflow: airflow.backend, now: () => SIM_NOW });
    resource.subscribe(() => {});
    await expect.poll(() => resource.getSnapshot().data?.incidents.map((i) => i.runId)).toEqual(['r1']);
    expect(resource.getSnapshot().partial).toBeDefined();
    expect(airflow.calls).toContain('listRuns ledger');
    release();
    await expect.poll(() => resource.getSnapshot().partial).toBeUndefined();
    expect(resource.getSnapshot().data?.incidents.map((i) => i.runId)).toEqual(['r1']);
    resource.dispose();
  });
});
