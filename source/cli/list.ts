// `dagdeck dags list` and `dagdeck jobs list`: every DAG or job of a context,
// all pages merged by the backend, as JSON (--json, for scripts) or a plain table.
import type { Command } from 'commander';
import type { ConnectedContext } from '../app/connectContext.js';
import type { Backend } from '../core/backend.js';
import type { Workflow } from '../core/model.js';
import { addTokenOptions, explicitSecret, type TokenOptions } from './token-options.js';

interface ListOptions extends TokenOptions {
  json?: boolean;
  search?: string;
}

export function registerListCommands(program: Command): void {
  const dags = program.command('dags').description('Airflow DAGs of a context');
  addList(dags, 'airflow', 'list every DAG of the context (Airflow)');
  const jobs = program
    .command('jobs')
    .description('Databricks jobs of a context: list, list-runs, run-now, cancel, repair, pause');
  addList(jobs, 'databricks', 'list every job of the context (Databricks)');
}

function addList(parent: Command, backend: 'airflow' | 'databricks', description: string): void {
  addTokenOptions(
    parent
      .command('list')
      .description(description)
      .option('--json', 'print JSON (an array, one object per workflow)')
      .option('--search <text>', 'only those whose id or name contains this text'),
  ).action(async (options: ListOptions, command: Command) => {
    const global = command.optsWithGlobals<{ context?: string }>();
    await listWorkflows(backend, global.context, options);
  });
}

async function listWorkflows(
  backend: 'airflow' | 'databricks',
  contextName: string | undefined,
  options: ListOptions,
): Promise<void> {
  await withContextBackend(backend, contextName, options, async (client) => {
    const workflows = await client.listWorkflows(options.search ? { search: options.search } : {});
    await warnSkipped(workflows);
    if (options.json) {
      const { printJson } = await import('./printJson.js');
      printJson(workflows);
      return;
    }
    process.stdout.write(await workflowTable(backend, workflows));
  });
}

/**
 * One line on stderr when the server sent items that could not be read and were left out, so a
 * script sees the list is short and why (the exit code stays 0: the rest is complete and sound).
 */
export async function warnSkipped(list: readonly unknown[]): Promise<void> {
  const [{ skippedItemsOf }, { sanitizeName }] = await Promise.all([
    import('../core/skippedItems.js'),
    import('../core/sanitize.js'),
  ]);
  const note = skippedItemsOf(list);
  if (note) process.stderr.write(`dagdeck: warning: ${sanitizeName(note)}\n`);
}

/**
 * Connects one backend of a context (the explicit --token-* secret first in the chain), runs `use`
 * on it and closes the connection; a context without that backend is a ConfigError saying how to
 * add it. The one way the commands reach a backend (the writes also read the context's protection
 * and endpoint from `connected`).
 */
export async function withContextBackend(
  backend: 'airflow' | 'databricks',
  contextName: string | undefined,
  options: TokenOptions,
  use: (client: Backend, connected: ConnectedContext) => Promise<void>,
): Promise<void> {
  const [{ connectContext }, { ConfigError }] = await Promise.all([
    import('../app/connectContext.js'),
    import('../core/errors.js'),
  ]);
  const explicit = explicitSecret(options);
  const connected = await connectContext(contextName, { only: backend, ...(explicit ? { explicit } : {}) });
  try {
    const client = connected[backend];
    if (!client) {
      throw new ConfigError(
        `context "${connected.name}" has no ${backend === 'airflow' ? 'Airflow endpoint' : 'Databricks workspace'}: add one with \`dagdeck context add ${connected.name} ${backend === 'airflow' ? '--airflow-url URL' : '--databricks-host HOST'}\``,
      );
    }
    await use(client, connected);
  } finally {
    await connected.close();
  }
}

async function workflowTable(backend: 'airflow' | 'databricks', workflows: Workflow[]): Promise<string> {
  const { renderTable } = await import('./table.js');
  if (workflows.length === 0) return backend === 'airflow' ? 'no DAGs\n' : 'no jobs\n';
  if (backend === 'airflow') {
    return renderTable(
      ['DAG ID', 'PAUSED', 'SCHEDULE', 'TAGS', 'OWNERS', 'IMPORT ERRORS'],
      workflows.map((workflow) => [
        workflow.id,
        workflow.paused === undefined ? '-' : workflow.paused ? 'yes' : 'no',
        workflow.schedule ?? '-',
        workflow.tags.join(',') || '-',
        workflow.owners.join(',') || '-',
        workflow.hasImportErrors ? 'yes' : '',
      ]),
    );
  }
  return renderTable(
    ['JOB ID', 'NAME', 'PAUSED', 'SCHEDULE', 'TAGS'],
    workflows.map((workflow) => [
      workflow.id,
      workflow.name,
      workflow.paused === undefined ? '-' : workflow.paused ? 'yes' : 'no',
      workflow.schedule ?? '-',
      workflow.tags.join(',') || '-',
    ]),
  );
}
