// `dagdeck dags import-errors`: the DAG files the Airflow scheduler could not
// import, all pages merged by the backend (the server pages them like any list), as JSON (--json, for
// scripts) or a plain table of file, time and the exception. `dags list` only flags the DAGs.
import type { Command } from 'commander';
import type { ImportError } from '../core/model.js';
import { warnSkipped, withContextBackend } from './list.js';
import { addTokenOptions, type TokenOptions } from './token-options.js';

interface ImportErrorsOptions extends TokenOptions {
  json?: boolean;
}

/** Adds `import-errors` under the `dags` command, which registerListCommands (list.ts) creates. */
export function registerImportErrorsCommand(program: Command): void {
  const dags = program.commands.find((command) => command.name() === 'dags');
  if (!dags)
    throw new Error('registerImportErrorsCommand needs the dags command: register the list commands first');
  addTokenOptions(
    dags
      .command('import-errors')
      .description('list the DAG files Airflow could not import, with the exception each raised')
      .option('--json', 'print JSON (an array, one object per file, with the whole stack trace)'),
  ).action(async (options: ImportErrorsOptions, command: Command) => {
    const global = command.optsWithGlobals<{ context?: string }>();
    await listImportErrors(global.context, options);
  });
}

async function listImportErrors(
  contextName: string | undefined,
  options: ImportErrorsOptions,
): Promise<void> {
  await withContextBackend('airflow', contextName, options, async (airflow) => {
    const errors = await airflow.listImportErrors();
    await warnSkipped(errors);
    if (options.json) {
      // printJson escapes every control and invisible character, so the raw trace is safe here.
      const { printJson } = await import('./printJson.js');
      printJson(errors);
      return;
    }
    process.stdout.write(await importErrorTable(errors));
  });
}

async function importErrorTable(errors: readonly ImportError[]): Promise<string> {
  if (errors.length === 0) return 'no import errors\n';
  const [{ renderTable }, { sanitizeName }] = await Promise.all([
    import('./table.js'),
    import('../core/sanitize.js'),
  ]);
  return renderTable(
    ['FILE', 'WHEN', 'ERROR'],
    errors.map((error) => [
      sanitizeName(error.filename),
      error.timestamp ?? '-',
      sanitizeName(exceptionLine(error.stackTrace)),
    ]),
    // The exception is the point of the command: let it run wider than a list cell.
    { maxWidth: 120 },
  );
}

/**
 * The exception of a Python traceback, e.g. "ModuleNotFoundError: No module named 'x'": the first
 * line after the last indented (frame or source) line. Not the trace's last line, because an
 * exception message can span lines (Airflow's import timeout adds links under it). A message with
 * no indented line (Airflow's own errors, a trace disabled by config) gives its first line.
 */
export function exceptionLine(stackTrace: string): string {
  const lines = stackTrace.split(/\r?\n/);
  let lastIndented = -1;
  lines.forEach((line, index) => {
    if (/^\s+\S/.test(line)) lastIndented = index;
  });
  const found = lines.slice(lastIndented + 1).find((line) => line.trim() !== '');
  return (found ?? lines.find((line) => line.trim() !== '') ?? '').trim();
}
