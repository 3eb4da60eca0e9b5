// A hostile server on loopback: it speaks just enough Airflow API v2 and Databricks Jobs 2.2 for
// dagdeck to connect, then lies the way a broken proxy, a half-upgraded Airflow or a buggy gateway
// does. One server holds every case; the first path segment picks it, so a context's URL chooses
// what it will face: `http://127.0.0.1:PORT/total-1e9` as an Airflow URL or a Databricks host.
//
// Every case answers the version/health probes honestly and lies only on the lists, so what a test
// sees is dagdeck's handling of the lie, not a failed connection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const HOSTILE_TOKEN = 'hostile-token-S3cr3t-x9q';

/** What each case does; the docs folder describes the cases for readers too. */
export const HOSTILE_CASES = [
  // Honest, to prove the harness and as the "before" of the others.
  'honest',
  // Paging lies (Airflow offset paging).
  'total-1e9',
  'total-negative',
  'total-zero',
  'more-than-announced',
  'ignores-offset',
  'short-page',
  'empty-page',
  'total-changes',
  // Paging lies (Databricks token paging).
  'token-repeat',
  'token-cycle',
  'has-more-no-token',
  'empty-pages-forever',
  'inner-token-repeat',
  // Slowness.
  'drip',
  'slow-pages',
  // Status codes.
  'http-500',
  'http-502',
  'http-503',
  'storm-429',
  'echo-secret',
  // Bad items.
  'malformed-item',
  'all-malformed',
  'c1-names',
  'huge-body',
] as const;
export type HostileCase = (typeof HOSTILE_CASES)[number];

export interface HostileServerOptions {
  /** Items in an honest list (DAGs, jobs). Default 250: three Airflow pages, three Databricks pages. */
  items?: number;
  /** drip: ms between two bytes of the body. Default 1000. */
  dripIntervalMs?: number;
  /** slow-pages: ms before each list page answers. Default 400. */
  slowPageMs?: number;
  /** storm-429: after this many list answers, every list request gets a 429. Default 0 (all). */
  stormAfter?: number;
  /** honest: ms before each list page answers, to pace a long list. Default 0. */
  honestPageMs?: number;
}

export interface HostileServer {
  /** Base URL without a case: append `/<case>`. */
  url: string;
  urlOf(kind: HostileCase): string;
  /** Requests per case, to show a loop stopped. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Names a terminal acts on or that hide text: C1 CSI/OSC, bidi override, zero-width and joiners. */
export const HOSTILE_NAME =
  'evil\u009b2J\u009d0;pwned\u0007\u202eexe.\u200bfoo\u200d\u2066x\u2069\u00ad\ufeff\u001b[31mred';

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

function dag(id: string, name = id) {
  return {
    dag_id: id,
    dag_display_name: name,
    description: null,
    is_paused: false,
    is_stale: false,
    timetable_summary: '@daily',
    timetable_description: 'At 00:00',
    owners: ['airflow'],
    tags: [{ name: 'hostile' }],
    has_import_errors: false,
  };
}

function job(id: number, name = `job_${id}`) {
  return {
    job_id: id,
    created_time: 1_700_000_000_000,
    creator_user_name: 'ops@example.com',
    settings: { name, tags: { team: 'hostile' } },
  };
}

/** The numbers of a page: limit (clamped to 100 like Airflow's maximum_page_limit) and offset. */
function pageOf(url: URL): { limit: number; offset: number } {
  const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? '100') || 100));
  const offset = Math.max(0, Number(url.searchParams.get('offset') ?? '0') || 0);
  return { limit, offset };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

