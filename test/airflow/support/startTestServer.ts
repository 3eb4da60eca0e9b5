// A real loopback HTTP server (127.0.0.1, port 0) for edge cases the simulator does not produce.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestRequest {
  method: string;
  /** The raw, still percent-encoded path (without the query). */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export type TestHandler = (request: TestRequest, reply: Reply) => void | Promise<void>;

export interface Reply {
  json(status: number, body: unknown): void;
  text(status: number, body: string, contentType?: string): void;
  /** Raw bytes (invalid UTF-8, a body cut short with `end: false`). */
  bytes(status: number, body: Buffer, contentType: string, end?: boolean): void;
}

export interface TestServer {
  url: string;
  requests: TestRequest[];
  close(): Promise<void>;
}

export async function startTestServer(handler: TestHandler): Promise<TestServer> {
  const requests: TestRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = req.url ?? '/';
      const q = raw.indexOf('?');
      const text = Buffer.concat(chunks).toString('utf8');
      const request: TestRequest = {
        method: req.method ?? 'GET',
        path: q < 0 ? raw : raw.slice(0, q),
        query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)),
        headers: req.headers,
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
      requests.push(request);
      const reply: Reply = {
        json(status, body) {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        text(status, body, contentType = 'text/plain') {
          res.writeHead(status, { 'content-type': contentType });
          res.end(body);
        },
        bytes(status, body, contentType, end = true) {
          res.writeHead(status, { 'content-type': contentType });
          if (end) res.end(body);
          else res.write(body, () => res.socket?.destroy());
        },
      };
      Promise.resolve(handler(request, reply)).catch((error: unknown) => reply.text(500, String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
