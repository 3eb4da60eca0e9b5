// The default action of `dagdeck`: pick the context, then run the full-screen console. Loaded
// lazily by program.ts, so nothing here weighs on `--version` or `--help`.
import type { GlobalOptions } from './program.js';
import { resolveConsoleContext } from './resolve-console-context.js';

export async function openConsole(options: GlobalOptions): Promise<number> {
  const session = options.demo ? undefined : resolveConsoleContext(options);
  const [{ runConsole }, { debugLog }] = await Promise.all([
    import('./run-console.js'),
    import('../core/debug-log.js'),
  ]);
  // WIRING SPOT for the lead: the App (source/ui/App.tsx) and the demo backends (source/sim) are
  // written concurrently by other helpers. Once they exist, build the backends for `session` (or
  // start the simulators for --demo) and render:
  //   const { App } = await import('../ui/App.js');
  //   return runConsole(<App ... />, { altScreen: options.altScreen, onCrash: ... });
  void runConsole;
  void session;
  debugLog().write('console requested but the UI is not wired in yet');
  throw new Error('the console UI is not wired into this build yet; use a subcommand (see dagdeck --help)');
}
