// The first line of a failure's cause in a log, found as the lines stream past (so a reader can
// stop early): the exception a Python traceback ends with ("ValueError: boom", the first line
// after "Traceback (most recent call last):" that is not indented), else the first error line.
// An error line followed by a traceback ("Task failed with exception") gives way to the
// traceback's exception, which says more.
import { detectLogLevel } from './detectLogLevel.js';
import type { LogLine } from './model.js';

const TRACEBACK = 'Traceback (most recent call last):';

export class FailureLineFinder {
  #found: string | undefined;
  #candidate: string | undefined;
  #inTraceback = false;

  /** Feeds lines in order; returns the cause as soon as it is known. */
  push(lines: readonly LogLine[]): string | undefined {
    for (const line of lines) {
      if (this.#found !== undefined) break;
      this.#take(line);
    }
    return this.#found;
  }

  /** The cause once the log has ended: a last error line still waiting is it. */
  end(): string | undefined {
    return this.#found ?? this.#candidate;
  }

  #take(line: LogLine): void {
    const text = line.text;
    if (this.#inTraceback) {
      if (text.trim() !== '' && !/^\s/.test(text) && !text.startsWith(TRACEBACK)) this.#found = text.trim();
      return;
    }
    if (text.startsWith(TRACEBACK)) {
      this.#inTraceback = true;
      return;
    }
    if (this.#candidate !== undefined) {
      this.#found = this.#candidate;
      return;
    }
    const level = line.level ?? detectLogLevel(text);
    if ((level === 'error' || level === 'critical') && text.trim() !== '') this.#candidate = text.trim();
  }
}
