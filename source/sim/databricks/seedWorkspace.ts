// The demo workspace: a story an on-call engineer would recognise, deterministic per seed. The
// end-of-day risk job `eod_risk_models` is the one the Airflow simulator's `fintech_eod_risk` DAG
// triggers through run-now; around it, a dozen jobs in mixed states, then any number of generated
// jobs for scale tests.

import type { Random } from '../random.js';
import { pick } from '../random.js';
import type { SimJob, SimTaskDef, TaskFailure } from './model.js';
import type { SimState } from './simState.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const PY_TRACE = (file: string, line: number, error: string) =>
  [
    'Traceback (most recent call last):',
    `  File "/Workspace/Repos/data-platform/pipelines/${file}", line ${line}, in <module>`,
    '    main()',
    `  File "/Workspace/Repos/data-platform/pipelines/${file}", line ${line - 40}, in main`,
    '    result = run_step(spark, config)',
    '  File "/databricks/spark/python/pyspark/errors/exceptions/captured.py", line 185, in deco',
    '    raise converted from None',
    error,
  ].join('\n');

const failure = (error: string, file: string, line: number): TaskFailure => ({
  error,
  trace: PY_TRACE(file, line, error),
});

export interface TaskSpec {
  deps?: string[];
  kind?: 'notebook' | 'python';
  minutes: [number, number];
  failureRate?: number;
  retries?: number;
  failure?: TaskFailure;
  result?: string;
  cluster?: string;
  /** Runs on this all-purpose cluster instead of a job cluster. */
  existingCluster?: string;
  /** 0: no timeout (default 4 hours). */
  timeoutSeconds?: number;
  hostileLines?: boolean;
}

function task(key: string, spec: TaskSpec, folder: string): SimTaskDef {
  const kind = spec.kind ?? 'notebook';
  const def: SimTaskDef = {
    taskKey: key,
    description: key.replaceAll('_', ' '),
    dependsOn: spec.deps ?? [],
    kind,
    path:
      kind === 'notebook'
        ? `/Workspace/Repos/data-platform/${folder}/${key}`
        : `/Workspace/Repos/data-platform/${folder}/${key}.py`,
    jobClusterKey: spec.cluster ?? 'main_cluster',
    maxRetries: spec.retries ?? 0,
    minRetryIntervalMs: 2 * MINUTE,
    timeoutSeconds: spec.timeoutSeconds ?? 4 * 3600,
    durationMs: [spec.minutes[0] * MINUTE, spec.minutes[1] * MINUTE],
    failureRate: spec.failureRate ?? 0,
    failure:
      spec.failure ??
      failure(
        `pyspark.errors.exceptions.captured.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view \`${folder}\`.\`${key}_input\` cannot be found.`,
        `${folder}/${key}.py`,
        120,
      ),
  };
  if (spec.result !== undefined) def.notebookResult = spec.result;
  if (spec.hostileLines) def.hostileLines = true;
  if (spec.existingCluster) def.existingClusterId = spec.existingCluster;
  return def;
}

export type JobSpec = Partial<Omit<SimJob, 'jobId' | 'runIds' | 'tasks' | 'name'>> & {
  name: string;
  tasks: Record<string, TaskSpec>;
};

export function addJob(state: SimState, spec: JobSpec, createdTime: number): SimJob {
  const folder = spec.name;
  const tasks = Object.entries(spec.tasks).map(([key, t]) => task(key, t, folder));
  const { tasks: _tasks, ...rest } = spec;
  return state.addJob({
    createdTime,
    creator: 'data-platform-sp@example.com',
    description: '',
    tags: {},
    clusterKeys: [...new Set(tasks.filter((t) => !t.existingClusterId).map((t) => t.jobClusterKey))],
    parameters: [],
    maxConcurrentRuns: 1,
    queueEnabled: true,
    timeoutSeconds: 0,
    onFailureEmails: [`${spec.tags?.team ?? 'data-platform'}-oncall@example.com`],
    ...rest,
    tasks,
  });
}

export interface SeedOptions {
  jobs: number;
  runsPerJob: number;
}

