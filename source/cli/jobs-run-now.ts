// `dagdeck jobs run-now JOB_ID`: a new run of a Databricks job, with job parameters from --params
// JSON and -p key=value on top, through the one write flow (run-write.ts). A parameter the job does
// not declare is refused before anything is sent. The run-now carries an idempotency token chosen
// here (or given with --idempotency-token), so a re-send never starts a second run; --wait follows
// the run to its end.
import { type Command, InvalidArgumentError } from 'commander';
import { databricksId } from './databricks-id.js';
import type { GlobalOptions } from './global-options.js';
import { collectParam, parseJsonObject, splitParams } from './param-input.js';
import { addWaitOptions, type WaitOptions, type WriteOptions, waitInterval } from './write-options.js';

interface RunNowOptions extends WriteOptions, WaitOptions {
  params?: string;
  param?: string[];
  idempotencyToken?: string;
}

/** The workspace refuses longer tokens; ours are hashed to fit, but a script's is sent as given. */
const MAX_TOKEN_LENGTH = 64;

const idempotencyToken = (value: string): string => {
  if (value.length === 0 || value.length > MAX_TOKEN_LENGTH) {
    throw new InvalidArgumentError(`give 1 to ${MAX_TOKEN_LENGTH} characters (the Databricks limit).`);
  }
  return value;
};

export function registerJobsRunNowCommand(jobs: Command): void {
  addWaitOptions(
    jobs
      .command('run-now')
      .description('start a run of a Databricks job (asks first; --dry-run shows what would be sent)')
      .argument('<JOB_ID>', 'the job to run (see `dagdeck jobs list`)', databricksId('job'))
      .option('--params <json>', 'job parameters, a JSON object, e.g. \'{"business_date": "2026-11-20"}\'')
      .option('-p, --param <key=value>', 'one job parameter (repeatable; on top of --params)', collectParam)
      .option(
        '--idempotency-token <token>',
        'the idempotency token (default: dagdeck__<time>__<random>); sending the same token again starts no second run',
        idempotencyToken,
      ),
    'the job id',
  ).action(async (jobId: string, options: RunNowOptions, command: Command) => {
    const global = command.optsWithGlobals<GlobalOptions>();
    process.exitCode = await runNow(jobId, options, global);
  });
}

async function runNow(jobId: string, options: RunNowOptions, global: GlobalOptions): Promise<number> {
  const [{ runWrite }, { newRequestId }, { readJob }] = await Promise.all([
    import('./run-write.js'),
    import('../core/actions.js'),
    import('./read-job.js'),
  ]);
  const params = {
    ...(options.params !== undefined ? parseJsonObject(options.params, '--params') : {}),
    ...splitParams(options.param ?? []),
  };
  const step = {
    backend: 'databricks' as const,
    action: {
      kind: 'trigger' as const,
      workflowId: jobId,
      requestId: options.idempotencyToken ?? newRequestId(),
      params,
    },
  };
  return runWrite(
    { contextName: global.context, readOnlyFlag: global.readOnly === true, options },
    {
      draft: step,
      // The parameters are checked against the job's by the preview (a name it does not declare
      // is refused there, before anything is sent).
      prepare: async (databricks, connected) => {
        await readJob(databricks, connected.name, jobId);
        return { step };
      },
      ...waitInterval(options),
      ...(options.idempotencyToken !== undefined ? { claimTriggers: false } : {}),
    },
  );
}
