// `dagdeck context add|list|use|remove|test` (issue 4 "Commands"; the option names are a contract).
// Only commander is loaded eagerly; conf, the clients and the keychain load inside the actions.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { isCleartextRemote } from '../config/insecureHttp.js';
import type { ContextInput, CredentialRef } from '../config/schema.js';
import type { ConfigStore } from '../config/store.js';
import { DURATION_FORMS, MAX_LIST_ITEMS, MIN_LIST_ITEMS, parseDurationMs } from '../config/timeouts.js';
import type { BackendInfo } from '../core/model.js';
import { addTokenOptions, envNamesOption, explicitSecret, type TokenOptions } from './token-options.js';

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

interface RemoveOptions {
  deleteSecrets?: boolean;
  keepSecrets?: boolean;
}

export function registerContextCommands(program: Command): void {
  const context = program
    .command('context')
    .description(
      'manage contexts: an Airflow deployment and/or a Databricks workspace, and their credentials',
    );

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

  context
    .command('list')
    .description('list the contexts (current marked with *), their endpoints and credential sources')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await contextList(options);
    });

  context
    .command('use')
    .description('make a context the current one')
    .argument('<name>', 'the context name')
    .action(async (name: string) => {
      await contextUse(name);
    });

  context
    .command('remove')
    .description('remove a context; on a terminal, offers to delete its keychain entries')
    .argument('<name>', 'the context name')
    .option('--delete-secrets', 'also delete its keychain entries and plaintext secret files, without asking')
    .option('--keep-secrets', 'keep its keychain entries, without asking')
    .action(async (name: string, options: RemoveOptions) => {
      await contextRemove(name, options);
    });

  // --token-stdin / --token-file go to the only backend, else to Airflow (connectContext), so the
  // report can show step 1 of the chain winning, or failing, like any other source.
  addTokenOptions(
    context
      .command('test')
      .description('check each backend: reachable, authenticated, server version, credential source')
      .argument('[name]', 'the context (default: --context, else the current one)')
      .option('--json', 'print JSON'),
  ).action(async (name: string | undefined, options: TestOptions, command: Command) => {
    const global = command.optsWithGlobals<{ context?: string }>();
    process.exitCode = await contextTest(name ?? global.context, options);
  });
}

