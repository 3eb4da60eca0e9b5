// `dagdeck jobs pause|unpause JOB_ID`: stop or restart a Databricks job's schedule (its cron
// schedule, file-arrival or periodic trigger, or continuous setting) through the one write flow
// (run-write.ts). Runs in progress carry on, and run-now still starts runs of a paused job. A job
// already as asked is left alone (nothing sent, exit 0); one with nothing to pause is exit 2.
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { databricksId } from './databricks-id.js';
import type { GlobalOptions } from './global-options.js';
import type { Prepared } from './run-write.js';
import { addWriteOptions, type WriteOptions } from './write-options.js';

export function registerJobsPauseCommands(jobs: Command): void {
  for (const paused of [true, false]) {
    addWriteOptions(
      jobs
        .command(paused ? 'pause' : 'unpause')
        .description(
          paused
            ? 'pause a Databricks job’s schedule: no new scheduled runs; running ones carry on'
            : 'unpause a Databricks job’s schedule: scheduled runs start again',
        )
        .argument('<JOB_ID>', `the job to ${paused ? 'pause' : 'unpause'}`, databricksId('job')),
      'the job id',
    ).action(async (jobId: string, options: WriteOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      process.exitCode = await setPaused(jobId, paused, options, global);
    });
  }
}

async function setPaused(
  jobId: string,
  paused: boolean,
  options: WriteOptions,
  global: GlobalOptions,
): Promise<number> {
  const [{ runWrite }, { readJob }] = await Promise.all([import('./run-write.js'), import('./read-job.js')]);
  const step = {
    backend: 'databricks' as const,
    action: { kind: 'setPaused' as const, workflowId: jobId, paused },
  };
  return runWrite(
    { contextName: global.context, readOnlyFlag: global.readOnly === true, options },
    {
      draft: step,
      prepare: async (databricks, connected): Promise<Prepared> => {
        const job = await readJob(databricks, connected.name, jobId);
        const label = `job ${job.name} (${jobId})`;
        if (job.schedule === undefined) {
          throw new UsageError(
            `${label} has no schedule, trigger or continuous setting: there is nothing to ${paused ? 'pause' : 'unpause'}; start runs with \`dagdeck jobs run-now ${jobId}\``,
          );
        }
        // A schedule without a pause status is unpaused (the Jobs API's default).
        return (job.paused ?? false) === paused
          ? { step, nothingToDo: `${label} is already ${paused ? 'paused' : 'unpaused'}: nothing to do` }
          : { step };
      },
    },
  );
}
