// The default action of `dagdeck`: pick the context, connect its backends, run the full-screen
// console. Loaded lazily by program.ts, so nothing here weighs on `--version` or `--help`.
// `:ctx NAME` in the console exits it and this loop reopens it on the other context.
import type { ConsoleSession } from '../ui/consoleSession.js';
import type { ConsoleBackends } from '../ui/screens/ScreenProps.js';
import type { GlobalOptions } from './program.js';
import { type ConsoleContext, resolveConsoleContext } from './resolve-console-context.js';

/** Backends built from the embedded simulators for `--demo`. */
interface DemoBackends {
  backends: ConsoleBackends;
  credentialSources: { airflow?: string; databricks?: string };
  endpoints: { airflow: string; databricks: string };
  close(): Promise<void>;
}

/** The session's writes (the audit trail, the claims of confirmed triggers) and the editor port. */
async function consoleWrites(
  contextName: string,
  protection: ConsoleSession['protection'],
  readOnlyFlag: boolean,
  backends: ConsoleBackends,
  endpoints: { airflow?: string | undefined; databricks?: string | undefined },
): Promise<Pick<ConsoleSession, 'writes' | 'readAudit' | 'editText' | 'openUrl'>> {
  const [{ createWrites }, { createEditText }, { createOpenInBrowser }] = await Promise.all([
    import('../app/createConsoleWrites.js'),
    import('../app/editText.js'),
    import('../app/openInBrowser.js'),
  ]);
  const { flow, readAudit } = createWrites({
    contextName,
    protection,
    readOnlyFlag,
    backends,
    endpoints: {
      ...(endpoints.airflow ? { airflow: endpoints.airflow } : {}),
      ...(endpoints.databricks ? { databricks: endpoints.databricks } : {}),
    },
  });
  return { writes: flow, readAudit, editText: createEditText(), openUrl: createOpenInBrowser() };
}

/** Where a log pane saves a log: $DAGDECK_LOG_DIR, else the directory dagdeck was started in. */
function logDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DAGDECK_LOG_DIR || process.cwd();
}

export async function openConsole(options: GlobalOptions): Promise<number> {
  if (options.demo) {
    const demo = await connectDemo();
    try {
      const readOnly = options.readOnly === true;
      return await showConsole(options, {
        contextName: 'demo',
        protection: 'open',
        readOnly,
        demo: true,
        backends: demo.backends,
        credentialSources: demo.credentialSources,
        logDir: logDir(),
        ...(await consoleWrites('demo', 'open', readOnly, demo.backends, demo.endpoints)),
      });
    } finally {
      await demo.close();
    }
  }
  let target: ConsoleContext = resolveConsoleContext(options);
  const [{ connectContext }, { isCleartextRemote }, { openLastKnownStateFile }] = await Promise.all([
    import('./connect.js'),
    import('../config/insecureHttp.js'),
    import('../app/lastKnownStateFile.js'),
  ]);
  for (;;) {
    // Never prompt for a secret while ink owns the terminal: a missing credential shows in the
    // header with what to do (`dagdeck login`), instead of a prompt drawn under the console.
    const connected = await connectContext({ name: target.name, context: target.context }, { prompt: false });
    let switchTo: string | undefined;
    let code: number;
    try {
      const backends: ConsoleBackends = {
        ...(connected.airflow ? { airflow: connected.airflow } : {}),
        ...(connected.databricks ? { databricks: connected.databricks } : {}),
      };
      const session: ConsoleSession = {
        contextName: target.name,
        protection: target.context.protection,
        readOnly: target.readOnly,
        demo: false,
        backends,
        credentialSources: connected.sources,
        // Only reached with --allow-insecure-http (connect refuses it otherwise): show it.
        insecureHttp: [target.context.airflow?.url, target.context.databricks?.host].some(
          (url) => url !== undefined && isCleartextRemote(url),
        ),
        contextNames: Object.keys(target.store.contexts()),
        logDir: logDir(),
        ...(options.cache !== false && target.store.preferences().cache
          ? { lastKnown: openLastKnownStateFile({ contextName: target.name }) }
          : {}),
        ...(await consoleWrites(target.name, target.context.protection, options.readOnly === true, backends, {
          airflow: target.context.airflow?.url,
          databricks: target.context.databricks?.host,
        })),
      };
      code = await showConsole(options, session, (name) => {
        switchTo = name;
      });
    } finally {
      await connected.close();
    }
    if (switchTo === undefined || code !== 0) return code;
    target = resolveConsoleContext({ context: switchTo, readOnly: options.readOnly }, target.store);
  }
}

/** Runs the full-screen App on one session until it quits (or asks for another context). */
async function showConsole(
  options: GlobalOptions,
  session: ConsoleSession,
  onSwitchContext?: (name: string) => void,
): Promise<number> {
  const [{ runConsole }, { debugLog }, { App }] = await Promise.all([
    import('./run-console.js'),
    import('../core/debug-log.js'),
    import('../ui/App.js'),
  ]);
  return runConsole(<App session={session} {...(onSwitchContext ? { onSwitchContext } : {})} />, {
    altScreen: options.altScreen,
    onCrash: (error) => debugLog().error('console crashed', error),
  });
}

/**
 * The demo backends: both simulators on loopback (one virtual clock, cross-linked; source/sim/index.ts)
 * and real Airflow and Databricks backends talking HTTP to them, so `--demo` exercises the same
 * code as a real context. The simulators' credentials are generated per run and never leave here.
 */
async function connectDemo(): Promise<DemoBackends> {
  const [
    { startSimulators },
    { AIRFLOW_MAX_CONCURRENT_PER_HOST, AIRFLOW_REQUEST_BUDGET, createAirflowBackend },
    { createDatabricksBackend },
    { createHttpClient },
    { staticSecret },
  ] = await Promise.all([
    import('../sim/index.js'),
    import('../airflow/backend.js'),
    import('../databricks/backend.js'),
    import('../http/client.js'),
    import('../databricks/auth/staticSecret.js'),
  ]);
  const sims = await startSimulators();
  const airflowHttp = createHttpClient({
    requestBudgetPerHost: AIRFLOW_REQUEST_BUDGET,
    maxConcurrentPerHost: AIRFLOW_MAX_CONCURRENT_PER_HOST,
  });
  const http = createHttpClient();
  const credentialSources = { airflow: 'demo simulator', databricks: 'demo simulator' };
  return {
    backends: {
      airflow: createAirflowBackend({
        baseUrl: sims.airflow.url,
        http: airflowHttp,
        auth: {
          kind: 'password',
          username: sims.airflow.username,
          password: staticSecret(sims.airflow.password, credentialSources.airflow),
        },
        credentialSource: credentialSources.airflow,
      }),
      databricks: createDatabricksBackend({
        host: sims.databricks.url,
        http,
        auth: { kind: 'pat', token: staticSecret(sims.databricks.token, credentialSources.databricks) },
        credentialSource: credentialSources.databricks,
      }),
    },
    credentialSources,
    endpoints: { airflow: sims.airflow.url, databricks: sims.databricks.url },
    close: async () => {
      await Promise.all([airflowHttp.close(), http.close()]);
      await sims.close();
    },
  };
}
