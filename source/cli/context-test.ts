// `dagdeck context test [NAME]`: connects the context and probes each backend: reachable,
// authenticated, server version, and which credential source won. Exits with the code of the first
// failure (auth 4, unreachable 5...), so a script can tell why.
import type { Command } from 'commander';
import type { BackendInfo } from '../core/model.js';
import { openStore } from './open-store.js';
import { addTokenOptions, explicitSecret, type TokenOptions } from './token-options.js';

export function registerContextTestCommand(context: Command): void {
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
