// The story an on-call would recognise: the end-of-day risk pipeline `fintech_eod_risk` whose
// latest run failed in the Databricks risk models, a dozen other DAGs in mixed states (running,
// failed, queued, paused, mapped, long logs, params, an import error), then any number of
// generated DAGs for scale tests. History runs are simulated forward from the past, so their
// timings and tries come from the same lifecycle as live runs.
import type { AirflowState } from './airflowState.js';
import type { DagDef, ParamDef, SimDag, TaskDef } from './model.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const task = (
  taskId: string,
  operator: string,
  upstream: string[],
  extra: Partial<TaskDef> = {},
): TaskDef => ({
  taskId,
  operator,
  upstream,
  retries: 0,
  minutes: [1, 4],
  ...extra,
});

const param = (
  value: unknown,
  schema: Record<string, unknown>,
  description: string | null = null,
): ParamDef => ({
  value,
  schema,
  description,
});

export const dag = (dagId: string, extra: Partial<DagDef> & Pick<DagDef, 'tasks'>): DagDef => ({
  dagId,
  description: null,
  owners: ['data-platform'],
  tags: [],
  schedule: null,
  timetableDescription: 'Never, external triggers only',
  everyMs: null,
  fileloc: `/opt/airflow/dags/${dagId}.py`,
  params: {},
  maxActiveRuns: 16,
  hasImportErrors: false,
  generated: false,
  failureCallback: true,
  ...extra,
});

export const daily = {
  schedule: '0 22 * * 1-5',
  timetableDescription: 'At 22:00, Monday through Friday',
  everyMs: DAY,
};
const hourly = { schedule: '@hourly', timetableDescription: 'At the start of every hour', everyMs: HOUR };

export interface StoryOptions {
  /** Lines of one try of the long-log task (ml_feature_store_sync.train_drift_model). */
  logLines: number;
  /** Lines per virtual second that task writes; default: its lines spread over 25-35 minutes. */
  logRate?: number;
  /** Characters of one more hostile line (customer_kyc_refresh.fetch_vendor_results); none by default. */
  hugeLine?: number;
}

export interface Story {
  def: DagDef;
  paused: boolean;
  /** History runs: how many, how far apart, when the newest was queued (ms before now), forced failures of the newest. */
  runs: number;
  newestAgo: number;
  failLatest?: string[];
  /** Add a manual run that stays queued (paused DAG). */
  queuedManual?: boolean;
}

/**
 * The long-log task runs 25-35 minutes, or as long as its lines take at `logRate` (after the few
 * seconds its first lines take, see taskLog.ts).
 */
function longLogMinutes(options: StoryOptions): [number, number] {
  if (!options.logRate) return [25, 35];
  const minutes = (7 + options.logLines / options.logRate) / 60;
  return [minutes, minutes];
}

