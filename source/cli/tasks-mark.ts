// `dagdeck tasks mark DAG_ID RUN_ID TASK_ID --state success|failed|skipped`: set a task instance's
// state through the one write flow (run-write.ts); the preview is the server's dry run. As in the
// console, only the task named is marked unless --downstream / --upstream ask for more.
import { type Command, Option } from 'commander';
import type { Action } from '../core/actions.js';
import type { GlobalOptions } from './global-options.js';
import { addWriteOptions, type WriteOptions } from './write-options.js';

type TaskState = Extract<Action, { kind: 'markTaskState' }>['state'];

interface MarkOptions extends WriteOptions {
  state: TaskState;
  downstream?: boolean;
  upstream?: boolean;
}

export function registerTasksMarkCommand(tasks: Command): void {
  addWriteOptions(
    tasks
      .command('mark')
      .description('mark a task instance success, failed or skipped (the server’s dry run is the preview)')
      .argument('<DAG_ID>', 'the DAG')
      .argument('<RUN_ID>', 'the run (see `dagdeck dags list-runs DAG_ID`)')
      .argument('<TASK_ID>', 'the task (TASK_ID[N]: map index N only)')
      .addOption(
        new Option('--state <state>', 'the new state')
          .choices(['success', 'failed', 'skipped'])
          .makeOptionMandatory(),
      )
      .option('--downstream', 'also mark the tasks downstream')
      .option('--upstream', 'also mark the tasks upstream'),
  ).action(async (dagId: string, runId: string, taskId: string, options: MarkOptions, command: Command) => {
    const global = command.optsWithGlobals<GlobalOptions>();
    process.exitCode = await markTask(dagId, runId, taskId, options, global);
  });
}

async function markTask(
  dagId: string,
  runId: string,
  taskId: string,
  options: MarkOptions,
  global: GlobalOptions,
): Promise<number> {
  const [{ runWrite }, { explainNotFound }, { checkTasksInRun, parseTaskSelector }] = await Promise.all([
    import('./run-write.js'),
    import('./explain-not-found.js'),
    import('./task-selectors.js'),
  ]);
  const task = parseTaskSelector(taskId);
  const step = {
    backend: 'airflow' as const,
    action: {
      kind: 'markTaskState' as const,
      workflowId: dagId,
      runId,
      task,
      state: options.state,
      includeDownstream: options.downstream === true,
      includeUpstream: options.upstream === true,
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
        checkTasksInRun([task], tasks, { dagId, runId });
        // Airflow 3 answers 409 to a task marked the state it has: say so instead of failing.
        const targets = tasks.filter(
          (candidate) =>
            candidate.taskId === task.taskId &&
            (task.mapIndex === undefined || candidate.mapIndex === task.mapIndex),
        );
        const already =
          !options.downstream && !options.upstream && targets.every((t) => t.rawState === options.state);
        return already
          ? { step, nothingToDo: `${taskId} of run ${runId} is already ${options.state}: nothing to do` }
          : { step };
      },
    },
  );
}
