// `dagdeck tasks clear DAG_ID RUN_ID [TASK_ID…]`: clear task instances so the scheduler runs them
// again, through the one write flow (run-write.ts); the preview is the server's own dry run. The
// defaults are the console's: named tasks are cleared whatever their state, with their downstream
// tasks; a run with no task named has its failed tasks cleared. Every name is checked against the
// run's task instances before anything is sent.
import { type Command, Option } from 'commander';
import type { GlobalOptions } from './global-options.js';
import { addWaitOptions, type WaitOptions, type WriteOptions, waitInterval } from './write-options.js';

interface ClearOptions extends WriteOptions, WaitOptions {
  /** Undefined: the default (true with task ids, false without). */
  downstream?: boolean;
  upstream?: boolean;
  onlyFailed?: boolean;
  all?: boolean;
  latestVersion?: boolean;
}

export function registerTasksClearCommand(tasks: Command): void {
  addWaitOptions(
    tasks
      .command('clear')
      .description('clear task instances so they run again (the server’s dry run is the preview)')
      .argument('<DAG_ID>', 'the DAG')
      .argument('<RUN_ID>', 'the run (see `dagdeck dags list-runs DAG_ID`)')
      .argument('[TASK_ID...]', 'the tasks (TASK_ID[N]: map index N only); none: the failed tasks of the run')
      .option('--downstream', 'also clear the tasks downstream (the default when tasks are named)')
      .option('--no-downstream', 'only the tasks named')
      .option('--upstream', 'also clear the tasks upstream')
      .addOption(
        new Option(
          '--only-failed',
          'only failed and upstream_failed ones (the default with no task named)',
        ).conflicts('all'),
      )
      .option('--all', 'whatever their state (the default when tasks are named)')
      .option('--latest-version', 'Airflow 3.1+: run the cleared tasks on the latest DAG version'),
  ).action(
    async (dagId: string, runId: string, taskIds: string[], options: ClearOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      process.exitCode = await clearTasks(dagId, runId, taskIds, options, global);
    },
  );
}

async function clearTasks(
  dagId: string,
  runId: string,
  taskIds: readonly string[],
  options: ClearOptions,
  global: GlobalOptions,
): Promise<number> {
  const [{ runWrite }, { explainNotFound }, { checkTasksInRun, parseTaskSelector }] = await Promise.all([
    import('./run-write.js'),
    import('./explain-not-found.js'),
    import('./task-selectors.js'),
  ]);
  const selectors = taskIds.map(parseTaskSelector);
  const named = selectors.length > 0;
  const step = {
    backend: 'airflow' as const,
    action: {
      kind: 'clearTasks' as const,
      workflowId: dagId,
      runId,
      tasks: selectors,
      onlyFailed: options.onlyFailed === true || (!named && options.all !== true),
      includeDownstream: options.downstream ?? named,
      includeUpstream: options.upstream === true,
      // Re-queue the run, so a finished run's cleared tasks are picked up by the scheduler.
      resetRun: true,
      ...(options.latestVersion ? { runOnLatestVersion: true } : {}),
    },
  };
  return runWrite(
    { contextName: global.context, readOnlyFlag: global.readOnly === true, options },
    {
      draft: step,
      prepare: async (airflow, connected) => {
        const tasks = await explainNotFound(airflow, { context: connected.name, dagId, runId }, () =>
          airflow.listTasks(dagId, runId),
        );
        checkTasksInRun(selectors, tasks, { dagId, runId });
        return { step };
      },
      ...waitInterval(options),
    },
  );
}