async function openStore(): Promise<ConfigStore> {
  const { openConfigStore } = await import('../config/store.js');
  const store = openConfigStore();
  if (store.problem) throw store.problem;
  return store;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
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

async function contextUse(name: string): Promise<void> {
  const store = await openStore();
  // biome-ignore lint/correctness/useHookAtTopLevel: ConfigStore.useContext is not a React hook.
  store.useContext(name);
  say(`current context is now ${name}`);
}

async function askYesNo(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

async function contextRemove(name: string, options: RemoveOptions): Promise<void> {
  const store = await openStore();
  const context = store.context(name);
  store.removeContext(name);
  say(`removed context ${name}`);
  if (!context || options.keepSecrets) return;
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  const remove =
    options.deleteSecrets === true ||
    (interactive && (await askYesNo(`Delete the keychain entries of ${name} too? [y/N] `)));
  if (!remove) {
    if (!options.deleteSecrets)
      say(
        `its keychain entries were kept; delete them with \`dagdeck context remove\` --delete-secrets next time, or your keychain tool (service dagdeck, account ${name}/...)`,
      );
    return;
  }
  const [{ createKeychainStore }, { keychainAccount }, { deleteInsecureSecret }, { errorLine }] =
    await Promise.all([
      import('../credentials/keychain.js'),
      import('../credentials/secretStore.js'),
      import('../credentials/insecureFile.js'),
      import('../core/errors.js'),
    ]);
  const keychain = createKeychainStore();
  for (const backend of ['airflow', 'databricks'] as const) {
    const endpoint = context[backend];
    if (!endpoint) continue;
    if (endpoint.credential.kind === 'insecure-file') {
      await deleteInsecureSecret(endpoint.credential.path);
      say(`deleted the plaintext secret file ${endpoint.credential.path}`);
    }
    try {
      const deleted = await keychain.delete(keychainAccount(name, backend));
      say(deleted ? `deleted keychain entry ${name}/${backend}` : `no keychain entry ${name}/${backend}`);
    } catch (error) {
      process.stderr.write(
        `dagdeck: could not delete keychain entry ${name}/${backend}: ${errorLine(error)}\n`,
      );
    }
  }
}

interface TestLine {
  backend: 'airflow' | 'databricks';
  endpoint: string;
  ok: boolean;
  reachable: boolean | null;
  authenticated: boolean | null;
  version?: string;
  apiVersion?: string;
  identity?: string;
  healthy?: boolean;
  credentialSource?: string;
  error?: string;
}

interface TestOptions extends TokenOptions {
  json?: boolean;
}

async function contextTest(name: string | undefined, options: TestOptions): Promise<number> {
  const [{ connectContext, loadContext }, errors, { exitCodeForError, ExitCode }] = await Promise.all([
    import('../app/connectContext.js'),
    import('../core/errors.js'),
    import('../app/exitCodes.js'),
  ]);
  const store = await openStore();
  const target = loadContext(name, store);
  const explicit = explicitSecret(options);
  const connected = await connectContext(target, explicit ? { explicit } : {});
  const lines: TestLine[] = [];
  let exitCode: number = ExitCode.ok;
  try {
    for (const backend of ['airflow', 'databricks'] as const) {
      const client = connected[backend];
      if (!client) continue;
      const endpoint =
        backend === 'airflow' ? (target.context.airflow?.url ?? '') : (target.context.databricks?.host ?? '');
      try {
        const info: BackendInfo = await client.probe(AbortSignal.timeout(30_000));
        lines.push({
          backend,
          endpoint: info.endpoint || endpoint,
          ok: true,
          reachable: true,
          authenticated: true,
          ...(info.version ? { version: info.version } : {}),
          ...(info.apiVersion ? { apiVersion: info.apiVersion } : {}),
          ...(info.identity ? { identity: info.identity } : {}),
          ...(info.healthy !== undefined ? { healthy: info.healthy } : {}),
          credentialSource: connected.sources[backend] ?? info.credentialSource ?? 'unknown',
        });
      } catch (error) {
        // A 5xx is a server that answered (badly): reachable, unlike a refused connection or a timeout.
        const answered = error instanceof errors.DagdeckError && error.status !== undefined;
        const unreachable =
          !answered && (error instanceof errors.Unavailable || error instanceof errors.Timeout);
        const rejected = error instanceof errors.AuthError || error instanceof errors.Forbidden;
        const source = connected.sources[backend];
        // A server that refused the login still tells its version (no login needed for that).
        const server = unreachable
          ? undefined
          : await client.serverInfo(AbortSignal.timeout(10_000)).catch(() => undefined);
        lines.push({
          backend,
          endpoint,
          ok: false,
          reachable: unreachable ? false : rejected || server?.version ? true : null,
          authenticated: rejected ? false : null,
          ...(server?.version ? { version: server.version } : {}),
          ...(server?.apiVersion ? { apiVersion: server.apiVersion } : {}),
          ...(server?.healthy !== undefined ? { healthy: server.healthy } : {}),
          ...(source ? { credentialSource: source } : {}),
          error: errors.errorLine(error),
        });
        if (exitCode === ExitCode.ok) exitCode = exitCodeForError(error);
      }
    }
  } finally {
    await connected.close();
  }
  if (options.json) {
    const { printJson } = await import('./printJson.js');
    printJson({ context: target.name, ok: exitCode === ExitCode.ok, backends: lines });
    return exitCode;
  }
  const { renderTable } = await import('./table.js');
  const yesNo = (value: boolean | null) => (value === null ? '?' : value ? 'yes' : 'no');
  process.stdout.write(
    renderTable(
      ['BACKEND', 'ENDPOINT', 'REACHABLE', 'AUTHENTICATED', 'VERSION', 'CREDENTIAL', 'RESULT'],
      lines.map((line) => [
        line.backend,
        line.endpoint,
        yesNo(line.reachable),
        yesNo(line.authenticated),
        [line.version, line.apiVersion ? `(API ${line.apiVersion})` : ''].filter(Boolean).join(' ') || '-',
        line.credentialSource ?? '-',
        line.ok ? `ok${line.identity ? ` as ${line.identity}` : ''}` : (line.error ?? 'failed'),
      ]),
      { maxWidth: 200 },
    ),
  );
  return exitCode;
}
