// `dagdeck sim` through the built binary, as test/real/run.mjs and other tools start it (issue 3:
// "prints exactly one JSON line on stdout before serving … stops cleanly on SIGINT/SIGTERM").
// `npm test` builds dist/ before vitest; a missing build is made here once.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../source/app/exitCodes.js';
import type { SimAnnouncement } from '../../source/cli/sim.js';
import { waitFor } from '../support/wait.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const binary = join(root, 'dist', 'dagdeck.js');

beforeAll(() => {
  if (!existsSync(binary)) {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
  }
}, 60_000);

interface Started {
  child: ChildProcess;
  firstLine: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function start(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [binary, 'sim', ...args], {
    cwd: root,
    env: { ...process.env, DAGDECK_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let all = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    all += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (firstLine) =>
      resolve({ child, firstLine, stdout: () => all, stderr: () => stderr, exit }),
    );
    void exit.then((code) => reject(new Error(`dagdeck sim exited ${code} before printing: ${stderr}`)));
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('dagdeck sim (built binary)', () => {
  it('prints exactly one parseable JSON line on stdout with the URLs and credentials; SIGTERM exits 143', async () => {
    const sim = await start(['--speed', '0', '--seed', '5']);
    const value = JSON.parse(sim.firstLine) as SimAnnouncement;
    // The keys issue 3 specifies and test/real/run.mjs reads (databricks.host/token/clientId/clientSecret).
    expect(Object.keys(value.airflow)).toEqual(
      expect.arrayContaining(['url', 'version', 'username', 'password']),
    );
    expect(Object.keys(value.databricks)).toEqual(
      expect.arrayContaining(['host', 'token', 'clientId', 'clientSecret']),
    );
    expect(value.airflow.flavour).toBe(3);
    expect(value.airflow.version).toMatch(/^3\./);
    expect(value.databricks.token).toMatch(/^dapi[0-9a-f]{32}$/);

    const jobs = await fetch(`${value.databricks.host}/api/2.2/jobs/list?name=eod_risk_models`, {
      headers: bearer(value.databricks.token),
    });
    expect(jobs.status).toBe(200);
    const token = await fetch(`${value.airflow.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: value.airflow.username, password: value.airflow.password }),
    });
    expect(token.status).toBe(201);

    sim.child.kill('SIGTERM');
    expect(await sim.exit).toBe(ExitCode.sigterm);
    expect(sim.stdout().trimEnd().split('\n')).toHaveLength(1);
    await expect(fetch(`${value.databricks.host}/api/2.2/jobs/list`)).rejects.toThrow();
  }, 20_000);

  it('the text summary on stderr names both URLs, the credentials and a ready `context add`; SIGINT exits 130', async () => {
    const sim = await start(['--speed', '0', '--airflow', '2', '--jobs', '3']);
    // Wait for the whole summary: it ends with the `dagdeck login` line.
    while (!sim.stderr().includes('dagdeck login')) await new Promise((resolve) => setTimeout(resolve, 20));
    const text = sim.stderr();
    expect(sim.stdout().trimEnd().split('\n')).toHaveLength(1);
    const airflowUrl = /url\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    const databricksHost = /host\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
    expect(airflowUrl).toBeDefined();
    expect(databricksHost).toBeDefined();
    expect(text).toMatch(/API v1, HTTP Basic/);
    expect(text).toMatch(/PAT\s+dapi[0-9a-f]{32}/);
    expect(text).toMatch(/OAuth client secret\s+\S+/);
    expect(text).toContain(
      `dagdeck context add sim --airflow-url ${airflowUrl} --airflow-user admin --databricks-host ${databricksHost}`,
    );
    sim.child.kill('SIGINT');
    expect(await sim.exit).toBe(ExitCode.sigint);
  }, 20_000);

  it('scale, flavour and port flags reach the servers: --airflow 2 --dags --jobs --databricks-port', async () => {
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const sim = await start([
      '--speed',
      '0',
      '--airflow',
      '2',
      '--dags',
      '40',
      '--jobs',
      '120',
      '--databricks-port',
      String(port),
    ]);
    const value = JSON.parse(sim.firstLine) as SimAnnouncement;
    expect(value.airflow.flavour).toBe(2);
    expect(value.airflow.version).toMatch(/^2\./);
    expect(value.databricks.host).toBe(`http://127.0.0.1:${port}`);
    const jobs = (await (
      await fetch(`${value.databricks.host}/api/2.2/jobs/list?limit=100`, {
        headers: bearer(value.databricks.token),
      })
    ).json()) as { jobs: unknown[]; has_more: boolean };
    expect(jobs.jobs).toHaveLength(100);
    expect(jobs.has_more).toBe(true);
    const basic = Buffer.from(`${value.airflow.username}:${value.airflow.password}`).toString('base64');
    const dags = (await (
      await fetch(`${value.airflow.url}/api/v1/dags?limit=1`, {
        headers: { authorization: `Basic ${basic}` },
      })
    ).json()) as { total_entries: number };
    expect(dags.total_entries).toBeGreaterThanOrEqual(40);
    sim.child.kill('SIGTERM');
    expect(await sim.exit).toBe(ExitCode.sigterm);
  }, 20_000);

  it('fault flags reach the servers: --rate-limit-rate 1 answers 429', async () => {
    const sim = await start(['--speed', '0', '--rate-limit-rate', '1']);
    const value = JSON.parse(sim.firstLine) as SimAnnouncement;
    const jobs = await fetch(`${value.databricks.host}/api/2.2/jobs/list`, {
      headers: bearer(value.databricks.token),
    });
    expect(jobs.status).toBe(429);
    expect(jobs.headers.get('retry-after')).not.toBeNull();
    sim.child.kill('SIGTERM');
    expect(await sim.exit).toBe(ExitCode.sigterm);
  }, 20_000);

  it('--html502-rate 1 answers an HTML 502 page, as a proxy in the way would', async () => {
    const sim = await start(['--speed', '0', '--html502-rate', '1']);
    const value = JSON.parse(sim.firstLine) as SimAnnouncement;
    const jobs = await fetch(`${value.databricks.host}/api/2.2/jobs/list`, {
      headers: bearer(value.databricks.token),
    });
    expect(jobs.status).toBe(502);
    expect(jobs.headers.get('content-type')).toMatch(/text\/html/);
    sim.child.kill('SIGTERM');
    expect(await sim.exit).toBe(ExitCode.sigterm);
  }, 20_000);

  it('--reset-rate 1 resets every connection before any answer', async () => {
    const sim = await start(['--speed', '0', '--reset-rate', '1']);
    const value = JSON.parse(sim.firstLine) as SimAnnouncement;
    await expect(
      fetch(`${value.databricks.host}/api/2.2/jobs/list`, { headers: bearer(value.databricks.token) }),
    ).rejects.toThrow();
    sim.child.kill('SIGTERM');
    expect(await sim.exit).toBe(ExitCode.sigterm);
  }, 20_000);

  it('--reset-after-write-rate 1 applies a write then drops its answer; --request-log records both servers', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'dagdeck-sim-log-')), 'requests.jsonl');
    const sim = await start(['--speed', '0', '--reset-after-write-rate', '1', '--request-log', log]);
    const value = JSON.parse(sim.firstLine) as SimAnnouncement;
    try {
      const headers = { ...bearer(value.databricks.token), 'content-type': 'application/json' };
      const listed = (await (
        await fetch(`${value.databricks.host}/api/2.2/jobs/list?name=eod_risk_models`, { headers })
      ).json()) as { jobs: { job_id: number }[] };
      const jobId = listed.jobs[0]?.job_id;
      const runNow = () =>
        fetch(`${value.databricks.host}/api/2.2/jobs/run-now`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ job_id: jobId, idempotency_token: 'cli-once' }),
        });
      await expect(runNow()).rejects.toThrow();
      await expect(runNow()).rejects.toThrow();
      const runs = (await (
        await fetch(`${value.databricks.host}/api/2.2/jobs/runs/list?job_id=${jobId}&active_only=true`, {
          headers,
        })
      ).json()) as { runs: { trigger: string }[] };
      // The seeded history has no active run of this job: the one run is the one the lost answers made.
      expect(runs.runs).toHaveLength(1);
      await fetch(`${value.airflow.url}/api/v2/version`);
      const lines = () =>
        readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map(
            (line) =>
              JSON.parse(line) as { server: string; method: string; path: string; status: number | null },
          );
      // The first line is `dagdeck sim` asking its own Airflow for the version it announces.
      await waitFor(() => expect(lines()).toHaveLength(6));
      expect(
        lines().map((entry) => [entry.server, entry.method, entry.path.split('?')[0], entry.status]),
      ).toEqual([
        ['airflow', 'GET', '/api/v2/version', 200],
        ['databricks', 'GET', '/api/2.2/jobs/list', 200],
        ['databricks', 'POST', '/api/2.2/jobs/run-now', null],
        ['databricks', 'POST', '/api/2.2/jobs/run-now', null],
        ['databricks', 'GET', '/api/2.2/jobs/runs/list', 200],
        ['airflow', 'GET', '/api/v2/version', 200],
      ]);
    } finally {
      sim.child.kill('SIGTERM');
      expect(await sim.exit).toBe(ExitCode.sigterm);
    }
  }, 20_000);

  it('--failing-repair-tasks makes the repair of those task keys fail again', async () => {
    const sim = await start(['--speed', '5000', '--failing-repair-tasks', 'stress_tests,other']);
    const value = JSON.parse(sim.firstLine) as SimAnnouncement;
    try {
      const headers = { ...bearer(value.databricks.token), 'content-type': 'application/json' };
      const get = async <T>(path: string) =>
        (await (await fetch(`${value.databricks.host}/api/2.2/${path}`, { headers })).json()) as T;
      const [job] = (await get<{ jobs: { job_id: number }[] }>('jobs/list?name=eod_risk_models')).jobs;
      const { runs } = await get<{ runs: { run_id: number; state: { result_state?: string } }[] }>(
        `jobs/runs/list?job_id=${job?.job_id}&completed_only=true&limit=20`,
      );
      // A run that failed in stress_tests only (at this speed the Airflow side may add others).
      let failed: { run_id: number } | undefined;
      for (const run of runs.filter((r) => r.state.result_state === 'FAILED')) {
        const { tasks } = await get<{ tasks: { task_key: string; state: { result_state?: string } }[] }>(
          `jobs/runs/get?run_id=${run.run_id}`,
        );
        const failedKeys = new Set(
          tasks.filter((t) => t.state.result_state === 'FAILED').map((t) => t.task_key),
        );
        if (failedKeys.size === 1 && failedKeys.has('stress_tests')) failed = run;
      }
      expect(failed).toBeDefined();
      const repair = await fetch(`${value.databricks.host}/api/2.2/jobs/runs/repair`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ run_id: failed?.run_id, rerun_all_failed_tasks: true }),
      });
      expect(repair.status).toBe(200);
      await waitFor(
        async () => {
          const run = await get<{ state: { life_cycle_state: string; result_state?: string } }>(
            `jobs/runs/get?run_id=${failed?.run_id}`,
          );
          expect(run.state).toMatchObject({ life_cycle_state: 'TERMINATED', result_state: 'FAILED' });
        },
        { interval: 100 },
      );
    } finally {
      sim.child.kill('SIGTERM');
      expect(await sim.exit).toBe(ExitCode.sigterm);
    }
  }, 20_000);

  it('--latency-ms delays answers, --token-ttl sets both token lifetimes, --stall-rate 1 stalls bodies', async () => {
    const sim = await start(['--speed', '0', '--latency-ms', '200', '--stall-rate', '1', '--token-ttl', '1']);
    const value = JSON.parse(sim.firstLine) as SimAnnouncement;
    try {
      // Token endpoints are exempt from the stall (faults.ts), so both logins answer, late.
      const basic = Buffer.from(`${value.databricks.clientId}:${value.databricks.clientSecret}`).toString(
        'base64',
      );
      const started = performance.now();
      const [oauth, jwt] = await Promise.all([
        fetch(`${value.databricks.host}/oidc/v1/token`, {
          method: 'POST',
          headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
          body: 'grant_type=client_credentials&scope=all-apis',
        }).then((response) => response.json() as Promise<{ expires_in: number }>),
        fetch(`${value.airflow.url}/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: value.airflow.username, password: value.airflow.password }),
        }).then((response) => response.json() as Promise<{ access_token: string }>),
      ]);
      expect(performance.now() - started).toBeGreaterThanOrEqual(180);
      expect(oauth.expires_in).toBe(1);
      const claims = JSON.parse(
        Buffer.from(jwt.access_token.split('.')[1] ?? '', 'base64url').toString('utf8'),
      ) as { iat: number; exp: number };
      expect(claims.exp - claims.iat).toBe(1);
      // 200 ms of latency, then headers and a partial body that never ends.
      const jobs = await fetch(`${value.databricks.host}/api/2.2/jobs/list`, {
        headers: bearer(value.databricks.token),
        signal: AbortSignal.timeout(700),
      });
      expect(jobs.status).toBe(200);
      await expect(jobs.text()).rejects.toMatchObject({ name: 'TimeoutError' });
    } finally {
      sim.child.kill('SIGTERM');
      expect(await sim.exit).toBe(ExitCode.sigterm);
    }
  }, 20_000);

  it.each([
    [['--airflow', '4']],
    [['--error-rate', '2']],
    [['--reset-rate', '-1']],
    [['--reset-after-write-rate', '1.5']],
    [['--speed', 'fast']],
    [['--databricks-port', '70000']],
  ])('a bad option %j is a usage error (exit 2), one dagdeck: line', (args) => {
    const run = spawnSync(process.execPath, [binary, 'sim', ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(run.status).toBe(ExitCode.usage);
    expect(run.stderr).toMatch(/^dagdeck: /);
    expect(run.stdout).toBe('');
  });
});

describe('dagdeck sim on a busy port', () => {
  it('fails with one line naming the port and what to do (exit 1), and does not hang', async () => {
    const { createServer } = await import('node:net');
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const run = spawnSync(process.execPath, [binary, 'sim', '--airflow-port', String(port)], {
        cwd: root,
        encoding: 'utf8',
        timeout: 15_000,
      });
      expect(run.status).toBe(ExitCode.failure);
      expect(run.stderr.trim()).toBe(
        `dagdeck: cannot start the simulators: port ${port} on 127.0.0.1 is already in use; pick another with --airflow-port/--databricks-port, or leave them out for free ports`,
      );
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });
});
