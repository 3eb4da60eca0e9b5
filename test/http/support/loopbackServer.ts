// A real node:http server on 127.0.0.1, port 0, for the HTTP client tests (no HTTP mocks).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackServer {
  url: string;
  port: number;
  /** Requests received, in order. */
  hits: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
  close(): Promise<void>;
}

export type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  body: string,
  hit: number,
) => void | Promise<void>;

export async function startServer(
  handler: Handler,
  server: Server = createServer(),
  scheme: 'http' | 'https' = 'http',
): Promise<LoopbackServer> {
  const hits: LoopbackServer['hits'] = [];
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      hits.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      void Promise.resolve(handler(request, response, body, hits.length)).catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// The simulators' JSON writer: the same headers the client sees from a simulated backend.
export { sendJson as json } from '../../../source/sim/faults.js';

/** A sleep that records the requested waits and returns at once, so no test waits on the wall clock. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}
