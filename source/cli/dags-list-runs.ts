// `dagdeck dags list-runs DAG_ID [--state S]`: the newest runs of a DAG, newest first, as a table or
// JSON (an array of runs). The run ids are what `tasks list|clear|mark` and `dags set-run-state` take.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { STATES, type State } from '../core/model.js';
import type { GlobalOptions } from './global-options.js';
import { addTokenOptions, type TokenOptions } from './token-options.js';

interface ListRunsOptions extends TokenOptions {
  state?: State;
  limit: number;
  json?: boolean;
}

const positive = (value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError('expected a whole number >= 1.');
  return number;
};

export function registerDagsListRunsCommand(dags: Command): void {
  addTokenOptions(
    dags
      .command('list-runs')
      .description('list the newest runs of a DAG, newest first')
      .argument('<DAG_ID>', 'the DAG')
      .addOption(new Option('--state <state>', 'only runs in this state').choices([...STATES]))
      .option('--limit <n>', 'how many of the newest runs to read (default 100)', positive, 100)
      .option('--json', 'print JSON (an array, one object per run)'),
  ).action(async (dagId: string, options: ListRunsOptions, command: Command) => {
    const global = command.optsWithGlobals<GlobalOptions>();
    await listRuns(dagId, options, global);
  });
}

async function listRuns(dagId: string, options: ListRunsOptions, global: GlobalOptions): Promise<void> {
  const [{ withContextBackend }, { explainNotFound }] = await Promise.all([
    import('./list.js'),
    import('./explain-not-found.js'),
  ]);
  await withContextBackend('airflow', global.context, options, async (airflow, connected) => {
    const runs = (
      await explainNotFound(airflow, { context: connected.name, dagId }, () =>
        airflow.listRuns(dagId, { limit: options.limit }),
      )
    ).filter((run) => options.state === undefined || run.state === options.state);
    if (options.json) {
      const { printJson } = await import('./printJson.js');
      printJson(runs);
      return;
    }
    if (runs.length === 0) {
      process.stdout.write(options.state ? `no ${options.state} runs\n` : 'no runs\n');
      return;
    }
    const [{ renderTable }, { timeCell }, { formatDuration }] = await Promise.all([
      import('./table.js'),
      import('./time-cell.js'),
      import('../core/formatDuration.js'),
    ]);
    process.stdout.write(
      renderTable(
        ['RUN ID', 'STATE', 'TYPE', 'LOGICAL DATE', 'STARTED', 'DURATION'],
        runs.map((run) => [
          run.id,
          run.rawState,
          run.trigger ?? '-',
          run.logicalDate ? timeCell(run.logicalDate) : '-',
          timeCell(run.startedAt),
          formatDuration(run.durationMs),
        ]),
        { maxWidth: 80 },
      ),
    );
  });
}
