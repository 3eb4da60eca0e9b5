// `dagdeck jobs list-runs [--job-id ID] [--active-only]`: the newest Databricks runs, of one job or
// of the whole workspace, newest first, as a table or JSON (an array of runs). The run ids are what
// `jobs cancel-run` and `jobs repair-run` take.
import { type Command, InvalidArgumentError } from 'commander';
import type { Run } from '../core/model.js';
import { databricksId } from './databricks-id.js';
import type { GlobalOptions } from './global-options.js';
import { addTokenOptions, type TokenOptions } from './token-options.js';

interface ListRunsOptions extends TokenOptions {
  jobId?: string;
  activeOnly?: boolean;
  limit: number;
  json?: boolean;
}

const positive = (value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError('expected a whole number >= 1.');
  return number;
};

export function registerJobsListRunsCommand(jobs: Command): void {
  addTokenOptions(
    jobs
      .command('list-runs')
      .description('list the newest Databricks runs (of one job with --job-id), newest first')
      .option('--job-id <id>', 'only the runs of this job', databricksId('job'))
      .option('--active-only', 'only runs that are queued, pending or running')
      .option('--limit <n>', 'how many of the newest runs to read (default 25)', positive, 25)
      .option('--json', 'print JSON (an array, one object per run)'),
  ).action(async (options: ListRunsOptions, command: Command) => {
    const global = command.optsWithGlobals<GlobalOptions>();
    await listRuns(options, global);
  });
}

async function listRuns(options: ListRunsOptions, global: GlobalOptions): Promise<void> {
  const [{ withContextBackend, warnSkipped }, { readJob }] = await Promise.all([
    import('./list.js'),
    import('./read-job.js'),
  ]);
  await withContextBackend('databricks', global.context, options, async (databricks, connected) => {
    const runOptions = { limit: options.limit, ...(options.activeOnly ? { activeOnly: true } : {}) };
    let runs: Run[];
    if (options.jobId !== undefined) {
      await readJob(databricks, connected.name, options.jobId);
      runs = await databricks.listRuns(options.jobId, runOptions);
    } else {
      runs = await databricks.listRecentRuns(runOptions);
    }
    await warnSkipped(runs);
    if (options.json) {
      const { printJson } = await import('./printJson.js');
      printJson(runs);
      return;
    }
    if (runs.length === 0) {
      process.stdout.write(options.activeOnly ? 'no active runs\n' : 'no runs\n');
      return;
    }
    const [{ renderTable }, { timeCell }, { formatDuration }] = await Promise.all([
      import('./table.js'),
      import('./time-cell.js'),
      import('../core/formatDuration.js'),
    ]);
    process.stdout.write(
      renderTable(
        ['RUN ID', 'JOB ID', 'NAME', 'STATE', 'TRIGGER', 'STARTED', 'DURATION'],
        runs.map((run) => [
          run.id,
          run.workflowId,
          run.name ?? '-',
          run.rawState,
          run.trigger ?? '-',
          timeCell(run.startedAt),
          formatDuration(run.durationMs),
        ]),
      ),
    );
  });
}