function stories(options: StoryOptions): Story[] {
  return [
    {
      def: dag('fintech_eod_risk', {
        ...daily,
        description:
          'End-of-day market risk: trades in, positions aggregated, VaR and stress tests on Databricks.',
        owners: ['risk-engineering'],
        tags: ['finance', 'risk', 'tier-1'],
        params: {
          business_date: param(
            null,
            { type: ['null', 'string'], format: 'date' },
            'Business date; default: logical date',
          ),
          portfolio: param(
            'ALL',
            { type: 'string', enum: ['ALL', 'RATES', 'FX', 'CREDIT', 'EQUITY'] },
            'Books to model',
          ),
          recompute_var: param(false, { type: 'boolean' }, 'Recompute VaR even if cached'),
        },
        tasks: [
          task('data_ingestion.wait_for_trades_file', 'S3KeySensor', [], { minutes: [2, 8] }),
          task('data_ingestion.ingest_trades', 'PythonOperator', ['data_ingestion.wait_for_trades_file'], {
            minutes: [4, 7],
          }),
          task(
            'data_ingestion.aggregate_positions',
            'SQLExecuteQueryOperator',
            ['data_ingestion.ingest_trades'],
            {
              minutes: [3, 5],
            },
          ),
          task(
            'risk_modelling.run_risk_models',
            'DatabricksRunNowOperator',
            ['data_ingestion.aggregate_positions'],
            {
              minutes: [12, 20],
              // One retry at a constant wait: the platform review asks for exponential backoff.
              retries: 1,
              databricksJob: 'eod_risk_models',
              failure:
                "airflow.exceptions.AirflowException: Job run failed with terminal state: {'life_cycle_state': 'TERMINATED', 'result_state': 'FAILED', 'state_message': '1 of 3 tasks failed.'} and with the errors [{'task_key': 'stress_tests', 'run_id': 0, 'error': \"ScenarioShockMissingError: scenario 'EUR_RATES_+200bp' has no shocks for business date\"}]",
            },
          ),
          task('load_reporting_db', 'SQLExecuteQueryOperator', ['risk_modelling.run_risk_models'], {
            minutes: [2, 4],
          }),
        ],
      }),
      paused: false,
      runs: 7,
      newestAgo: 3 * HOUR,
      failLatest: ['risk_modelling.run_risk_models'],
    },
    {
      def: dag('customer_kyc_refresh', {
        ...daily,
        description: 'Refresh KYC screening results from the vendor API.',
        owners: ['compliance-data'],
        tags: ['compliance', 'pii'],
        failureCallback: false,
        tasks: [
          task('fetch_vendor_results', 'HttpOperator', [], {
            minutes: [20, 40],
            hostileLines: true,
            ...(options.hugeLine ? { hugeLine: options.hugeLine } : {}),
          }),
          // Returns the screened DataFrame: about 300 KB of rows in the metadata database's XCom.
          task('screen_customers', 'PythonOperator', ['fetch_vendor_results'], {
            minutes: [30, 60],
            xcomBytes: 300_000,
          }),
          task('publish_alerts', 'PythonOperator', ['screen_customers']),
        ],
      }),
      paused: false,
      runs: 4,
      newestAgo: 10 * MINUTE,
    },
    {
      def: dag('payments_settlement_hourly', {
        ...hourly,
        description: 'Settle card payments with the acquirer every hour.',
        owners: ['payments'],
        tags: ['finance', 'payments'],
        tasks: [
          task('extract_captures', 'PythonOperator', []),
          task('settle_batch', 'PythonOperator', ['extract_captures'], {
            retries: 2,
            failChance: 0.25,
            failure:
              "requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='acquirer.example.invalid', port=443): Read timed out. (read timeout=30)",
          }),
          task('post_ledger_entries', 'SQLExecuteQueryOperator', ['settle_batch']),
        ],
      }),
      paused: false,
      runs: 12,
      newestAgo: 20 * MINUTE,
    },
    {
      def: dag('fx_rates_ingest', {
        schedule: '*/15 * * * *',
        timetableDescription: 'Every 15 minutes',
        everyMs: 15 * MINUTE,
        description: 'ECB and vendor FX fixings.',
        owners: ['market-data'],
        tags: ['market-data', 'finance'],
        tasks: [
          task('fetch_rates', 'HttpOperator', [], { minutes: [0.5, 1.5] }),
          task('store_rates', 'PythonOperator', ['fetch_rates'], { minutes: [0.2, 1] }),
        ],
      }),
      paused: false,
      runs: 8,
      newestAgo: 4 * MINUTE,
    },
    {
      def: dag('ledger_reconciliation', {
        ...daily,
        description: 'Reconcile the general ledger with the payments sub-ledger.',
        owners: ['finance-data'],
        tags: ['finance', 'tier-1'],
        tasks: [
          task('load_general_ledger', 'SQLExecuteQueryOperator', []),
          task('load_subledger', 'SQLExecuteQueryOperator', []),
          task('reconcile', 'PythonOperator', ['load_general_ledger', 'load_subledger'], {
            failure: 'ValueError: 3 unmatched entries above tolerance (total 1,204.17 EUR) for account 4010',
          }),
          task('publish_breaks', 'EmailOperator', ['reconcile']),
        ],
      }),
      paused: false,
      runs: 5,
      newestAgo: 6 * HOUR,
      failLatest: ['reconcile'],
    },
    {
      def: dag('regulatory_reporting_monthly', {
        schedule: '@monthly',
        timetableDescription: 'At 00:00 on day 1 of the month',
        everyMs: 30 * DAY,
        description: 'Monthly regulatory returns (paused until the new template ships).',
        owners: ['regulatory'],
        tags: ['regulatory', 'finance'],
        tasks: [
          task('build_returns', 'PythonOperator', [], { minutes: [10, 20] }),
          task('submit', 'HttpOperator', ['build_returns']),
        ],
      }),
      paused: true,
      runs: 2,
      newestAgo: 20 * DAY,
    },
    {
      def: dag('partition_backfill_mapped', {
        ...daily,
        description: "Rebuilds yesterday's partitions, one mapped task per partition.",
        owners: ['data-platform'],
        tags: ['warehouse', 'mapped'],
        tasks: [
          task('list_partitions', 'PythonOperator', []),
          task('process_partition', '_PythonDecoratedOperator', ['list_partitions'], {
            mapped: 8,
            retries: 1,
            failChance: 0.1,
            failure: 'OSError: [Errno 28] No space left on device',
          }),
          task('compact', 'PythonOperator', ['process_partition']),
        ],
      }),
      paused: false,
      runs: 3,
      newestAgo: 2 * HOUR,
    },
    {
      def: dag('ml_feature_store_sync', {
        ...hourly,
        description: 'Sync online features; its training step logs a lot.',
        owners: ['ml-platform'],
        tags: ['ml', 'features'],
        tasks: [
          task('train_drift_model', 'KubernetesPodOperator', [], {
            minutes: longLogMinutes(options),
            logLines: options.logLines,
          }),
          // Submits a one-time Databricks run, without retries or a timeout.
          task('push_features', 'DatabricksSubmitRunOperator', ['train_drift_model']),
        ],
      }),
      paused: false,
      runs: 3,
      // Its newest run's long-log task is writing when the story starts: a log to follow at once.
      newestAgo: 2 * MINUTE,
    },
    {
      def: dag('adhoc_data_export', {
        description: 'Export a table to a partner bucket on request.',
        owners: ['data-platform'],
        tags: ['adhoc', 'export'],
        params: {
          table: param('analytics.daily_revenue', { type: 'string', minLength: 3 }, 'Fully qualified table'),
          row_limit: param(10000, { type: 'integer', minimum: 1, maximum: 1000000 }),
          format: param('parquet', { type: 'string', enum: ['parquet', 'csv', 'json'] }),
          columns: param(['*'], { type: 'array', items: { type: 'string' } }),
          notify: param(true, { type: 'boolean' }),
          options: param({ compression: 'snappy' }, { type: 'object' }),
        },
        tasks: [
          task('export_table', 'PythonOperator', []),
          task('notify_partner', 'EmailOperator', ['export_table']),
        ],
      }),
      paused: false,
      runs: 2,
      newestAgo: 2 * DAY,
    },
    {
      def: dag('marketing_attribution', {
        ...daily,
        description: 'Multi-touch attribution (paused: a manual run waits in the queue).',
        owners: ['marketing-analytics'],
        tags: ['marketing'],
        tasks: [
          task('build_touchpoints', 'PythonOperator', []),
          task('attribute', 'PythonOperator', ['build_touchpoints']),
        ],
      }),
      paused: true,
      runs: 2,
      newestAgo: 3 * DAY,
      queuedManual: true,
    },
    {
      def: dag('vendor_feed_loader', {
        ...hourly,
        description: 'Loads vendor reference data (its file fails to import).',
        owners: ['market-data'],
        tags: ['market-data', 'vendor'],
        hasImportErrors: true,
        tasks: [task('load_feed', 'PythonOperator', [])],
      }),
      paused: false,
      runs: 2,
      newestAgo: 5 * HOUR,
    },
    {
      def: dag('data_quality_checks', {
        ...hourly,
        description: 'Great Expectations suites on the core tables.',
        owners: ['data-quality'],
        tags: ['quality', 'warehouse'],
        tasks: [
          task('checks.orders', 'GreatExpectationsOperator', []),
          task('checks.customers', 'GreatExpectationsOperator', []),
          task('report', 'PythonOperator', ['checks.orders', 'checks.customers']),
        ],
      }),
      paused: false,
      runs: 6,
      newestAgo: 40 * MINUTE,
    },
    {
      def: dag('warehouse_vacuum', {
        schedule: '@weekly',
        timetableDescription: 'At 00:00 on Sunday',
        everyMs: 7 * DAY,
        description: 'Weekly VACUUM/ANALYZE.',
        owners: ['data-platform'],
        tags: ['warehouse', 'maintenance'],
        tasks: [task('vacuum', 'SQLExecuteQueryOperator', [], { minutes: [30, 50] })],
      }),
      paused: true,
      runs: 3,
      newestAgo: 9 * DAY,
    },
  ];
}

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

