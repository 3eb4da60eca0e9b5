// `dagdeck sim`: both simulators standalone, for other tools (test/real/run.mjs, a real Airflow's
// Databricks provider, the benchmarks) and for people who want to poke at them with curl.
// Prints where they listen and their (simulator-only) credentials, then serves until SIGINT or
// SIGTERM. The simulators load inside the action so `dagdeck --help` stays fast.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { exitCodeForSignal } from '../app/exitCodes.js';

interface SimCommandOptions {
  clean?: boolean;
  dags?: number;
  jobs?: number;
  runsPerDag?: number;
  runsPerJob?: number;
  logLines?: number;
  logRate?: number;
  hugeLogLine?: number;
  airflowVersion?: string;
  epoch?: number;
  speed: number;
  seed: number;
  airflow: '2' | '3';
  airflowPort?: number;
  databricksPort?: number;
  latencyMs?: number;
  errorRate?: number;
  rateLimitRate?: number;
  resetRate?: number;
  resetAfterWriteRate?: number;
  stallRate?: number;
  html502Rate?: number;
  dropLogAfter?: number;
  tokenTtl?: number;
  requestLog?: string;
  failingRepairTasks?: string[];
}

/** The one line `dagdeck sim` prints on stdout; test/real/run.mjs and other tools parse it. */
export interface SimAnnouncement {
  airflow: { url: string; version: string; flavour: 2 | 3; username: string; password: string };
  databricks: { host: string; token: string; clientId: string; clientSecret: string; workspaceId: string };
}

const count = (value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number >= 0');
  return number;
};
const port = (value: string): number => {
  const number = count(value);
  if (number > 65_535) throw new InvalidArgumentError('expected a port number 0-65535');
  return number;
};
const nonNegative = (value: string): number => {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new InvalidArgumentError('expected a number >= 0');
  return number;
};
const positive = (value: string): number => {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a number > 0');
  return number;
};
const version = (value: string): string => {
  if (!/^\d+\.\d+\.\d+/.test(value)) throw new InvalidArgumentError('expected a version such as 3.3.2');
  return value;
};
/** An ISO-8601 time or epoch milliseconds. */
const instant = (value: string): number => {
  const number = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(number)) throw new InvalidArgumentError('expected an ISO time or epoch milliseconds');
  return number;
};
const rate = (value: string): number => {
  const number = nonNegative(value);
  if (number > 1) throw new InvalidArgumentError('expected a share of requests between 0 and 1');
  return number;
};

