// Reads a response body with a size cap enforced while streaming:
// undici's maxResponseSize is unlimited by default, so an HTML page or a runaway answer could
// exhaust memory. The stream is destroyed as soon as the cap is passed.

export interface BodyStream extends AsyncIterable<Buffer | Uint8Array | string> {
  destroy(error?: Error): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Drops the rest of a body. undici's BodyReadable emits an AbortError when destroyed; with no
 * listener that would be an uncaught exception, and nobody needs it: the caller already decided.
 */
export function discard(body: BodyStream): void {
  body.on('error', () => {});
  body.destroy();
}

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`response body larger than ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/**
 * Returns the body as text. With `truncate`, stops quietly at `limit` (error bodies: only an excerpt
 * is needed); otherwise throws BodyTooLarge.
 */
export async function readBody(
  body: BodyStream,
  limit: number,
  contentLength: number | undefined,
  truncate = false,
): Promise<string> {
  if (!truncate && contentLength !== undefined && contentLength > limit) {
    discard(body);
    throw new BodyTooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk);
    size += buffer.length;
    if (size > limit) {
      if (!truncate) {
        discard(body);
        throw new BodyTooLarge(limit);
      }
      chunks.push(buffer.subarray(0, buffer.length - (size - limit)));
      discard(body);
      break;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
