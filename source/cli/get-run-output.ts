// `dagdeck jobs get-run-output RUN_ID`, named as in the Databricks CLI: a task run's output on
// stdout (printLog): its stdout/stderr, then its error and trace or its notebook's exit value.
// RUN_ID may be a task run id (as the Databricks CLI takes) or the job run's id from the run page,
// with --task KEY when the run has several tasks. --follow re-reads the output until the task
// ends (and moves on to its retries), then exits 0 when it succeeded, 1 when it failed.
import type { Command } from 'commander';
import type { Backend } from '../core/backend.js';
import type { LogRef, TaskInstance } from '../core/model.js';
import { withContextBackend } from './list.js';
import { addTokenOptions, type TokenOptions } from './token-options.js';

interface GetRunOutputOptions extends TokenOptions {
  task?: string;
  follow?: boolean;
  json?: boolean;
}

/** Adds `get-run-output` to the `jobs` command (made by registerListCommands, list.ts). */
export function registerGetRunOutputCommand(jobs: Command): void {
  addTokenOptions(
    jobs
      .command('get-run-output')
      .description("print a Databricks task run's output: stdout, then its error or result")
      .argument('<run_id>', 'a task run id, or a job run id (with --task when it has several tasks)')
      .option('--task <key>', 'the task of a job run to print')
      .option('-f, --follow', 'keep printing until the task ends; exit 0 if it succeeded, 1 if it failed')
      .option('--json', 'one JSON object per line: try, level, text'),
  ).action(async (runId: string, options: GetRunOutputOptions, command: Command) => {
    const global = command.optsWithGlobals<{ context?: string }>();
    await withContextBackend('databricks', global.context, options, async (databricks) => {
      process.exitCode = await printRunOutput(databricks, runId, options);
    });
  });
}

async function printRunOutput(
  databricks: Backend,
  runId: string,
  options: GetRunOutputOptions,
): Promise<number> {
  const [{ printLog, exitCodeForTaskState }, { sanitizeName }] = await Promise.all([
    import('./printLog.js'),
    import('../core/sanitize.js'),
  ]);
  const task = await pickTask(databricks, runId, options.task);
  // A task run id names one attempt; a job run's task is followed through its retries.
  const asTaskRun = task.taskRunId === runId && task.runId === runId;
  const ref: LogRef = {
    backend: 'databricks',
    workflowId: task.workflowId,
    runId,
    taskId: task.taskId,
    ...(asTaskRun ? { taskRunId: runId } : {}),
  };
  const stop = new AbortController();
  const printed = await printLog(
    databricks.followLog(ref, { follow: options.follow ?? false, signal: stop.signal }),
    {
      json: options.json ?? false,
      stop,
    },
  );
  if (printed.closed) return 0;
  if (printed.lines === 0) {
    const what = `task ${sanitizeName(task.taskId)} of run ${sanitizeName(runId)}`;
    const notebook = task.operator === 'notebook' ? "; a notebook's output is only on its run page" : '';
    const open = task.url ? `: open ${sanitizeName(task.url)}` : '';
    process.stderr.write(
      printed.done
        ? `dagdeck: ${what} printed nothing (it ended ${printed.state ?? 'without a state'})${notebook}${open}\n`
        : `dagdeck: ${what} has no output yet (it is ${printed.state ?? 'not started'}): add --follow to wait for it\n`,
    );
  }
  return options.follow ? exitCodeForTaskState(printed.state) : 0;
}

/** The task whose output to print: the run itself when it is a task run, else --task or its only task. */
async function pickTask(databricks: Backend, runId: string, key: string | undefined): Promise<TaskInstance> {
  const [{ NotFound, InvalidRequest }, { sanitizeName }] = await Promise.all([
    import('../core/errors.js'),
    import('../core/sanitize.js'),
  ]);
  if (!/^\d+$/.test(runId)) {
    throw new InvalidRequest(
      `"${sanitizeName(runId)}" is not a Databricks run id: it is a number, as in the run page URL`,
    );
  }
  let tasks: TaskInstance[];
  try {
    tasks = await databricks.listTasks('', runId);
  } catch (error) {
    if (!(error instanceof NotFound)) throw error;
    throw new NotFound(
      `Databricks has no run ${runId}: check the id in the run page URL (runs are kept 60 days)`,
    );
  }
  const keys = tasks.map((task) => sanitizeName(task.taskId));
  if (key !== undefined) {
    const found = tasks.find((task) => task.taskId === key);
    if (found) return found;
    throw new NotFound(
      `run ${runId} has no task ${sanitizeName(key)}; its tasks: ${keys.join(', ') || 'none'}`,
    );
  }
  const only = tasks.length === 1 ? tasks[0] : undefined;
  if (only) return only;
  if (tasks.length === 0) throw new NotFound(`run ${runId} has no tasks yet: try again once it has started`);
  const failed = tasks.filter((task) => task.state === 'failed').map((task) => sanitizeName(task.taskId));
  throw new InvalidRequest(
    `run ${runId} has ${tasks.length} tasks (${keys.join(', ')}): pass --task KEY${failed.length > 0 ? ` (failed: ${failed.join(', ')})` : ''}`,
  );
}