export function seedWorkspace(state: SimState, random: Random, options: SeedOptions): void {
  const now = state.clock.now();
  const created = now - 180 * DAY;

  const risk = addJob(
    state,
    {
      name: 'eod_risk_models',
      description:
        'End-of-day VaR and stress testing for the trading book. Triggered by Airflow fintech_eod_risk.',
      tags: { team: 'risk-engineering', cost_center: 'fin-risk', criticality: 'tier-1' },
      parameters: [
        { name: 'business_date', default: '' },
        { name: 'portfolio', default: 'ALL' },
      ],
      onFailureEmails: ['risk-oncall@example.com'],
      tasks: {
        load_positions: { kind: 'python', minutes: [3, 6], cluster: 'risk_cluster' },
        var_model: {
          deps: ['load_positions'],
          minutes: [8, 14],
          cluster: 'risk_cluster',
          result: '{"var_99_1d_usd": 12400000, "expected_shortfall_usd": 18900000}',
        },
        stress_tests: {
          deps: ['load_positions'],
          minutes: [6, 12],
          retries: 1,
          cluster: 'risk_cluster',
          failure: failure(
            "ScenarioShockMissingError: scenario 'EUR_RATES_+200bp' has no shocks for business date; check the market_data.scenario_shocks load",
            'risk/stress_tests.py',
            212,
          ),
        },
        publish_risk_report: {
          deps: ['var_model', 'stress_tests'],
          kind: 'python',
          minutes: [1, 3],
          cluster: 'risk_cluster',
        },
      },
    },
    created,
  );
  const businessDate = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString().slice(0, 10);
  for (const daysAgo of [5, 4, 3, 2, 1]) {
    state.startRun(risk, {
      at: now - daysAgo * DAY - 6 * HOUR,
      trigger: 'ONE_TIME',
      jobParameters: { business_date: businessDate(daysAgo) },
      forcedFailures: daysAgo === 2 ? ['stress_tests'] : [],
      creator: 'airflow-sp@example.com',
    });
  }

  const c360 = addJob(
    state,
    {
      name: 'customer_360_refresh',
      description: 'Rebuilds the customer 360 profile tables from CRM, web and support data.',
      tags: { team: 'customer-data', domain: 'crm' },
      schedule: { quartz_cron_expression: '0 0 2 * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' },
      tasks: {
        extract_crm: { kind: 'python', minutes: [15, 25] },
        build_identity_graph: { deps: ['extract_crm'], minutes: [40, 70] },
        publish_profiles: { deps: ['build_identity_graph'], minutes: [10, 20] },
      },
    },
    created,
  );
  for (const daysAgo of [3, 2, 1]) state.startRun(c360, { at: now - daysAgo * DAY, trigger: 'PERIODIC' });
  state.startRun(c360, { at: now - 25 * MINUTE, trigger: 'ONE_TIME', creator: 'maria.lopez@example.com' });

  const fraud = addJob(
    state,
    {
      name: 'fraud_scoring_stream',
      description: 'Scores card transactions in near real time (structured streaming).',
      tags: { team: 'fraud-detection', criticality: 'tier-1' },
      continuous: { pause_status: 'UNPAUSED' },
      tasks: { score_transactions: { kind: 'python', minutes: [7 * 24 * 60, 8 * 24 * 60] } },
    },
    created,
  );
  state.startRun(fraud, { at: now - 2 * DAY, trigger: 'CONTINUOUS' });

  const attribution = addJob(
    state,
    {
      name: 'marketing_attribution',
      description: 'Multi-touch attribution model over the last 30 days of touchpoints.',
      tags: { team: 'marketing-analytics' },
      schedule: { quartz_cron_expression: '0 30 6 * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' },
      tasks: {
        load_touchpoints: { kind: 'python', minutes: [5, 10] },
        fit_attribution_model: {
          deps: ['load_touchpoints'],
          kind: 'python',
          minutes: [10, 20],
          retries: 2,
          failure: failure(
            'org.apache.spark.SparkException: Job aborted due to stage failure: Task 17 in stage 42.0 failed 4 times, most recent failure: java.lang.OutOfMemoryError: Java heap space',
            'marketing/fit_attribution_model.py',
            318,
          ),
        },
        export_to_crm: { deps: ['fit_attribution_model'], kind: 'python', minutes: [2, 4] },
      },
    },
    created,
  );
  state.startRun(attribution, { at: now - 2 * DAY, trigger: 'PERIODIC' });
  state.startRun(attribution, {
    at: now - 4 * HOUR,
    trigger: 'PERIODIC',
    forcedFailures: ['fit_attribution_model'],
  });

  const gdpr = addJob(
    state,
    {
      name: 'gdpr_erasure_requests',
      description: 'Applies right-to-erasure requests across the lakehouse.',
      tags: { team: 'privacy-engineering', compliance: 'gdpr' },
      // Someone's interactive cluster: the platform review flags it (all-purpose compute).
      tasks: {
        erase_subjects: { kind: 'python', minutes: [120, 180], existingCluster: '0923-164208-abc123' },
      },
    },
    created,
  );
  state.startRun(gdpr, { at: now - 40 * MINUTE, trigger: 'ONE_TIME', creator: 'privacy-bot@example.com' });
  state.startRun(gdpr, { at: now - 10 * MINUTE, trigger: 'ONE_TIME', creator: 'privacy-bot@example.com' });

  const ledger = addJob(
    state,
    {
      name: 'ledger_reconciliation',
      description:
        'Reconciles the general ledger against the payments sub-ledger. Paused during the audit freeze.',
      tags: { team: 'finance-data' },
      schedule: { quartz_cron_expression: '0 0 5 * * ?', timezone_id: 'UTC', pause_status: 'PAUSED' },
      tasks: {
        extract_gl: { kind: 'python', minutes: [5, 8] },
        reconcile: { deps: ['extract_gl'], minutes: [10, 15] },
      },
    },
    created,
  );
  for (const daysAgo of [9, 8, 7]) state.startRun(ledger, { at: now - daysAgo * DAY, trigger: 'PERIODIC' });

  const vendor = addJob(
    state,
    {
      name: 'vendor_feed_ingest',
      description: 'Ingests vendor price files as they land in the landing bucket.',
      tags: { team: 'market-data' },
      fileArrival: { url: 's3://acme-landing/vendor-feeds/', pause_status: 'UNPAUSED' },
      maxConcurrentRuns: 3,
      tasks: { ingest_files: { kind: 'python', minutes: [2, 5] } },
    },
    created,
  );
  for (const hoursAgo of [30, 20, 9, 3]) {
    state.startRun(vendor, { at: now - hoursAgo * HOUR, trigger: 'FILE_ARRIVAL' });
  }

  const backfill = addJob(
    state,
    {
      name: 'ml_feature_backfill',
      description: 'Backfills the feature store for a date range. Long running.',
      tags: { team: 'ml-platform' },
      parameters: [
        { name: 'start_date', default: '2024-01-01' },
        { name: 'end_date', default: '2024-12-31' },
        { name: 'feature_set', default: 'customer_behaviour_v3' },
      ],
      // No timeout anywhere: a hung backfill would hold its cluster (the review flags it).
      tasks: {
        backfill_features: {
          kind: 'python',
          minutes: [6 * 60, 8 * 60],
          hostileLines: true,
          timeoutSeconds: 0,
        },
      },
    },
    created,
  );
  state.startRun(backfill, {
    at: now - 3 * HOUR,
    trigger: 'ONE_TIME',
    jobParameters: { start_date: '2023-01-01', end_date: '2023-12-31' },
    creator: 'wei.chen@example.com',
  });

  const vacuum = addJob(
    state,
    {
      name: 'nightly_vacuum_optimize',
      description: 'OPTIMIZE and VACUUM on the gold tables.',
      tags: { team: 'data-platform', maintenance: 'true' },
      schedule: { quartz_cron_expression: '0 0 3 * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' },
      // A fixed-size job cluster (no autoscale).
      fixedWorkers: 8,
      tasks: {
        optimize_gold: { minutes: [20, 30] },
        vacuum_gold: { deps: ['optimize_gold'], minutes: [10, 15] },
      },
    },
    created,
  );
  for (const daysAgo of [3, 2, 1]) state.startRun(vacuum, { at: now - daysAgo * DAY, trigger: 'PERIODIC' });

  const settlement = addJob(
    state,
    {
      name: 'payments_settlement_report',
      description: 'Daily settlement report for the card schemes.',
      tags: { team: 'payments' },
      tasks: {
        collect_settlements: { kind: 'python', minutes: [5, 8] },
        compute_settlements: {
          deps: ['collect_settlements'],
          kind: 'python',
          minutes: [5, 10],
          failure: failure(
            'KeyError: "scheme_fee_schedule missing currency code \'PLN\'"',
            'payments/compute_settlements.py',
            87,
          ),
        },
        send_report: { deps: ['compute_settlements'], kind: 'python', minutes: [1, 2] },
      },
    },
    created,
  );
  const failedSettlement = state.startRun(settlement, {
    at: now - 30 * HOUR,
    trigger: 'ONE_TIME',
    forcedFailures: ['compute_settlements'],
  });
  state.repairRun(failedSettlement.runId, {
    rerunAllFailedTasks: true,
    rerunDependentTasks: true,
    at: now - 26 * HOUR,
  });

  const churn = addJob(
    state,
    {
      name: 'churn_model_training',
      description: 'Weekly retraining of the churn model; registers a new version in Unity Catalog.',
      tags: { team: 'ml-platform', model: 'churn' },
      schedule: { quartz_cron_expression: '0 0 4 ? * MON', timezone_id: 'UTC', pause_status: 'UNPAUSED' },
      tasks: {
        build_training_set: { minutes: [15, 25] },
        train_model: {
          deps: ['build_training_set'],
          minutes: [30, 50],
          result: '{"model_version": 42, "auc": 0.871}',
        },
      },
    },
    created,
  );
  for (const weeksAgo of [6, 5, 4, 3, 2, 1]) {
    state.startRun(churn, { at: now - weeksAgo * 7 * DAY + DAY, trigger: 'PERIODIC' });
  }
  // A retraining started by hand three hours ago that goes far beyond its usual hour.
  state.startRun(churn, {
    at: now - 3 * HOUR,
    trigger: 'ONE_TIME',
    creator: 'wei.chen@example.com',
    slowdown: 5,
  });

  const sales = addJob(
    state,
    {
      name: 'sales_dashboard_refresh',
      description: 'Refreshes the aggregates behind the sales dashboard.',
      tags: { team: 'bi', dashboard: 'sales-daily' },
      schedule: { quartz_cron_expression: '0 15 * * * ?', timezone_id: 'UTC', pause_status: 'UNPAUSED' },
      // Short tasks on a cold job cluster: start-up is half of every run (a pool would help).
      clusterStartMs: [4 * MINUTE, 6 * MINUTE],
      tasks: { refresh_aggregates: { minutes: [3, 6] } },
    },
    created,
  );
  for (const hoursAgo of [3, 2, 1]) state.startRun(sales, { at: now - hoursAgo * HOUR, trigger: 'PERIODIC' });

  const dq = addJob(
    state,
    {
      name: 'data_quality_checks',
      description: 'Great-expectations style checks on the silver layer.',
      tags: { team: 'data-platform' },
      onFailureEmails: [],
      tasks: {
        check_orders: { kind: 'python', minutes: [5, 10] },
        check_customers: { kind: 'python', minutes: [5, 10] },
        summarise: { deps: ['check_orders', 'check_customers'], kind: 'python', minutes: [1, 2] },
      },
    },
    created,
  );
  const cancelled = state.startRun(dq, { at: now - 5 * HOUR, trigger: 'ONE_TIME' });
  state.cancelRun(cancelled.runId, now - 5 * HOUR + 3 * MINUTE);

  // More than 100 tasks: exercises the 2.2 inner paging of jobs/get and runs/get (100 per array).
  const wideTasks: Record<string, TaskSpec> = {};
  for (let i = 1; i <= 130; i++) wideTasks[`sync_table_${String(i).padStart(3, '0')}`] = { minutes: [1, 3] };
  const wide = addJob(
    state,
    {
      name: 'warehouse_table_sync',
      description: 'Mirrors 130 warehouse tables into the lakehouse, one task per table.',
      tags: { team: 'data-platform' },
      tasks: wideTasks,
    },
    created,
  );
  state.startRun(wide, { at: now - DAY, trigger: 'ONE_TIME' });

  generateJobs(state, random, options, now);
}