export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description('run the simulated Airflow and Databricks on 127.0.0.1 until Ctrl-C (for tools and tests)')
    .option('--dags <n>', 'generated DAGs on top of the demo DAGs', count)
    .option('--jobs <n>', 'generated Databricks jobs on top of the demo jobs', count)
    .option('--runs-per-dag <n>', 'history runs per generated DAG', count)
    .option('--runs-per-job <n>', 'history runs per generated job', count)
    .option(
      '--log-lines <n>',
      'lines of the long task log (ml_feature_store_sync.train_drift_model; its newest run is writing it)',
      count,
    )
    .option(
      '--log-rate <lines/s>',
      'lines per virtual second that task writes while it runs, and Databricks python tasks too',
      positive,
    )
    .option(
      '--huge-log-line <chars>',
      'one more hostile line this long in customer_kyc_refresh.fetch_vendor_results (e.g. 10485760)',
      count,
    )
    .option(
      '--airflow-version <x.y.z>',
      'the Airflow version reported (Airflow 3 log tokens then behave as in that release)',
      version,
    )
    .option(
      '--epoch <time>',
      'tell the story as of this time (ISO or epoch ms): a restart with the same --seed and --epoch serves the same runs and logs',
      instant,
    )
    .option(
      '--clean',
      'a small Airflow and workspace that follow every practice `dagdeck review` checks, instead of the demo story',
    )
    .option('--speed <x>', 'virtual seconds per real second (0 freezes time)', nonNegative, 1)
    .option('--seed <n>', 'seed of the data, credentials and faults', count, 1)
    .addOption(
      new Option('--airflow <flavour>', 'Airflow 3 (API v2, JWT) or 2 (API v1, Basic)')
        .choices(['2', '3'])
        .default('3'),
    )
    .option('--airflow-port <port>', 'Airflow port (default: ephemeral)', port)
    .option('--databricks-port <port>', 'Databricks port (default: ephemeral)', port)
    .option('--latency-ms <ms>', 'added to every response', nonNegative)
    .option('--error-rate <r>', 'share of requests answered 500/503 (0-1)', rate)
    .option('--rate-limit-rate <r>', 'share of requests answered 429 with Retry-After (0-1)', rate)
    .option('--reset-rate <r>', 'share of connections reset before any answer (0-1)', rate)
    .option(
      '--reset-after-write-rate <r>',
      'share of writes (POST/PATCH/DELETE) applied, then their connection reset before the answer (0-1)',
      rate,
    )
    .option('--stall-rate <r>', 'share of answers that stall mid-body forever (0-1)', rate)
    .option(
      '--html502-rate <r>',
      'share of requests answered by an HTML 502 page, as a proxy would (0-1)',
      rate,
    )
    .option('--drop-log-after <lines>', 'cut every task log stream after this many lines', count)
    .option('--token-ttl <seconds>', 'lifetime of issued Airflow JWTs and Databricks OAuth tokens', count)
    .option('--request-log <file>', 'append one JSON line per request (time, server, method, path, status)')
    .option(
      '--failing-repair-tasks <keys>',
      'comma-separated Databricks task keys whose repairs fail too',
      (value: string) =>
        value
          .split(',')
          .map((key) => key.trim())
          .filter(Boolean),
    )
    .action(async (options: SimCommandOptions) => {
      process.exitCode = await runSim(options);
    });
}

async function runSim(options: SimCommandOptions): Promise<number> {
  const { startSimulators } = await import('../sim/index.js');
  const flavour = options.airflow === '2' ? 2 : 3;
  const sims = await startSimulators({
    speed: options.speed,
    seed: options.seed,
    airflowFlavour: flavour,
    ...(options.clean ? { clean: true } : {}),
    ...(options.dags !== undefined ? { dags: options.dags } : {}),
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...(options.runsPerDag !== undefined ? { runsPerDag: options.runsPerDag } : {}),
    ...(options.runsPerJob !== undefined ? { runsPerJob: options.runsPerJob } : {}),
    ...(options.logLines !== undefined ? { logLines: options.logLines } : {}),
    ...(options.logRate !== undefined ? { logRate: options.logRate } : {}),
    ...(options.hugeLogLine !== undefined ? { hugeLogLine: options.hugeLogLine } : {}),
    ...(options.airflowVersion !== undefined ? { airflowVersion: options.airflowVersion } : {}),
    ...(options.epoch !== undefined ? { epoch: options.epoch } : {}),
    faults: {
      ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
      ...(options.errorRate !== undefined ? { rate5xx: options.errorRate } : {}),
      ...(options.rateLimitRate !== undefined ? { rate429: options.rateLimitRate } : {}),
      ...(options.resetRate !== undefined ? { resetRate: options.resetRate } : {}),
      ...(options.resetAfterWriteRate !== undefined
        ? { resetAfterWriteRate: options.resetAfterWriteRate }
        : {}),
      ...(options.stallRate !== undefined ? { stallRate: options.stallRate } : {}),
      ...(options.html502Rate !== undefined ? { html502Rate: options.html502Rate } : {}),
      ...(options.dropLogAfter !== undefined ? { dropLogAfterLines: options.dropLogAfter } : {}),
    },
    ...(options.tokenTtl !== undefined ? { tokenTtlSeconds: options.tokenTtl } : {}),
    ...(options.requestLog !== undefined ? { requestLog: options.requestLog } : {}),
    ...(options.failingRepairTasks !== undefined ? { failingRepairTasks: options.failingRepairTasks } : {}),
    ports: {
      ...(options.airflowPort !== undefined ? { airflow: options.airflowPort } : {}),
      ...(options.databricksPort !== undefined ? { databricks: options.databricksPort } : {}),
    },
  }).catch((error: unknown) => {
    throw explainListenError(error);
  });
  // Registered before printing: a tool that reads the line and signals at once must still get a
  // clean shutdown.
  const signal = waitForSignal();
  const announcement: SimAnnouncement = {
    airflow: {
      url: sims.airflow.url,
      version: await airflowVersion(sims.airflow.url, flavour),
      flavour,
      username: sims.airflow.username,
      password: sims.airflow.password,
    },
    databricks: {
      host: sims.databricks.url,
      token: sims.databricks.token,
      clientId: sims.databricks.clientId,
      clientSecret: sims.databricks.clientSecret,
      workspaceId: sims.databricks.workspaceId,
    },
  };
  // Exactly one JSON line on stdout for tools; the human summary goes to stderr.
  process.stdout.write(`${JSON.stringify(announcement)}\n`);
  process.stderr.write(describeSimulators(announcement, options));
  const received = await signal;
  await sims.close();
  const code = exitCodeForSignal(received);
  // A handle some dependency forgot must not keep a stopped simulator alive (run.mjs waits on it).
  setTimeout(() => process.exit(code), 2000).unref();
  return code;
}

