// A tiny loopback node:http server for the unit tests: routes by "METHOD /path", records every
// request (so tests can count token requests), answers JSON.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Reply {
  status?: number;
  json?: unknown;
  /** Delay before answering, so concurrent callers overlap. */
  delayMs?: number;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  hits(route: string): number;
  close(): Promise<void>;
}

export async function startTestServer(routes: Record<string, Handler>): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
      };
      requests.push(recorded);
      const handler = routes[`${recorded.method} ${recorded.path}`];
      const reply: Reply = handler
        ? await handler(recorded)
        : { status: 404, json: { error_code: 'ENDPOINT_NOT_FOUND', message: `no route ${recorded.path}` } };
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.json ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hits: (route) => requests.filter((r) => `${r.method} ${r.path}` === route).length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
