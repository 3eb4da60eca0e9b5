// `dagdeck dags import-errors` (issue 4 "Commands") against the
// Airflow simulator in both flavours, whose seed has one broken file (vendor_feed_loader), and
// against a loopback server whose trace carries escape sequences (printed inert, never driving the terminal).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exceptionLine } from '../../source/cli/import-errors.js';
import { type AirflowSim, startAirflowSim } from '../../source/sim/airflow/server.js';
import { createSimClock } from '../../source/sim/clock.js';
import { startTestServer } from '../airflow/support/startTestServer.js';
import { runDagdeck } from './support/runDagdeck.js';

const SEEDED_EXCEPTION = "ModuleNotFoundError: No module named 'vendor_sdk'";

describe.each([2, 3] as const)('Airflow %i simulator', (flavour) => {
  let dir: string;
  let sim: AirflowSim;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dagdeck-ie-'));
    sim = await startAirflowSim({ flavour, clock: createSimClock(), host: '127.0.0.1', port: 0 });
    const add = await runDagdeck(
      ['context', 'add', 'af', '--airflow-url', sim.url, '--airflow-user', sim.username],
      { configDir: dir },
    );
    expect(add.code).toBe(0);
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--json: the seeded broken file with its whole stack trace; the table shows file, time, exception', async () => {
    const env = { DAGDECK_AIRFLOW_PASSWORD: sim.password };
    const json = await runDagdeck(['dags', 'import-errors', '--json', '--context', 'af'], {
      configDir: dir,
      env,
    });
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const errors = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    // Airflow 3 names the file relative to its bundle, Airflow 2 by its absolute path.
    const file = flavour === 3 ? 'vendor_feed_loader.py' : '/opt/airflow/dags/vendor_feed_loader.py';
    expect(errors).toEqual([
      {
        id: expect.any(Number),
        filename: file,
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        stackTrace: expect.stringMatching(/^Traceback \(most recent call last\):\n[\s\S]*vendor_sdk'\n$/),
      },
    ]);

    const table = await runDagdeck(['dags', 'import-errors', '--context', 'af'], { configDir: dir, env });
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^FILE\s+WHEN\s+ERROR$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.split(/ {2,}/)).toEqual([file, errors[0]?.timestamp, SEEDED_EXCEPTION]);
  });

  it('--token-file supplies the password; a wrong one exits 4 on one line, unprinted', async () => {
    const right = join(dir, 'password-right');
    writeFileSync(right, `${sim.password}\n`, { mode: 0o600 });
    const ok = await runDagdeck(['dags', 'import-errors', '--context', 'af', '--token-file', right], {
      configDir: dir,
    });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(SEEDED_EXCEPTION);
    const run = await runDagdeck(['dags', 'import-errors', '--context', 'af'], {
      configDir: dir,
      env: { DAGDECK_AIRFLOW_PASSWORD: 'wrong-password-789' },
    });
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toContain('wrong-password-789');
  });
});

describe('dags import-errors against a loopback Airflow 2', () => {
  it('no escape sequence from the server reaches the terminal; an empty list says so', async () => {
    let errors: unknown[] = [
      {
        import_error_id: 1,
        timestamp: '2026-03-20T10:00:00+00:00',
        filename: '/dags/\u001b[2J\u001b]0;owned\u0007evil.py',
        stack_trace:
          'Traceback (most recent call last):\n  File "/dags/evil.py", line 1, in <module>\nValueError: \u001b]52;c;ZWNobyBoaQ==\u0007boom\u001b[31m red\n',
      },
    ];
    const server = await startTestServer((req, reply) => {
      if (req.path === '/api/v1/version') return reply.json(200, { version: '2.10.5' });
      if (req.path === '/api/v1/importErrors') {
        return reply.json(200, { import_errors: errors, total_entries: errors.length });
      }
      reply.json(404, { title: 'Not Found' });
    });
    const dir = mkdtempSync(join(tmpdir(), 'dagdeck-ie-'));
    try {
      const add = await runDagdeck(
        ['context', 'add', 'evil', '--airflow-url', server.url, '--airflow-user', 'u'],
        {
          configDir: dir,
        },
      );
      expect(add.code).toBe(0);
      const env = { DAGDECK_AIRFLOW_PASSWORD: 'p' };
      const table = await runDagdeck(['dags', 'import-errors', '--context', 'evil'], { configDir: dir, env });
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
      expect(table.stdout).toContain('evil.py');
      expect(table.stdout).toMatch(/ValueError: .*boom.* red/);
      // --json keeps the trace whole, its control characters escaped by JSON itself.
      const json = await runDagdeck(['dags', 'import-errors', '--json', '--context', 'evil'], {
        configDir: dir,
        env,
      });
      expect(json.code).toBe(0);
      expect(json.stdout).not.toContain('\u001b');
      expect(JSON.parse(json.stdout)[0].stackTrace).toContain('\u001b]52;c;');

      errors = [];
      const none = await runDagdeck(['dags', 'import-errors', '--context', 'evil'], { configDir: dir, env });
      expect(none.code).toBe(0);
      expect(none.stdout).toBe('no import errors\n');
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('exceptionLine', () => {
  it('is the line after the last frame, not the last line of a multi-line message', () => {
    const timeout = [
      'Traceback (most recent call last):',
      '  File "/dags/slow.py", line 3, in <module>',
      '    time.sleep(60)',
      'airflow.exceptions.AirflowTaskTimeout: DagBag import timeout for /dags/slow.py after 30.0s.',
      'Please take a look at these docs to improve your DAG import time:',
      '* https://airflow.apache.org/docs/apache-airflow/2.10.5/best-practices.html#top-level-python-code',
      '',
    ].join('\n');
    expect(exceptionLine(timeout)).toBe(
      'airflow.exceptions.AirflowTaskTimeout: DagBag import timeout for /dags/slow.py after 30.0s.',
    );
    const syntax =
      'Traceback (most recent call last):\n  File "/d/x.py", line 2\n    def (\n        ^\nSyntaxError: invalid syntax\n';
    expect(exceptionLine(syntax)).toBe('SyntaxError: invalid syntax');
  });

  it('a message without a traceback gives its first line; an empty trace gives nothing', () => {
    expect(exceptionLine('Cycle detected in DAG: a_dag. Faulty task: t1\nmore')).toBe(
      'Cycle detected in DAG: a_dag. Faulty task: t1',
    );
    expect(exceptionLine('')).toBe('');
  });
});
