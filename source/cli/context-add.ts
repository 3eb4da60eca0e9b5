// `dagdeck context add NAME`: an Airflow deployment and/or a Databricks workspace, how to reach
// them and where their credentials come from (never the secret itself). The option names are a
// contract. Only commander is loaded eagerly; conf loads inside the action.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { isCleartextRemote } from '../config/insecureHttp.js';
import type { ContextInput, CredentialRef } from '../config/schema.js';
import { DURATION_FORMS, MAX_LIST_ITEMS, MIN_LIST_ITEMS, parseDurationMs } from '../config/timeouts.js';
import { openStore } from './open-store.js';
import { say } from './say.js';
import { envNamesOption } from './token-options.js';

interface AddOptions {
  airflowUrl?: string;
  airflowUser?: string;
  airflowAuth?: 'password' | 'token';
  databricksHost?: string;
  databricksAuth?: 'pat' | 'oauth-m2m' | 'profile' | 'cli';
  databricksClientId?: string;
  databricksProfile?: string;
  protection?: 'open' | 'protected' | 'read-only';
  tokenCommand?: string;
  tokenCommandEnv?: string[];
  caFile?: string;
  /** In milliseconds, already parsed and bounded by durationOption. */
  connectTimeout?: number;
  headersTimeout?: number;
  bodyTimeout?: number;
  requestTimeout?: number;
  listTimeout?: number;
  maxListItems?: number;
  allowInsecureHttp?: boolean;
  use?: boolean;
}

/** Parses `10s`, `1500ms`, `2m` or plain seconds; a bad value is a commander parse error (exit 2). */
function durationOption(value: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined) throw new InvalidArgumentError(`expected ${DURATION_FORMS}.`);
  return ms;
}

/** A whole number of items within the bounds; a bad value is a commander parse error (exit 2). */
function itemsOption(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < MIN_LIST_ITEMS || n > MAX_LIST_ITEMS) {
    throw new InvalidArgumentError(`expected a whole number from ${MIN_LIST_ITEMS} to ${MAX_LIST_ITEMS}.`);
  }
  return n;
}

export function registerContextAddCommand(context: Command): void {
  context
    .command('add')
    .description(
      'add or replace a context (no secret is stored here: use `dagdeck login` or a token command)',
    )
    .argument('<name>', 'the context name')
    .option('--airflow-url <url>', 'the Airflow web server URL')
    .option('--airflow-user <user>', 'the Airflow user (password auth)')
    .addOption(
      new Option('--airflow-auth <kind>', 'password (Basic / JWT) or token (static bearer)').choices([
        'password',
        'token',
      ]),
    )
    .option('--databricks-host <host>', 'the Databricks workspace URL')
    .addOption(
      new Option('--databricks-auth <kind>', 'how to authenticate to Databricks (default: inferred)').choices(
        ['pat', 'oauth-m2m', 'profile', 'cli'],
      ),
    )
    .option('--databricks-client-id <id>', 'service principal client id (OAuth M2M)')
    .option('--databricks-profile <profile>', 'a ~/.databrickscfg profile')
    .addOption(
      new Option('--protection <level>', 'open, protected (typed confirmations) or read-only').choices([
        'open',
        'protected',
        'read-only',
      ]),
    )
    .option(
      '--token-command <argv>',
      'a command printing the secret (run without a shell), for Airflow, or for Databricks when there is no Airflow URL',
    )
    .option(
      '--token-command-env <names>',
      'environment variables the token command needs besides PATH, HOME and the locale, e.g. VAULT_ADDR,VAULT_NAMESPACE',
      envNamesOption,
    )
    .option('--ca-file <path>', 'a PEM file of extra CA certificates for both endpoints')
    .option(
      '--allow-insecure-http',
      'allow http:// to a host that is not loopback (credentials cross the network in clear; shown as a badge)',
    )
    .option('--connect-timeout <duration>', 'HTTP connect timeout, e.g. 5s (default 10s)', durationOption)
    .option(
      '--headers-timeout <duration>',
      'HTTP timeout until the response headers, e.g. 30s (default 15s)',
      durationOption,
    )
    .option(
      '--body-timeout <duration>',
      'HTTP timeout between two response body chunks, e.g. 1m (default 30s)',
      durationOption,
    )
    .option(
      '--request-timeout <duration>',
      'overall deadline of one HTTP request, retries included, e.g. 2m (default 60s)',
      durationOption,
    )
    .option(
      '--list-timeout <duration>',
      'overall deadline of one whole list (every page), e.g. 5m (default 2m)',
      durationOption,
    )
    .option(
      '--max-list-items <n>',
      'the most items one list may have; a server announcing more is refused (default 200000)',
      itemsOption,
    )
    .option('--use', 'make it the current context')
    .action(async (name: string, options: AddOptions, command: Command) => {
      if (!options.airflowUrl && !options.databricksHost) {
        command.error('dagdeck: context add needs --airflow-url URL, --databricks-host HOST, or both', {
          exitCode: 2,
        });
      }
      const cleartext = [options.airflowUrl, options.databricksHost].find(
        (url) => url !== undefined && isCleartextRemote(url),
      );
      if (cleartext !== undefined && !options.allowInsecureHttp) {
        command.error(
          `dagdeck: ${cleartext} is plain http to a remote host: a password or token would cross the network in clear; use https://, or add --allow-insecure-http if this network is trusted`,
          { exitCode: 2 },
        );
      }
      await contextAdd(name, options);
    });
}

