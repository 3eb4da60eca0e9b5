// `dagdeck tasks list DAG_ID RUN_ID`: the task instances of one run (one row per map index), as a
// table or JSON (an array). The names are what `tasks clear|mark` take: TASK_ID, TASK_ID[N].
import type { Command } from 'commander';
import type { GlobalOptions } from './global-options.js';
import { addTokenOptions, type TokenOptions } from './token-options.js';

interface TasksListOptions extends TokenOptions {
  json?: boolean;
}

export function registerTasksListCommand(tasks: Command): void {
  addTokenOptions(
    tasks
      .command('list')
      .description('list the task instances of a run')
      .argument('<DAG_ID>', 'the DAG')
      .argument('<RUN_ID>', 'the run (see `dagdeck dags list-runs DAG_ID`)')
      .option('--json', 'print JSON (an array, one object per task instance)'),
  ).action(async (dagId: string, runId: string, options: TasksListOptions, command: Command) => {
    const global = command.optsWithGlobals<GlobalOptions>();
    await listTasks(dagId, runId, options, global);
  });
}

async function listTasks(
  dagId: string,
  runId: string,
  options: TasksListOptions,
  global: GlobalOptions,
): Promise<void> {
  const [{ withContextBackend }, { explainNotFound }] = await Promise.all([
    import('./list.js'),
    import('./explain-not-found.js'),
  ]);
  await withContextBackend('airflow', global.context, options, async (airflow, connected) => {
    const tasks = await explainNotFound(airflow, { context: connected.name, dagId, runId }, () =>
      airflow.listTasks(dagId, runId),
    );
    if (options.json) {
      const { printJson } = await import('./printJson.js');
      printJson(tasks);
      return;
    }
    if (tasks.length === 0) {
      process.stdout.write('no task instances\n');
      return;
    }
    const [{ renderTable }, { timeCell }, { formatDuration }] = await Promise.all([
      import('./table.js'),
      import('./time-cell.js'),
      import('../core/formatDuration.js'),
    ]);
    process.stdout.write(
      renderTable(
        ['TASK', 'STATE', 'TRY', 'STARTED', 'DURATION', 'OPERATOR'],
        tasks.map((task) => [
          task.mapIndex === undefined || task.mapIndex < 0 ? task.taskId : `${task.taskId}[${task.mapIndex}]`,
          task.rawState,
          String(task.tryNumber),
          timeCell(task.startedAt),
          formatDuration(task.durationMs),
          task.operator ?? '-',
        ]),
        { maxWidth: 80 },
      ),
    );
  });
}