/** A busy or forbidden port as one line that says what to do, instead of node's bare EADDRINUSE. */
function explainListenError(error: unknown): unknown {
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  // Only a listen failure is about ports (an unwritable --request-log is EACCES too).
  if ((code !== 'EADDRINUSE' && code !== 'EACCES') || syscall !== 'listen') return error;
  const { address, port } = error as { address?: string; port?: number };
  const why = code === 'EADDRINUSE' ? 'is already in use' : 'needs privileges this user lacks';
  return new Error(
    `cannot start the simulators: port ${port ?? '?'} on ${address ?? '127.0.0.1'} ${why}; pick another with --airflow-port/--databricks-port, or leave them out for free ports`,
  );
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** The version the simulator's unauthenticated /version endpoint reports, as a client would see it. */
async function airflowVersion(url: string, flavour: 2 | 3): Promise<string> {
  try {
    const response = await fetch(`${url}/api/${flavour === 3 ? 'v2' : 'v1'}/version`, {
      signal: AbortSignal.timeout(5000),
    });
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'version' in body && typeof body.version === 'string') {
      return body.version;
    }
  } catch {
    // Fall through: the flavour is still the useful part.
  }
  return `${flavour}`;
}

export function describeSimulators(
  sim: SimAnnouncement,
  options: Pick<SimCommandOptions, 'seed' | 'speed'>,
): string {
  const { airflow, databricks } = sim;
  return [
    `dagdeck simulators (seed ${options.seed}, speed ${options.speed}x) — Ctrl-C to stop`,
    '',
    `Airflow ${airflow.version} (API ${airflow.flavour === 3 ? 'v2, JWT from /auth/token' : 'v1, HTTP Basic'})`,
    `  url                  ${airflow.url}`,
    `  username             ${airflow.username}`,
    `  password             ${airflow.password}`,
    'Databricks',
    `  host                 ${databricks.host}`,
    `  PAT                  ${databricks.token}`,
    `  OAuth client id      ${databricks.clientId}`,
    `  OAuth client secret  ${databricks.clientSecret}`,
    '',
    'These are simulator credentials. To point the console at it:',
    `  dagdeck context add sim --airflow-url ${airflow.url} --airflow-user ${airflow.username} --databricks-host ${databricks.host} --databricks-auth pat --use`,
    '  then give it the password and PAT above (`dagdeck login sim`), or just run `dagdeck --demo`.',
    '',
  ].join('\n');
}
