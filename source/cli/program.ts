// The command line: commander 14 with our exit codes and one-line errors. Only commander and small
// modules load eagerly, so `dagdeck --version` and `--help` stay fast (bench/startup.mjs); ink,
// React, the UI, the clients and conf load inside the actions (dynamic import).
import { Command, CommanderError } from 'commander';
import { ExitCode } from '../app/exitCodes.js';
import { VERSION } from '../version.js';
import { registerAuditCommand } from './audit.js';
import { registerContextCommands } from './context.js';
import { registerDagsListRunsCommand } from './dags-list-runs.js';
import { registerDagsPauseCommands } from './dags-pause.js';
import { registerDagsSetRunStateCommand } from './dags-set-run-state.js';
import { registerDagsTriggerCommand } from './dags-trigger.js';
import { registerGetRunOutputCommand } from './get-run-output.js';
import type { GlobalOptions } from './global-options.js';
import { registerImportErrorsCommand } from './import-errors.js';
import { registerJobsCancelCommands } from './jobs-cancel.js';
import { registerJobsListRunsCommand } from './jobs-list-runs.js';
import { registerJobsPauseCommands } from './jobs-pause.js';
import { registerJobsRepairRunCommand } from './jobs-repair-run.js';
import { registerJobsRunNowCommand } from './jobs-run-now.js';
import { registerListCommands } from './list.js';
import { registerLoginCommand } from './login.js';
import { registerLogsCommand } from './logs.js';
import { registerReviewCommand } from './review.js';
import { registerSimCommand } from './sim.js';
import { registerTasksClearCommand } from './tasks-clear.js';
import { registerTasksListCommand } from './tasks-list.js';
import { registerTasksMarkCommand } from './tasks-mark.js';

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
    .option('--no-cache', "don't open on (or keep) the context's last-known lists in $XDG_CACHE_HOME/dagdeck")
    .option('--debug', 'write a debug log (secrets redacted) to dagdeck-debug.log in the config directory')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 failure, 2 usage, 3 config error, 4 auth, 5 unreachable, 6 review findings (--fail-on), 129 SIGHUP, 130 Ctrl-C, 143 SIGTERM.',
    )
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      // Commander prefixes "error: "; ours is "dagdeck: ", like every other error line.
      outputError: (text, write) => write(`dagdeck: ${explainUnknownCommand(text).replace(/^error: /, '')}`),
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

  // The console takes no operand: a word it does not know is an unknown command (commander would
  // count it as one argument too many).
  program.allowExcessArguments(true).action(async (options: GlobalOptions, command: Command) => {
    const [unknown] = command.args;
    if (unknown !== undefined) {
      command.error(`error: unknown command '${unknown}'`, { code: 'commander.unknownCommand' });
    }
    const { openConsole } = await import('../app/openConsole.js');
    process.exitCode = await openConsole(options);
  });

  // Subcommands, registered by their own modules. Each register function only adds commands and
  // imports its heavy dependencies inside its actions.
  registerSimCommand(program);
  registerContextCommands(program); // source/cli/context.ts
  registerLoginCommand(program); // source/cli/login.ts
  registerListCommands(program); // source/cli/list.ts
  registerImportErrorsCommand(program); // source/cli/import-errors.ts (under `dags`, so after the list commands)
  const dags = subcommand(program, 'dags');
  registerDagsListRunsCommand(dags); // source/cli/dags-list-runs.ts
  registerDagsTriggerCommand(dags); // source/cli/dags-trigger.ts
  registerDagsPauseCommands(dags); // source/cli/dags-pause.ts
  registerDagsSetRunStateCommand(dags); // source/cli/dags-set-run-state.ts
  const jobs = subcommand(program, 'jobs');
  registerJobsListRunsCommand(jobs); // source/cli/jobs-list-runs.ts
  registerJobsRunNowCommand(jobs); // source/cli/jobs-run-now.ts
  registerJobsCancelCommands(jobs); // source/cli/jobs-cancel.ts
  registerJobsRepairRunCommand(jobs); // source/cli/jobs-repair-run.ts
  registerJobsPauseCommands(jobs); // source/cli/jobs-pause.ts
  const tasks = program.command('tasks').description('Airflow task instances of a run: list, clear, mark');
  registerTasksListCommand(tasks); // source/cli/tasks-list.ts
  registerTasksClearCommand(tasks); // source/cli/tasks-clear.ts
  registerTasksMarkCommand(tasks); // source/cli/tasks-mark.ts
  registerAuditCommand(program); // source/cli/audit.ts
  registerLogsCommand(program); // source/cli/logs.ts
  registerReviewCommand(program); // source/cli/review.ts
  registerGetRunOutputCommand(subcommand(program, 'jobs')); // source/cli/get-run-output.ts

  return program;
}

function subcommand(program: Command, name: string): Command {
  const found = program.commands.find((command) => command.name() === name);
  if (!found) throw new Error(`the ${name} command is not registered yet`);
  return found;
}

/**
 * "unknown command 'x' (see dagdeck --help)", on one line with commander's suggestion, for the
 * console's own operand as for a group's (`dagdeck dags frob`).
 */
export function explainUnknownCommand(text: string): string {
  const match = /^error: unknown command '([^']*)'(?:\n\(Did you mean ([^?]+)\?\))?/.exec(text);
  if (!match) return text;
  const suggestion = match[2] ? `; did you mean ${match[2]}?` : '';
  return `unknown command '${match[1]}' (see dagdeck --help${suggestion})\n`;
}

/** The exit code for a CommanderError: help and version are success, every parse error is usage. */
export function exitCodeForCommander(error: CommanderError): number {
  if (error.exitCode === 0) return ExitCode.ok;
  return ExitCode.usage;
}

export { CommanderError };
