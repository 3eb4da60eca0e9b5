// One question on the terminal: asked on stderr (stdout stays the command's output, --json
// included), answered on stdin. End of input is no answer; Ctrl-C leaves at once with 130, which is
// safe because nothing has been sent while a question is open.
import { createInterface } from 'node:readline';
import { ExitCode } from '../app/exitCodes.js';

/** The line typed, or undefined when stdin ended first. */
export function ask(question: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const lines = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let answered = false;
    lines.on('SIGINT', () => {
      process.stderr.write('\n');
      process.exit(ExitCode.sigint);
    });
    lines.on('close', () => {
      if (!answered) {
        process.stderr.write('\n');
        resolve(undefined);
      }
    });
    lines.question(question, (answer) => {
      answered = true;
      lines.close();
      resolve(answer);
    });
  });
}