async function contextAdd(name: string, options: AddOptions): Promise<void> {
  const { splitArgv } = await import('../credentials/splitArgv.js');
  const store = await openStore();
  const commandRef: CredentialRef | undefined = options.tokenCommand
    ? {
        kind: 'command',
        argv: splitArgv(options.tokenCommand),
        ...(options.tokenCommandEnv ? { env: options.tokenCommandEnv } : {}),
      }
    : undefined;
  const input: ContextInput = {};
  if (options.protection) input.protection = options.protection;
  if (options.airflowUrl) {
    const airflowAuth = options.airflowAuth ?? (options.airflowUser ? 'password' : undefined);
    input.airflow = {
      url: options.airflowUrl,
      ...(airflowAuth ? { auth: airflowAuth } : {}),
      ...(options.airflowUser ? { username: options.airflowUser } : {}),
      ...(options.caFile ? { caFile: options.caFile } : {}),
      ...(commandRef ? { credential: commandRef } : {}),
    };
  }
  if (options.databricksHost) {
    const { normalizeHost } = await import('../databricks/auth/normalizeHost.js');
    const auth =
      options.databricksAuth ??
      (options.databricksClientId ? 'oauth-m2m' : options.databricksProfile ? 'profile' : 'pat');
    input.databricks = {
      host: normalizeHost(options.databricksHost),
      auth,
      ...(options.databricksClientId ? { clientId: options.databricksClientId } : {}),
      ...(options.databricksProfile ? { profile: options.databricksProfile } : {}),
      ...(options.caFile ? { caFile: options.caFile } : {}),
      ...(commandRef && !options.airflowUrl ? { credential: commandRef } : {}),
    };
  }
  // Only the timeouts given: an absent one keeps the HTTP client's default (connect.ts).
  const timeouts = {
    ...(options.connectTimeout !== undefined ? { connectMs: options.connectTimeout } : {}),
    ...(options.headersTimeout !== undefined ? { headersMs: options.headersTimeout } : {}),
    ...(options.bodyTimeout !== undefined ? { bodyMs: options.bodyTimeout } : {}),
    ...(options.requestTimeout !== undefined ? { requestMs: options.requestTimeout } : {}),
    ...(options.listTimeout !== undefined ? { listMs: options.listTimeout } : {}),
  };
  if (Object.keys(timeouts).length > 0) input.timeouts = timeouts;
  if (options.maxListItems !== undefined) input.maxListItems = options.maxListItems;
  if (options.allowInsecureHttp) input.allowInsecureHttp = true;
  const existed = store.context(name) !== undefined;
  store.upsertContext(name, input);
  if (options.use || store.currentContextName() === undefined) {
    // biome-ignore lint/correctness/useHookAtTopLevel: ConfigStore.useContext is not a React hook.
    store.useContext(name);
  }
  const current = store.currentContextName() === name ? ' (current)' : '';
  say(`${existed ? 'replaced' : 'added'} context ${name}${current} in ${store.path}`);
  // The keychain is the default source: say how to fill it (a profile or the CLI needs nothing).
  const needsSecret =
    (input.airflow !== undefined && input.airflow.credential === undefined) ||
    (input.databricks !== undefined &&
      input.databricks.credential === undefined &&
      (input.databricks.auth === 'pat' || input.databricks.auth === 'oauth-m2m'));
  if (needsSecret)
    say(
      `next: \`dagdeck login --context ${name}\` stores its credential, \`dagdeck context test ${name}\` checks it`,
    );
}
