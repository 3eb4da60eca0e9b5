// `dagdeck dags pause|unpause DAG_ID`: stop or restart the scheduling of a DAG through the one write
// flow (run-write.ts). A DAG already as asked is left alone (nothing sent, exit 0).
import type { Command } from 'commander';
import type { GlobalOptions } from './global-options.js';
import { addWriteOptions, type WriteOptions } from './write-options.js';

export function registerDagsPauseCommands(dags: Command): void {
  for (const paused of [true, false]) {
    addWriteOptions(
      dags
        .command(paused ? 'pause' : 'unpause')
        .description(
          paused
            ? 'pause a DAG: the scheduler creates no new runs; running tasks carry on'
            : 'unpause a DAG: the scheduler creates runs again',
        )
        .argument('<DAG_ID>', `the DAG to ${paused ? 'pause' : 'unpause'}`),
    ).action(async (dagId: string, options: WriteOptions, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      process.exitCode = await setPaused(dagId, paused, options, global);
    });
  }
}

async function setPaused(
  dagId: string,
  paused: boolean,
  options: WriteOptions,
  global: GlobalOptions,
): Promise<number> {
  const [{ runWrite }, { explainNotFound }] = await Promise.all([
    import('./run-write.js'),
    import('./explain-not-found.js'),
  ]);
  const step = {
    backend: 'airflow' as const,
    action: { kind: 'setPaused' as const, workflowId: dagId, paused },
  };
  return runWrite(
    { contextName: global.context, readOnlyFlag: global.readOnly === true, options },
    {
      draft: step,
      prepare: async (airflow, connected) => {
        const workflow = await explainNotFound(airflow, { context: connected.name, dagId }, () =>
          airflow.getWorkflow(dagId),
        );
        return workflow.paused === paused
          ? { step, nothingToDo: `${dagId} is already ${paused ? 'paused' : 'active'}: nothing to do` }
          : { step };
      },
    },
  );
}
