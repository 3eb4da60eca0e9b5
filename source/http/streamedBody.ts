// The body of a streamed answer (task logs of any size), handed over unread.
import type { Dispatcher } from 'undici';
import { discard } from './readBody.js';
import type { HttpStream } from './types.js';

/**
 * Chunks as they arrive, a transport failure as a typed error, the connection slot released at
 * the end, on an error, or when the reader stops early.
 */
export function streamedBody(
  body: Dispatcher.ResponseData['body'],
  release: () => void,
  mapError: (error: unknown) => unknown,
): Pick<HttpStream, 'body' | 'cancel'> {
  let finished = false;
  const finish = (cancelled: boolean) => {
    if (finished) return;
    finished = true;
    if (cancelled) discard(body);
    release();
  };
  async function* chunks(): AsyncGenerator<Buffer> {
    let ended = false;
    try {
      for await (const chunk of body) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      ended = true;
    } catch (error) {
      throw mapError(error);
    } finally {
      finish(!ended);
    }
  }
  return { body: chunks(), cancel: () => finish(true) };
}