export async function startHostileServer(options: HostileServerOptions = {}): Promise<HostileServer> {
  const items = options.items ?? 250;
  const dripMs = options.dripIntervalMs ?? 1000;
  const slowMs = options.slowPageMs ?? 400;
  const stormAfter = options.stormAfter ?? 0;
  const honestPageMs = options.honestPageMs ?? 0;
  const hits = new Map<string, number>();
  const listAnswers = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let totalChangesCalls = 0;

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  /** Sends headers, then one byte of the JSON every dripMs: never idle long enough for a body timeout. */
  const drip = (response: ServerResponse, body: unknown) => {
    const text = JSON.stringify(body);
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    let index = 0;
    const next = () => {
      if (response.destroyed || index >= text.length) {
        response.end();
        return;
      }
      response.write(text[index]);
      index += 1;
      later(dripMs, next);
    };
    next();
  };

  const airflowDags = (kind: string, url: URL, response: ServerResponse): void => {
    const { limit, offset } = pageOf(url);
    const honestPage = (total: number) => {
      const ids = range(offset, Math.min(offset + limit, total));
      return { dags: ids.map((i) => dag(`dag_${String(i).padStart(6, '0')}`)), total_entries: total };
    };
    switch (kind) {
      case 'total-1e9': {
        // Any offset answers a full page of new DAGs: only the announced total is a lie.
        const ids = range(offset, offset + limit);
        sendJson(response, 200, {
          dags: ids.map((i) => dag(`dag_${String(i).padStart(10, '0')}`)),
          total_entries: 1_000_000_000,
        });
        return;
      }
      case 'total-negative':
        sendJson(response, 200, { ...honestPage(items), total_entries: -1 });
        return;
      case 'total-zero':
        sendJson(response, 200, { ...honestPage(items), total_entries: 0 });
        return;
      case 'more-than-announced':
        sendJson(response, 200, { ...honestPage(items), total_entries: 10 });
        return;
      case 'ignores-offset':
        // Every offset answers the first page again.
        sendJson(response, 200, {
          dags: range(0, Math.min(limit, items)).map((i) => dag(`dag_${String(i).padStart(6, '0')}`)),
          total_entries: items,
        });
        return;
      case 'short-page': {
        const page = honestPage(items);
        // The second page comes back with half its DAGs, the rest of the list is honest.
        if (offset === limit) page.dags = page.dags.slice(0, Math.floor(limit / 2));
        sendJson(response, 200, page);
        return;
      }
      case 'empty-page': {
        const page = honestPage(items);
        if (offset > 0) page.dags = [];
        sendJson(response, 200, page);
        return;
      }
      case 'total-changes': {
        // Every answer announces one more DAG than the last: a list that never holds still.
        totalChangesCalls += 1;
        sendJson(response, 200, honestPage(items + totalChangesCalls));
        return;
      }
      case 'malformed-item': {
        const page = honestPage(items);
        if (offset === 0) (page.dags as unknown[])[3] = { dag_id: 42, is_paused: 'maybe' };
        sendJson(response, 200, page);
        return;
      }
      case 'all-malformed': {
        const page = honestPage(items);
        sendJson(response, 200, { ...page, dags: page.dags.map((d) => ({ ...d, dag_id: null })) });
        return;
      }
      case 'c1-names': {
        const page = honestPage(items);
        if (offset === 0) page.dags[0] = dag('dag_evil', HOSTILE_NAME);
        sendJson(response, 200, page);
        return;
      }
      default:
        if (honestPageMs > 0) later(honestPageMs, () => sendJson(response, 200, honestPage(items)));
        else sendJson(response, 200, honestPage(items));
    }
  };

  const databricksJobs = (kind: string, url: URL, response: ServerResponse): void => {
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? '20') || 20));
    const token = url.searchParams.get('page_token');
    const start = token && /^p\d+$/.test(token) ? Number(token.slice(1)) : 0;
    const honest = () => {
      const ids = range(start, Math.min(start + limit, items));
      const more = start + limit < items;
      return {
        jobs: ids.map((i) => job(1000 + i)),
        has_more: more,
        ...(more ? { next_page_token: `p${start + limit}` } : {}),
      };
    };
    switch (kind) {
      case 'token-repeat':
        sendJson(response, 200, {
          jobs: range(0, limit).map((i) => job(1000 + i)),
          has_more: true,
          next_page_token: 'same',
        });
        return;
      case 'token-cycle': {
        // A new token each time, the same jobs each time.
        const n = token ? Number(token.replace(/\D/g, '')) + 1 : 1;
        sendJson(response, 200, {
          jobs: range(0, limit).map((i) => job(1000 + i)),
          has_more: true,
          next_page_token: `t${n}`,
        });
        return;
      }
      case 'has-more-no-token':
        sendJson(response, 200, { jobs: range(0, limit).map((i) => job(1000 + i)), has_more: true });
        return;
      case 'empty-pages-forever': {
        const n = token ? Number(token.replace(/\D/g, '')) + 1 : 1;
        sendJson(response, 200, {
          ...(token ? {} : { jobs: [job(1000)] }),
          has_more: true,
          next_page_token: `e${n}`,
        });
        return;
      }
      case 'malformed-item': {
        const page = honest();
        if (start === 0) (page.jobs as unknown[])[3] = { job_id: 1003, settings: { name: 123, tags: 'x' } };
        sendJson(response, 200, page);
        return;
      }
      case 'all-malformed': {
        const page = honest();
        sendJson(response, 200, {
          ...page,
          jobs: page.jobs.map((j) => ({ ...j, job_id: { nested: true } })),
        });
        return;
      }
      case 'c1-names': {
        const page = honest();
        if (start === 0) page.jobs[0] = job(999, HOSTILE_NAME);
        sendJson(response, 200, page);
        return;
      }
      default:
        sendJson(response, 200, honest());
    }
  };

  const databricksJobGet = (kind: string, url: URL, response: ServerResponse): void => {
    const id = Number(url.searchParams.get('job_id') ?? '1000');
    if (kind === 'inner-token-repeat') {
      sendJson(response, 200, {
        ...job(id),
        settings: { name: `job_${id}`, tasks: [{ task_key: 't' }] },
        next_page_token: 'again',
      });
      return;
    }
    sendJson(response, 200, job(id));
  };

  /** The lies that do not depend on the endpoint: status codes, slowness, size. */
  const generic = (kind: string, request: IncomingMessage, response: ServerResponse, body: () => unknown) => {
    switch (kind) {
      case 'http-500':
        sendJson(response, 500, { detail: 'Internal Server Error' });
        return true;
      case 'http-502': {
        const page = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
        response.writeHead(502, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
        response.end(page);
        return true;
      }
      case 'http-503':
        sendJson(response, 503, { detail: 'Service Unavailable' });
        return true;
      case 'echo-secret':
        // A server that echoes what it was sent, credentials included, in its error.
        sendJson(response, 500, {
          detail: `rejected request with ${request.headers.authorization ?? ''} for ${HOSTILE_TOKEN}`,
        });
        return true;
      case 'storm-429': {
        const answered = listAnswers.get(kind) ?? 0;
        if (answered < stormAfter) {
          listAnswers.set(kind, answered + 1);
          return false;
        }
        sendJson(response, 429, { detail: 'Too Many Requests' }, { 'retry-after': '1' });
        return true;
      }
      case 'drip':
        drip(response, body());
        return true;
      case 'slow-pages':
        later(slowMs, () => {
          if (!response.destroyed) sendJson(response, 200, body());
        });
        return true;
      case 'huge-body': {
        // 40 MiB of a valid-looking list, over the client's 32 MiB cap.
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"dags":[');
        const chunk = `${JSON.stringify(dag('x'.repeat(1000)))},`.repeat(1000);
        let sent = 0;
        const pump = () => {
          while (sent < 40 && !response.destroyed) {
            sent += 1;
            if (!response.write(chunk)) {
              response.once('drain', pump);
              return;
            }
          }
          if (!response.destroyed) response.end('{}],"total_entries":1}');
        };
        pump();
        return true;
      }
      default:
        return false;
    }
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://hostile');
    const [, kind = '', ...rest] = url.pathname.split('/');
    const path = `/${rest.join('/')}`;
    hits.set(kind, (hits.get(kind) ?? 0) + 1);
    const probing = url.searchParams.get('limit') === '1';

    // Probes: always honest, so the lie is on the lists.
    if (path === '/api/v2/version') sendJson(response, 200, { version: '3.1.0', git_version: null });
    else if (path === '/api/v2/monitor/health') {
      sendJson(response, 200, {
        metadatabase: { status: 'healthy' },
        scheduler: { status: 'healthy' },
        triggerer: { status: 'healthy' },
        dag_processor: { status: 'healthy' },
      });
    } else if (path === '/api/v1/version') sendJson(response, 404, { detail: 'Not Found' });
    else if (path.startsWith('/api/2.0/preview/scim')) sendJson(response, 404, { error_code: 'NOT_FOUND' });
    else if ((request.headers.authorization ?? '') !== `Bearer ${HOSTILE_TOKEN}`) {
      sendJson(response, 401, { detail: 'Not authenticated', error_code: 'UNAUTHENTICATED' });
    } else if (path === '/api/v2/dags') {
      // checkAuth asks for one DAG: honest, so the console connects.
      if (probing) sendJson(response, 200, { dags: [dag('dag_000000')], total_entries: items });
      else if (!generic(kind, request, response, () => ({ dags: [dag('dag_slow')], total_entries: 1 }))) {
        airflowDags(kind, url, response);
      }
    } else if (/^\/api\/v2\/dags\/[^/]+\/dagRuns$/.test(path)) {
      const empty = { dag_runs: [], total_entries: 0 };
      if (!generic(kind, request, response, () => empty)) sendJson(response, 200, empty);
    } else if (path === '/api/v2/importErrors') {
      const empty = { import_errors: [], total_entries: 0 };
      if (!generic(kind, request, response, () => empty)) sendJson(response, 200, empty);
    } else if (path === '/api/2.2/jobs/list') {
      // probe() asks for one job: honest, so the console connects.
      if (probing) sendJson(response, 200, { jobs: [job(1000)], has_more: true, next_page_token: 'p1' });
      else if (!generic(kind, request, response, () => ({ jobs: [job(1000)], has_more: false }))) {
        databricksJobs(kind, url, response);
      }
    } else if (path === '/api/2.2/jobs/runs/list') {
      const empty = { runs: [], has_more: false };
      if (!generic(kind, request, response, () => empty)) sendJson(response, 200, empty);
    } else if (path === '/api/2.2/jobs/get') {
      if (!generic(kind, request, response, () => job(1000))) databricksJobGet(kind, url, response);
    } else sendJson(response, 404, { detail: `no ${path} here`, error_code: 'ENDPOINT_NOT_FOUND' });
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    urlOf: (kind) => `${url}/${kind}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
