// The default action of `dagdeck`: connect the context (or the demo), build the console session,
// run the full-screen console until it quits. Loaded lazily, so nothing here weighs on `--version`
// or `--help`. `:ctx NAME` in the console exits it and this loop reopens it on the other context.
import type { Preferences } from '../config/schema.js';
import type { ConsoleBackends } from '../core/consoleBackends.js';
import type { ConsoleSetup } from '../ui/consoleSetup.js';
import type { ConnectedContext } from './connectContext.js';
import { type ConsoleContext, resolveConsoleContext } from './resolveConsoleContext.js';

/** What the console takes from the command line. */
export interface ConsoleOptions {
  demo?: boolean | undefined;
  context?: string | undefined;
  readOnly?: boolean | undefined;
  /** False with --no-alt-screen. */
  altScreen: boolean;
  /** False with --no-cache. */
  cache?: boolean | undefined;
}

/** Resolves with the process exit code once the console has quit. */
export async function openConsole(options: ConsoleOptions): Promise<number> {
  const readOnlyFlag = options.readOnly === true;
  if (options.demo) {
    const { connectDemo } = await import('./connectDemo.js');
    const connected = await connectDemo();
    try {
      // The demo reads no config file (and creates none): the preferences' defaults.
      const { Preferences } = await import('../config/schema.js');
      return await showConsole(
        options,
        await sessionFor(connected, { demo: true, readOnly: readOnlyFlag, readOnlyFlag }),
        Preferences.parse({}),
      );
    } finally {
      await connected.close();
    }
  }
  let target: ConsoleContext = resolveConsoleContext(options);
  const [{ connectContext }, { openLastKnownStateFile }] = await Promise.all([
    import('./connectContext.js'),
    import('./lastKnownStateFile.js'),
  ]);
  for (;;) {
    // Never prompt for a secret while ink owns the terminal: a missing credential shows in the
    // header with what to do (`dagdeck login`), instead of a prompt drawn under the console.
    const connected = await connectContext({ name: target.name, context: target.context }, { prompt: false });
    let switchTo: string | undefined;
    let code: number;
    try {
      const session = await sessionFor(connected, {
        demo: false,
        readOnly: target.readOnly,
        readOnlyFlag,
        contextNames: Object.keys(target.store.contexts()),
        ...(options.cache !== false && target.store.preferences().cache
          ? { lastKnown: openLastKnownStateFile({ contextName: target.name }) }
          : {}),
      });
      code = await showConsole(options, session, target.store.preferences(), (name) => {
        switchTo = name;
      });
    } finally {
      await connected.close();
    }
    if (switchTo === undefined || code !== 0) return code;
    target = resolveConsoleContext({ context: switchTo, readOnly: options.readOnly }, target.store);
  }
}

/** Where a log pane saves a log: $DAGDECK_LOG_DIR, else the directory dagdeck was started in. */
function logDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DAGDECK_LOG_DIR || process.cwd();
}

/**
 * The session the App opens on: the connected backends, the write flow every write goes through
 * (policy, audit trail, trigger claims), and the ports to $EDITOR and the browser.
 */
async function sessionFor(
  connected: ConnectedContext,
  options: Pick<ConsoleSetup, 'demo' | 'readOnly' | 'contextNames' | 'lastKnown'> & {
    /** --read-only itself (a read-only context is the protection's business). */
    readOnlyFlag: boolean;
  },
): Promise<ConsoleSetup> {
  const [{ createWrites }, { createEditText }, { createOpenInBrowser }, { isCleartextRemote }] =
    await Promise.all([
      import('./createConsoleWrites.js'),
      import('./editText.js'),
      import('./openInBrowser.js'),
      import('../config/insecureHttp.js'),
    ]);
  const { name, context } = connected;
  const backends: ConsoleBackends = {
    ...(connected.airflow ? { airflow: connected.airflow } : {}),
    ...(connected.databricks ? { databricks: connected.databricks } : {}),
  };
  const endpoints = {
    ...(context.airflow ? { airflow: context.airflow.url } : {}),
    ...(context.databricks ? { databricks: context.databricks.host } : {}),
  };
  const { flow, readAudit } = createWrites({
    contextName: name,
    protection: context.protection,
    readOnlyFlag: options.readOnlyFlag,
    backends,
    endpoints,
  });
  return {
    contextName: name,
    protection: context.protection,
    readOnly: options.readOnly,
    demo: options.demo,
    backends,
    credentialSources: connected.sources,
    // Only reached with --allow-insecure-http (connecting refuses it otherwise): show it.
    insecureHttp: Object.values(endpoints).some(isCleartextRemote),
    ...(options.contextNames ? { contextNames: options.contextNames } : {}),
    ...(options.lastKnown ? { lastKnown: options.lastKnown } : {}),
    writes: flow,
    readAudit,
    editText: createEditText(),
    openUrl: createOpenInBrowser(),
    logDir: logDir(),
  };
}

/** Runs the full-screen App on one session until it quits (or asks for another context). */
async function showConsole(
  options: ConsoleOptions,
  session: ConsoleSetup,
  preferences: Preferences,
  onSwitchContext?: (name: string) => void,
): Promise<number> {
  const [{ runConsole }, { debugLog }, { App }, { consoleTiming }, { createConsoleSession }] =
    await Promise.all([
      import('./runConsole.js'),
      import('../core/debug-log.js'),
      import('../ui/App.js'),
      import('./consoleTiming.js'),
      import('../core/consoleSession.js'),
    ]);
  // Every store the console reads lives as long as this App: made here, stopped when it is gone.
  const consoleSession = createConsoleSession({
    backends: session.backends,
    timing: consoleTiming(preferences),
    lastKnown: session.lastKnown,
  });
  try {
    return await runConsole(
      <App
        session={session}
        consoleSession={consoleSession}
        {...(onSwitchContext ? { onSwitchContext } : {})}
      />,
      {
        altScreen: options.altScreen,
        onCrash: (error) => debugLog().error('console crashed', error),
      },
    );
  } finally {
    consoleSession.dispose();
  }
}
