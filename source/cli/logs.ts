// `dagdeck logs DAG_ID RUN_ID TASK_ID`: an Airflow task's log on stdout (printLog), the current
// try by default, or --try N; --map-index for one index of a mapped task. --follow keeps reading
// until the task finishes, through its retries and through a server that drops out for a while,
// and exits 0 when the task succeeded, 1 when it failed. A DAG, run, task or try that does not
// exist gets one line that says which, and what there is instead.
import { type Command, InvalidArgumentError } from 'commander';
import type { Backend } from '../core/backend.js';
import type { LogRef, TaskInstance } from '../core/model.js';
import { withContextBackend } from './list.js';
import { addTokenOptions, type TokenOptions } from './token-options.js';

interface LogsOptions extends TokenOptions {
  try?: number;
  mapIndex?: number;
  follow?: boolean;
  json?: boolean;
}

const atLeast = (minimum: number) => (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum) {
    throw new InvalidArgumentError(`expected a whole number >= ${minimum}`);
  }
  return number;
};

export function registerLogsCommand(program: Command): void {
  addTokenOptions(
    program
      .command('logs')
      .description("print an Airflow task's log (the current try unless --try)")
      .argument('<dag_id>')
      .argument('<run_id>')
      .argument('<task_id>')
      .option('--try <n>', 'this try only (1 is the first)', atLeast(1))
      .option('--map-index <i>', 'this index of a mapped task', atLeast(0))
      .option('-f, --follow', 'keep printing until the task finishes; exit 0 if it succeeded, 1 if it failed')
      .option('--json', 'one JSON object per line: try, timestamp, level, source, text'),
  ).action(async (dagId: string, runId: string, taskId: string, options: LogsOptions, command: Command) => {
    const global = command.optsWithGlobals<{ context?: string }>();
    await withContextBackend('airflow', global.context, options, async (airflow) => {
      process.exitCode = await printTaskLog(airflow, { dagId, runId, taskId }, options);
    });
  });
}

async function printTaskLog(
  airflow: Backend,
  target: { dagId: string; runId: string; taskId: string },
  options: LogsOptions,
): Promise<number> {
  const [{ printLog, exitCodeForTaskState }, { NotFound }] = await Promise.all([
    import('./printLog.js'),
    import('../core/errors.js'),
  ]);
  const ref: LogRef = {
    backend: 'airflow',
    workflowId: target.dagId,
    runId: target.runId,
    taskId: target.taskId,
    ...(options.mapIndex !== undefined ? { mapIndex: options.mapIndex } : {}),
    ...(options.try !== undefined ? { tryNumber: options.try } : {}),
  };
  const stop = new AbortController();
  let printed: Awaited<ReturnType<typeof printLog>>;
  try {
    printed = await printLog(
      airflow.followLog(ref, { follow: options.follow ?? false, signal: stop.signal }),
      {
        json: options.json ?? false,
        stop,
      },
    );
  } catch (error) {
    if (error instanceof NotFound) throw await explainMissing(airflow, ref, error);
    throw error;
  }
  if (printed.closed) return 0;
  if (printed.lines === 0 && printed.state !== undefined && !printed.done) {
    process.stderr.write(
      `dagdeck: ${ref.taskId} has no log yet (it is ${printed.state}): add --follow to wait for it\n`,
    );
  } else if (printed.lines === 0 && printed.done) {
    process.stderr.write(
      `dagdeck: ${ref.taskId} wrote no log (it ended ${printed.state ?? 'without a state'})\n`,
    );
  }
  return options.follow ? exitCodeForTaskState(printed.state) : 0;
}

/** Which part of the reference is missing, in one line, with what exists instead. */
async function explainMissing(airflow: Backend, ref: LogRef, error: Error): Promise<Error> {
  const [{ NotFound, errorLine }, { sanitizeName }] = await Promise.all([
    import('../core/errors.js'),
    import('../core/sanitize.js'),
  ]);
  const name = (text: string) => sanitizeName(text);
  // A try that does not exist already says which tries do.
  if (/has no try/.test(error.message)) return error;
  try {
    await airflow.getWorkflow(ref.workflowId);
  } catch (missing) {
    if (!(missing instanceof NotFound)) return error;
    return new NotFound(`there is no DAG ${name(ref.workflowId)}: list the DAGs with \`dagdeck dags list\``);
  }
  let tasks: TaskInstance[];
  try {
    tasks = await airflow.listTasks(ref.workflowId, ref.runId);
  } catch (missing) {
    if (!(missing instanceof NotFound)) return error;
    const recent = (await airflow.listRuns(ref.workflowId, { limit: 3 }).catch(() => []))
      .map((run) => name(run.id))
      .join(', ');
    return new NotFound(
      `DAG ${name(ref.workflowId)} has no run ${name(ref.runId)}${recent ? `; its latest: ${recent}` : ''}`,
    );
  }
  const same = tasks.filter((task) => task.taskId === ref.taskId);
  if (same.length === 0) {
    const ids = [...new Set(tasks.map((task) => name(task.taskId)))];
    return new NotFound(
      `run ${name(ref.runId)} of DAG ${name(ref.workflowId)} has no task ${name(ref.taskId)}; its tasks: ${ids.join(', ') || 'none'}`,
    );
  }
  const indexes = same.map((task) => task.mapIndex).filter((index) => index !== undefined);
  if (indexes.length > 0 && (ref.mapIndex === undefined || !indexes.includes(ref.mapIndex))) {
    return new NotFound(
      `task ${name(ref.taskId)} is mapped: pass --map-index with one of ${Math.min(...indexes)}-${Math.max(...indexes)}`,
    );
  }
  return new NotFound(errorLine(error));
}
