// Per-context HTTP timeouts (issue 2: "timeouts sized for an incident UI (connect ~10 s, headers
// ~15 s, body ~30 s; configurable)"): `context add --*-timeout`, shown
// by `context list --json`, and passed by connectContext to the HTTP client of each endpoint.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectContext, type HttpClientFactory } from '../../source/app/connectContext.js';
import type { Context } from '../../source/config/schema.js';
import { createHttpClient } from '../../source/http/client.js';
import { startServer } from '../http/support/loopbackServer.js';
import { runDagdeck } from './support/runDagdeck.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-ctx-timeouts-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const dagdeck = (args: string[], env: Record<string, string> = {}) =>
  runDagdeck(args, { configDir: dir, env });
const configPath = () => join(dir, 'config.json');

describe('dagdeck context add --connect-timeout / --headers-timeout / --body-timeout', () => {
  it('stores milliseconds from 10s, 1500ms, 2m or plain seconds; list --json shows them', async () => {
    const add = await dagdeck([
      'context',
      'add',
      'prod',
      '--airflow-url',
      'https://airflow.example.com',
      '--connect-timeout',
      '1500ms',
      '--headers-timeout',
      '20',
      '--body-timeout',
      '2m',
    ]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const only = await dagdeck([
      'context',
      'add',
      'dev',
      '--airflow-url',
      'https://dev.example.com',
      '--headers-timeout',
      '10s',
    ]);
    expect(only.code).toBe(0);
    const plain = await dagdeck(['context', 'add', 'plain', '--airflow-url', 'https://plain.example.com']);
    expect(plain.code).toBe(0);

    const stored = JSON.parse(readFileSync(configPath(), 'utf8'));
    expect(stored.contexts.prod.timeouts).toEqual({ connectMs: 1500, headersMs: 20_000, bodyMs: 120_000 });
    expect(stored.contexts.dev.timeouts).toEqual({ headersMs: 10_000 });
    expect(stored.contexts.plain).not.toHaveProperty('timeouts');

    const list = await dagdeck(['context', 'list', '--json']);
    expect(list.code).toBe(0);
    const byName = Object.fromEntries(
      (JSON.parse(list.stdout) as Array<{ name: string; timeouts?: unknown }>).map((c) => [c.name, c]),
    );
    expect(byName.prod?.timeouts).toEqual({ connectMs: 1500, headersMs: 20_000, bodyMs: 120_000 });
    expect(byName.dev?.timeouts).toEqual({ headersMs: 10_000 });
    expect(byName.plain).not.toHaveProperty('timeouts');
  });

  it.each([
    ['--connect-timeout', 'soon'],
    ['--headers-timeout', '10h'],
    ['--body-timeout', '-1s'],
    ['--connect-timeout', '0'],
    ['--headers-timeout', '11m'],
  ])(
    '%s %s is a usage error (exit 2), one line naming the accepted forms, nothing written',
    async (option, value) => {
      const run = await dagdeck([
        'context',
        'add',
        'prod',
        '--airflow-url',
        'https://a.example.com',
        option,
        value,
      ]);
      expect(run.code).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`dagdeck: option '${option} <duration>' argument '${value}' is invalid.`);
      expect(lines[0]).toContain(
        'expected a duration like 10s, 1500ms, 2m or plain seconds (10), from 100ms to 10m',
      );
      expect(() => readFileSync(configPath())).toThrow(/ENOENT/);
    },
  );
});

describe('connectContext passes the context timeouts to the HTTP clients (security-reliability.md §2.2)', () => {
  /** The production client, recording the options each endpoint's client was built with. */
  function recording(): { factory: HttpClientFactory; seen: Array<Parameters<HttpClientFactory>[0]> } {
    const seen: Array<Parameters<HttpClientFactory>[0]> = [];
    return {
      seen,
      factory: (options) => {
        seen.push(options);
        return createHttpClient(options);
      },
    };
  }
  const both = (timeouts?: Context['timeouts']): Context => ({
    protection: 'open',
    airflow: { url: 'http://127.0.0.1:9', auth: 'token', credential: { kind: 'env' } },
    databricks: { host: 'http://127.0.0.1:9', auth: 'pat', credential: { kind: 'env' } },
    ...(timeouts ? { timeouts } : {}),
  });

  it('both endpoints get only the timeouts that are set; none set passes none (the client defaults)', async () => {
    for (const [timeouts, expected] of [
      [{ headersMs: 300 }, { headersMs: 300 }],
      [
        { connectMs: 2000, bodyMs: 90_000 },
        { connectMs: 2000, bodyMs: 90_000 },
      ],
      [undefined, undefined],
    ] as const) {
      const { factory, seen } = recording();
      const connected = await connectContext(
        { name: 'x', context: both(timeouts) },
        { env: {}, prompt: false, httpClient: factory },
      );
      await connected.close();
      expect(seen).toHaveLength(2);
      for (const options of seen) {
        if (expected) expect(options.timeouts).toEqual(expected);
        else expect(options).not.toHaveProperty('timeouts');
      }
    }
  });

  it('`dagdeck --context X dags list` with a 300 ms headers timeout fails fast against a server that never answers (exit 5)', async () => {
    // Accepts the request and never sends a status line: only the headers timeout can end it, and
    // the 15 s default (three tries) would outlast runDagdeck's 20 s kill.
    const server = await startServer(() => undefined);
    try {
      const add = await dagdeck([
        'context',
        'add',
        'stall',
        '--airflow-url',
        server.url,
        '--airflow-auth',
        'token',
        '--headers-timeout',
        '300ms',
      ]);
      expect(add.code).toBe(0);
      const started = Date.now();
      const run = await dagdeck(['--context', 'stall', 'dags', 'list'], {
        DAGDECK_AIRFLOW_TOKEN: 'tok-1234',
      });
      const elapsed = Date.now() - started;
      expect(run.code).toBe(5);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^dagdeck: .* timed out waiting for the response headers \(connect 10000 ms, headers 300 ms, body 30000 ms\): .* is slow or unreachable; try again or raise the timeouts$/,
      );
      expect(server.hits.length).toBeGreaterThan(0);
      // Three tries of 300 ms plus backoff and the CLI's start-up (about 4 s), with room for a busy
      // machine; one try at the 15 s default alone would not fit.
      expect(elapsed).toBeLessThan(12_000);
    } finally {
      await server.close();
    }
  });
});
