// `dagdeck jobs cancel-run RUN_ID` and `dagdeck jobs cancel-all-runs JOB_ID`: stop one Databricks
// run, or every active run of a job, through the one write flow (run-write.ts). The preview lists
// what stops; a run that has already ended is refused before anything is sent, and a job with no
// active run has nothing to cancel (nothing sent, exit 0). Databricks stops runs asynchronously.
import type { Command } from 'commander';
import { databricksId } from './databricks-id.js';
import type { GlobalOptions } from './global-options.js';
import type { Prepared } from './run-write.js';
import { addWriteOptions, type WriteOptions } from './write-options.js';

export function registerJobsCancelCommands(jobs: Command): void {
  addWriteOptions(
    jobs
      .command('cancel-run')
      .description('cancel a Databricks run (asks first; --dry-run shows what would stop)')
      .argument('<RUN_ID>', 'the run (see `dagdeck jobs list-runs`)', databricksId('run')),
    'the job id',
  ).action(async (runId: string, options: WriteOptions, command: Command) => {
    const global = command.optsWithGlobals<GlobalOptions>();
    process.exitCode = await cancelRun(runId, options, global);
  });

  addWriteOptions(
    jobs
      .command('cancel-all-runs')
      .description('cancel every active run of a Databricks job (asks first; --dry-run lists them)')
      .argument('<JOB_ID>', 'the job (see `dagdeck jobs list`)', databricksId('job')),
    'the job id',
  ).action(async (jobId: string, options: WriteOptions, command: Command) => {
    const global = command.optsWithGlobals<GlobalOptions>();
    process.exitCode = await cancelAllRuns(jobId, options, global);
  });
}

async function cancelRun(runId: string, options: WriteOptions, global: GlobalOptions): Promise<number> {
  const [{ runWrite }, { readJobRun }] = await Promise.all([
    import('./run-write.js'),
    import('./read-job-run.js'),
  ]);
  return runWrite(
    { contextName: global.context, readOnlyFlag: global.readOnly === true, options },
    {
      // Its job is only known once the run is read: the policy needs no more than the kind of write.
      draft: { backend: 'databricks', action: { kind: 'cancelRun', workflowId: '', runId } },
      prepare: async (databricks, connected): Promise<Prepared> => {
        const run = await readJobRun(databricks, connected.name, runId);
        return {
          step: { backend: 'databricks', action: { kind: 'cancelRun', workflowId: run.workflowId, runId } },
        };
      },
    },
  );
}

async function cancelAllRuns(jobId: string, options: WriteOptions, global: GlobalOptions): Promise<number> {
  const [{ runWrite }, { readJob }] = await Promise.all([import('./run-write.js'), import('./read-job.js')]);
  const step = {
    backend: 'databricks' as const,
    action: { kind: 'cancelAllRuns' as const, workflowId: jobId },
  };
  return runWrite(
    { contextName: global.context, readOnlyFlag: global.readOnly === true, options },
    {
      draft: step,
      prepare: async (databricks, connected): Promise<Prepared> => {
        const job = await readJob(databricks, connected.name, jobId);
        const active = await databricks.listRuns(jobId, { activeOnly: true, limit: 1 });
        return active.length === 0
          ? { step, nothingToDo: `job ${job.name} (${jobId}) has no active run: nothing to cancel` }
          : { step };
      },
    },
  );
}
