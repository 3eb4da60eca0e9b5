// The last link of the chain: ask with hidden input (no echo) when a person is at a terminal. The
// answer lives in memory for this process only and is never stored.
import { AuthError } from '../core/errors.js';

export interface PromptStreams {
  input: NodeJS.ReadStream;
  /** The question goes to stderr so stdout stays clean for --json. */
  output: NodeJS.WritableStream;
}

export function canPrompt(input: NodeJS.ReadStream = process.stdin): boolean {
  return input.isTTY === true && typeof input.setRawMode === 'function';
}

export function promptHidden(
  question: string,
  streams: PromptStreams = { input: process.stdin, output: process.stderr },
): Promise<string> {
  const { input, output } = streams;
  return new Promise<string>((resolve, reject) => {
    let answer = '';
    const wasRaw = input.isRaw;
    const done = (error: Error | undefined) => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n') return done(undefined);
        if (char === '\u0003' || char === '\u0004') {
          return done(new AuthError('no secret entered (prompt interrupted)'));
        }
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else if (char >= ' ') answer += char;
      }
    };
    output.write(question);
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}