const DOMAINS = [
  'orders',
  'payments',
  'customers',
  'inventory',
  'marketing',
  'risk',
  'logistics',
  'hr',
  'finance',
];
const VERBS = ['ingest', 'transform', 'aggregate', 'export', 'validate', 'snapshot'];
const TEAMS = ['data-platform', 'analytics', 'ml-platform', 'finance-data', 'growth'];

function generateJobs(state: SimState, random: Random, options: SeedOptions, now: number): void {
  for (let i = 1; i <= options.jobs; i++) {
    const domain = pick(random, DOMAINS);
    const verb = pick(random, VERBS);
    const taskCount = 1 + Math.floor(random() * 3);
    const tasks: Record<string, TaskSpec> = {};
    let previous: string | undefined;
    for (let t = 1; t <= taskCount; t++) {
      const key = `${verb}_step_${t}`;
      tasks[key] = {
        kind: random() < 0.5 ? 'python' : 'notebook',
        minutes: [2, 20],
        failureRate: 0.08,
        ...(previous ? { deps: [previous] } : {}),
      };
      previous = key;
    }
    const scheduled = random() < 0.3;
    const hour = Math.floor(random() * 24);
    const job = addJob(
      state,
      {
        name: `${domain}_${verb}_${String(i).padStart(5, '0')}`,
        tags: { team: pick(random, TEAMS), generated: 'true' },
        ...(scheduled
          ? {
              schedule: {
                quartz_cron_expression: `0 0 ${hour} * * ?`,
                timezone_id: 'UTC',
                pause_status: random() < 0.2 ? ('PAUSED' as const) : ('UNPAUSED' as const),
              },
            }
          : {}),
        tasks,
      },
      now - (400 - (i % 365)) * DAY,
    );
    for (let r = options.runsPerJob; r >= 1; r--) {
      state.startRun(job, { at: now - r * DAY - hour * HOUR, trigger: scheduled ? 'PERIODIC' : 'ONE_TIME' });
    }
  }
}