export function generatedDag(index: number): DagDef {
  const id = `generated_dag_${String(index).padStart(5, '0')}`;
  const teams = ['growth', 'finance-data', 'ml-platform', 'data-platform', 'payments'];
  return dag(id, {
    ...hourly,
    everyMs: null,
    description: `Generated DAG ${index} for scale tests.`,
    owners: [teams[index % teams.length] ?? 'data-platform'],
    tags: ['generated', `team-${index % 10}`],
    generated: true,
    tasks: [
      task('extract', 'PythonOperator', []),
      task('transform', 'PythonOperator', ['extract'], { failChance: 0.03 }),
      task('load', 'SQLExecuteQueryOperator', ['transform']),
    ],
  });
}

/**
 * History of a generated DAG: runsPerDag daily runs, settled at once. A paused one ran them while
 * it was active, as a real deployment's paused DAGs did (not left queued forever).
 */
export function generatedHistory(runsPerDag: number) {
  return (dag: SimDag, state: AirflowState): void => {
    const now = state.clock.now();
    const wasPaused = dag.paused;
    dag.paused = false;
    for (let i = runsPerDag; i >= 1; i--) {
      const runAfter = now - i * DAY + (dag.dagId.length % 60) * MINUTE;
      const run = state.createRun(dag, {
        runId: `scheduled__${iso(runAfter - DAY)}`,
        runType: 'scheduled',
        logicalDate: runAfter - DAY,
        dataIntervalStart: runAfter - DAY,
        dataIntervalEnd: runAfter,
        runAfter,
        queuedAt: runAfter,
        conf: {},
        triggeredBy: 'timetable',
      });
      state.advance(run, now);
    }
    dag.paused = wasPaused;
  };
}

