#!/usr/bin/env node
// The entry point: parses arguments (source/cli/program.ts), which start the console through the
// composition root (source/app/openConsole.tsx) or run a command (source/cli/).
// Every failure ends here as one line on stderr ("dagdeck: what failed, why, what to do") and a
// documented exit code (source/cli/exit-codes.ts); the stack only goes to the debug log.
import { CommanderError, createProgram, exitCodeForCommander } from './source/cli/program.js';

const program = createProgram();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander already printed the message (or the help/version text).
    process.exitCode = exitCodeForCommander(error);
  } else {
    const [{ errorLine }, { exitCodeForError }, { debugLog }, { sanitizeName }] = await Promise.all([
      import('./source/core/errors.js'),
      import('./source/app/exitCodes.js'),
      import('./source/core/debug-log.js'),
      import('./source/core/sanitize.js'),
    ]);
    debugLog().error('command failed', error);
    // Messages quote what servers named (a job, a task): no escape sequence reaches the terminal.
    process.stderr.write(`dagdeck: ${sanitizeName(errorLine(error))}\n`);
    process.exitCode = exitCodeForError(error);
  }
}
