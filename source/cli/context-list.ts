// `dagdeck context list`: every context, the current one marked, with its endpoints and where each
// credential comes from (never the secret), as a table or --json.
import type { Command } from 'commander';
import type { CredentialRef } from '../config/schema.js';
import { openStore } from './open-store.js';
import { say } from './say.js';

export function registerContextListCommand(context: Command): void {
  context
    .command('list')
    .description('list the contexts (current marked with *), their endpoints and credential sources')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await contextList(options);
    });
}

/** What `context list` shows of a credential: its kind, and the program of a token command. */
function describeCredential(ref: CredentialRef): string {
  if (ref.kind === 'command') return `token command ${ref.argv[0] ?? ''}`.trim();
  if (ref.kind === 'insecure-file') return 'plaintext file (insecure storage)';
  return ref.kind;
}

async function contextList(options: { json?: boolean }): Promise<void> {
  const store = await openStore();
  const current = store.currentContextName();
  const entries = Object.entries(store.contexts()).sort(([a], [b]) => a.localeCompare(b));
  if (options.json) {
    const json = entries.map(([name, context]) => ({
      name,
      current: name === current,
      protection: context.protection,
      ...(context.airflow
        ? {
            airflow: {
              url: context.airflow.url,
              auth: context.airflow.auth,
              ...(context.airflow.username ? { username: context.airflow.username } : {}),
              credential: describeCredential(context.airflow.credential),
            },
          }
        : {}),
      ...(context.databricks
        ? {
            databricks: {
              host: context.databricks.host,
              auth: context.databricks.auth,
              ...(context.databricks.clientId ? { clientId: context.databricks.clientId } : {}),
              ...(context.databricks.profile ? { profile: context.databricks.profile } : {}),
              credential: describeCredential(context.databricks.credential),
            },
          }
        : {}),
      ...(context.timeouts ? { timeouts: context.timeouts } : {}),
      ...(context.maxListItems !== undefined ? { maxListItems: context.maxListItems } : {}),
      ...(context.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
    }));
    const { printJson } = await import('./printJson.js');
    printJson(json);
    return;
  }
  if (entries.length === 0) {
    say(`no contexts in ${store.path}; add one with \`dagdeck context add NAME --airflow-url URL\``);
    return;
  }
  const { renderTable } = await import('./table.js');
  const rows = entries.map(([name, context]) => [
    name === current ? '*' : '',
    name,
    context.protection,
    context.airflow
      ? `${context.airflow.url} (${context.airflow.auth}${context.airflow.username ? ` ${context.airflow.username}` : ''})`
      : '-',
    context.airflow ? describeCredential(context.airflow.credential) : '-',
    context.databricks ? `${context.databricks.host} (${context.databricks.auth})` : '-',
    context.databricks ? describeCredential(context.databricks.credential) : '-',
  ]);
  process.stdout.write(
    renderTable(
      [
        'CURRENT',
        'NAME',
        'PROTECTION',
        'AIRFLOW',
        'AIRFLOW CREDENTIAL',
        'DATABRICKS',
        'DATABRICKS CREDENTIAL',
      ],
      rows,
      { maxWidth: 80 },
    ),
  );
}
