// Fault injection shared by both simulators, for tests and benchmarks. Every knob is off by
// default; rates are probabilities per request (0..1), drawn from the simulator's seeded random.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Random } from './random.js';

export interface FaultOptions {
  /** Added to every response, in real milliseconds. */
  latencyMs?: number;
  /** Share of requests answered 429 (with Retry-After: retryAfterSeconds). */
  rate429?: number;
  retryAfterSeconds?: number;
  /** Share of requests answered 500/503 with the service's JSON error body for that status. */
  rate5xx?: number;
  /** Share of requests whose connection is destroyed before any response. */
  resetRate?: number;
  /**
   * Share of write requests (POST/PATCH/DELETE) whose connection is destroyed after the server
   * applied them: the change stands and the answer is lost, as when a proxy drops the connection.
   */
  resetAfterWriteRate?: number;
  /** Share of requests that send headers and part of the body, then stall forever. */
  stallRate?: number;
  /** Share of requests answered by an HTML 502 page, as a proxy or load balancer would. */
  html502Rate?: number;
  /** Only requests whose path matches this pattern are subject to the faults above (default: all but health/version/token). */
  pathPattern?: RegExp;
  /** Logs: a log stream is cut (connection destroyed) after this many lines. */
  dropLogAfterLines?: number;
  /**
   * Requests whose path and query match `pattern` wait until `until` settles, then are answered as
   * usual: a page a test keeps back to see what a client shows meanwhile. Applies to every path.
   */
  hold?: { pattern: RegExp; until: Promise<unknown> };
}

export type FaultBody = (status: number) => unknown;

const EXEMPT = /\/(version|health|monitor\/health|token)$/;

/**
 * Applies the configured faults to one request. Returns true when the fault handled the request
 * (the caller must not answer), after awaiting the latency. 429 and 5xx answers carry the
 * service's error body for that status, under the content type it sends errors with (Airflow 2:
 * application/problem+json).
 */
export async function applyFaults(
  request: IncomingMessage,
  response: ServerResponse,
  faults: FaultOptions,
  random: Random,
  errorBody: FaultBody,
  errorContentType = 'application/json',
): Promise<boolean> {
  if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
  if (faults.hold?.pattern.test(request.url ?? '/')) await faults.hold.until.catch(() => undefined);
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  if (faults.pathPattern ? !faults.pathPattern.test(path) : EXEMPT.test(path)) return false;

  if (faults.resetRate && random() < faults.resetRate) {
    request.socket.destroy();
    return true;
  }
  if (faults.rate429 && random() < faults.rate429) {
    sendJson(response, 429, errorBody(429), {
      'content-type': errorContentType,
      'retry-after': String(faults.retryAfterSeconds ?? 1),
    });
    return true;
  }
  if (faults.rate5xx && random() < faults.rate5xx) {
    const status = random() < 0.5 ? 500 : 503;
    sendJson(response, status, errorBody(status), { 'content-type': errorContentType });
    return true;
  }
  if (faults.html502Rate && random() < faults.html502Rate) {
    const page =
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
    response.writeHead(502, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
    response.end(page);
    return true;
  }
  if (faults.stallRate && random() < faults.stallRate) {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    response.write('{"partial":');
    return true;
  }
  return false;
}

const WRITES: ReadonlySet<string> = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/**
 * Drawn before the request is handled: whether this write's answer is to be lost once the server
 * has applied it. The caller then destroys the connection instead of answering a success.
 */
export function loseAnswerAfterWrite(
  request: IncomingMessage,
  faults: FaultOptions,
  random: Random,
): boolean {
  if (!faults.resetAfterWriteRate || !WRITES.has(request.method ?? 'GET')) return false;
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  if (faults.pathPattern ? !faults.pathPattern.test(path) : EXEMPT.test(path)) return false;
  return random() < faults.resetAfterWriteRate;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
