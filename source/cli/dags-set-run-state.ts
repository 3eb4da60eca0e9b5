// `dagdeck dags set-run-state DAG_ID RUN_ID --state success|failed|queued`: mark a run through the
// one write flow (run-write.ts). Success and failed also set its unfinished task instances (the
// preview lists them); queued hands the run back to the scheduler.
import { type Command, Option } from 'commander';
import type { Action } from '../core/actions.js';
import type { GlobalOptions } from './global-options.js';
import { addWaitOptions, type WaitOptions, type WriteOptions, waitInterval } from './write-options.js';

type RunState = Extract<Action, { kind: 'markRunState' }>['state'];

interface SetRunStateOptions extends WriteOptions, WaitOptions {
  state: RunState;
}

export function registerDagsSetRunStateCommand(dags: Command): void {
  addWaitOptions(
    dags
      .command('set-run-state')
      .description('mark a run success or failed (its unfinished tasks follow), or queue it again')
      .argument('<DAG_ID>', 'the DAG')
      .argument('<RUN_ID>', 'the run (see `dagdeck dags list-runs DAG_ID`)')
      .addOption(
        new Option('--state <state>', 'the new state')
          .choices(['success', 'failed', 'queued'])
          .makeOptionMandatory(),
      ),
  ).action(async (dagId: string, runId: string, options: SetRunStateOptions, command: Command) => {
    const global = command.optsWithGlobals<GlobalOptions>();
    process.exitCode = await setRunState(dagId, runId, options, global);
  });
}

async function setRunState(
  dagId: string,
  runId: string,
  options: SetRunStateOptions,
  global: GlobalOptions,
): Promise<number> {
  const [{ runWrite }, { explainNotFound }] = await Promise.all([
    import('./run-write.js'),
    import('./explain-not-found.js'),
  ]);
  const step = {
    backend: 'airflow' as const,
    action: { kind: 'markRunState' as const, workflowId: dagId, runId, state: options.state },
  };
  return runWrite(
    { contextName: global.context, readOnlyFlag: global.readOnly === true, options },
    {
      draft: step,
      prepare: async (airflow, connected) => {
        const run = await explainNotFound(airflow, { context: connected.name, dagId, runId }, () =>
          airflow.getRun(dagId, runId),
        );
        return run.rawState === options.state
          ? { step, nothingToDo: `run ${runId} of ${dagId} is already ${options.state}: nothing to do` }
          : { step };
      },
      ...waitInterval(options),
    },
  );
}
