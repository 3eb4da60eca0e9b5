// The command line: commander 14 with our exit codes and one-line errors. Only commander and small
// modules load eagerly, so `dagdeck --version` and `--help` stay fast (bench/startup.mjs); ink,
// React, the UI, the clients and conf load inside the actions (dynamic import).
import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { registerContextCommands } from './context.js';
import { ExitCode } from './exit-codes.js';
import { registerImportErrorsCommand } from './import-errors.js';
import { registerListCommands } from './list.js';
import { registerLoginCommand } from './login.js';
import { registerSimCommand } from './sim.js';

/** Options of the root command; subcommands read them with `command.optsWithGlobals()`. */
export interface GlobalOptions {
  demo?: boolean;
  context?: string;
  readOnly?: boolean;
  /** False with --no-alt-screen. */
  altScreen: boolean;
  debug?: boolean;
}

export function createProgram(): Command {
  const program = new Command()
    .name('dagdeck')
    .description('A full-screen terminal console for Apache Airflow and Databricks Jobs')
    .version(VERSION, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show this help and exit')
    .option('--demo', 'open the console on the embedded simulated Airflow and Databricks')
    .option('--context <name>', 'use this context instead of the current one')
    .option('--read-only', 'refuse every write (trigger, clear, cancel...) for this session')
    .option('--no-alt-screen', 'draw in the normal screen instead of the alternate screen')
    .option('--debug', 'write a debug log (secrets redacted) to dagdeck-debug.log in the config directory')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 failure, 2 usage, 3 config error, 4 auth, 5 unreachable, 129 SIGHUP, 130 Ctrl-C, 143 SIGTERM.',
    )
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // Commander prefixes "error: "; ours is "dagdeck: ", like every other error line.
      outputError: (text, write) => write(`dagdeck: ${text.replace(/^error: /, '')}`),
    });

  program.hook('preAction', async (_program, action) => {
    const options = action.optsWithGlobals<GlobalOptions>();
    const { configureDebugLog, debugRequested } = await import('../core/debug-log.js');
    if (options.debug || debugRequested()) {
      const { configDir } = await import('../config/config-dir.js');
      configureDebugLog({ dir: configDir(), enabled: true }).write(
        `dagdeck ${VERSION} on node ${process.version}: ${process.argv.slice(2).join(' ')}`,
      );
    }
  });

  program.action(async (options: GlobalOptions) => {
    const { openConsole } = await import('./open-console.js');
    process.exitCode = await openConsole(options);
  });

  // Subcommands, registered by their own modules. Each register function only adds commands and
  // imports its heavy dependencies inside its actions.
  registerSimCommand(program);
  registerContextCommands(program); // source/cli/context.ts
  registerLoginCommand(program); // source/cli/login.ts
  registerListCommands(program); // source/cli/list.ts
  registerImportErrorsCommand(program); // source/cli/import-errors.ts (under `dags`, so after the list commands)

  return program;
}

/** The exit code for a CommanderError: help and version are success, every parse error is usage. */
export function exitCodeForCommander(error: CommanderError): number {
  if (error.exitCode === 0) return ExitCode.ok;
  return ExitCode.usage;
}

export { CommanderError };