/**
 * The stored connections: a Databricks one with a personal token in its extra, one that logs in
 * with a user name and password, one that uses a service principal (OAuth M2M), and others.
 */
export function seedConnections(state: AirflowState): void {
  state.connections.push(
    {
      id: 'databricks_default',
      type: 'databricks',
      description: 'Risk workspace (legacy token)',
      host: 'https://dbc-risk.cloud.databricks.com',
      login: null,
      password: null,
      extra: JSON.stringify({
        token: 'dapi0123456789abcdef0123456789abcdef',
        http_headers: { 'X-Team': 'risk' },
      }),
    },
    {
      id: 'databricks_reporting',
      type: 'databricks',
      description: 'Reporting workspace',
      host: 'https://dbc-reporting.cloud.databricks.com',
      login: 'reporting.bot@example.com',
      password: 'Winter2026!',
      extra: null,
    },
    {
      id: 'databricks_ml',
      type: 'databricks',
      description: 'ML workspace (service principal)',
      host: 'https://dbc-ml.cloud.databricks.com',
      login: '6f1d2c3b-0a9e-4b8c-9d7e-1a2b3c4d5e6f',
      password: 'dose-ml-client-secret',
      extra: JSON.stringify({ service_principal_oauth: true }),
    },
    {
      // Not JSON: Airflow cannot mask it and returns it as it is.
      id: 'databricks_adhoc',
      type: 'databricks',
      description: 'Ad-hoc notebooks',
      host: 'https://dbc-adhoc.cloud.databricks.com',
      login: null,
      password: null,
      extra: 'token=dapiadhoc0000000000000000000000000',
    },
    {
      id: 'warehouse_postgres',
      type: 'postgres',
      description: 'Reporting warehouse',
      host: 'warehouse.internal',
      login: 'airflow',
      password: 'pg-secret',
      extra: null,
    },
  );
}

export function seedAirflow(state: AirflowState, options: StoryOptions): void {
  seedConnections(state);
  for (const story of stories(options)) tellStory(state, story);
  state.sealStory();
}

/** One DAG and its history, settled run by run up to now. */
export function tellStory(state: AirflowState, story: Story): void {
  // Whole minutes, so run ids look like a scheduler's (no milliseconds).
  const now = Math.floor(state.clock.now() / MINUTE) * MINUTE;
  const simDag = state.addDag(story.def, story.paused);
  const every = story.def.everyMs ?? DAY;
  for (let i = story.runs - 1; i >= 0; i--) {
    const runAfter = now - story.newestAgo - i * every;
    const scheduled = story.def.everyMs !== null;
    const logical = scheduled ? runAfter - every : runAfter;
    state.createRun(simDag, {
      runId: scheduled ? `scheduled__${iso(logical)}` : `manual__${iso(runAfter)}`,
      runType: scheduled ? 'scheduled' : 'manual',
      logicalDate: logical,
      dataIntervalStart: logical,
      dataIntervalEnd: scheduled ? runAfter : logical,
      runAfter,
      queuedAt: runAfter,
      conf: {},
      triggeredBy: scheduled ? 'timetable' : 'rest_api',
      ...(i === 0 && story.failLatest ? { forceFail: story.failLatest } : {}),
    });
    // Settle each run before the next is queued (paused DAGs ran while they were active).
    const wasPaused = simDag.paused;
    simDag.paused = false;
    state.sync();
    simDag.paused = wasPaused;
  }
  if (story.queuedManual) {
    const at = now - 30 * MINUTE;
    state.createRun(simDag, {
      runId: `manual__${iso(at)}`,
      runType: 'manual',
      logicalDate: at,
      runAfter: at,
      queuedAt: at,
      conf: {},
      triggeredBy: 'ui',
    });
  }
  if (story.def.everyMs !== null && !story.paused) simDag.nextRunAfter = now - story.newestAgo + every;
  if (story.def.hasImportErrors) {
    state.importErrors.push({
      id: state.importErrors.length + 1,
      timestamp: now - 5 * MINUTE,
      filename: story.def.fileloc,
      stackTrace: `Traceback (most recent call last):\n  File "<frozen importlib._bootstrap>", line 241, in _call_with_frames_removed\n  File "${story.def.fileloc}", line 7, in <module>\n    from vendor_sdk.feeds import FeedClient\nModuleNotFoundError: No module named 'vendor_sdk'\n`,
    });
  }
}
