// `dagdeck jobs repair-run RUN_ID [--task KEY …] [--rerun-dependents]`: rerun the failed tasks of a
// Databricks run (or the ones named) on the run itself, through the one write flow (run-write.ts).
// The preview lists each task that reruns with its last outcome and duration. A run that cannot be
// repaired (still running, nothing failed and no task named) or a task key the run does not have
// is refused before anything is sent. A run repaired before is repaired again on top of its latest
// repair (the action sends latest_repair_id). --wait follows the repair to its end.
import type { Command } from 'commander';
import { databricksId } from './databricks-id.js';
import type { GlobalOptions } from './global-options.js';
import type { Prepared } from './run-write.js';
import { addWaitOptions, type WaitOptions, type WriteOptions, waitInterval } from './write-options.js';

interface RepairOptions extends WriteOptions, WaitOptions {
  task?: string[];
  rerunDependents?: boolean;
}

const collectTask = (key: string, previous: string[] = []): string[] => [...previous, key];

export function registerJobsRepairRunCommand(jobs: Command): void {
  addWaitOptions(
    jobs
      .command('repair-run')
      .description('rerun the failed tasks of a Databricks run, or the ones named (asks first)')
      .argument('<RUN_ID>', 'the run (see `dagdeck jobs list-runs`)', databricksId('run'))
      .option(
        '--task <key>',
        'rerun this task (repeatable; default: every task that did not succeed)',
        collectTask,
      )
      .option('--rerun-dependents', 'also rerun the tasks that depend on them'),
    'the job id',
  ).action(async (runId: string, options: RepairOptions, command: Command) => {
    const global = command.optsWithGlobals<GlobalOptions>();
    process.exitCode = await repairRun(runId, options, global);
  });
}

async function repairRun(runId: string, options: RepairOptions, global: GlobalOptions): Promise<number> {
  const [{ runWrite }, { readJobRun }] = await Promise.all([
    import('./run-write.js'),
    import('./read-job-run.js'),
  ]);
  const repair = (workflowId: string) => ({
    backend: 'databricks' as const,
    action: {
      kind: 'repairRun' as const,
      workflowId,
      runId,
      tasks: options.task ?? [],
      rerunDependents: options.rerunDependents === true,
    },
  });
  return runWrite(
    { contextName: global.context, readOnlyFlag: global.readOnly === true, options },
    {
      // Its job is only known once the run is read: the policy needs no more than the kind of write.
      draft: repair(''),
      prepare: async (databricks, connected): Promise<Prepared> => {
        const run = await readJobRun(databricks, connected.name, runId);
        return { step: repair(run.workflowId) };
      },
      ...waitInterval(options),
    },
  );
}
