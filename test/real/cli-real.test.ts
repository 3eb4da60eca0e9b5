// The scriptable writes against a real Airflow 3 and 2 (issue 10 "Done when": clear, mark, trigger
// with conf and pause from the command line do what they say, the real scheduler reruns a cleared
// task, --dry-run changes nothing). Run by test/real/run.mjs, which builds dist/ first; skipped
// without a server. Every check reads the result back through the API and waits for states, never
// for a fixed time.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend } from '../../source/core/backend.js';
import type { SecretProvider } from '../../source/core/credentials.js';
import type { Run, TaskInstance } from '../../source/core/model.js';
import { createHttpClient } from '../../source/http/client.js';
import { ensureBuilt, runDagdeck } from '../cli/support/runDagdeck.js';

const url = process.env.DAGDECK_CONTRACT_AIRFLOW_URL;
const username = process.env.DAGDECK_CONTRACT_AIRFLOW_USERNAME ?? '';
const password = process.env.DAGDECK_CONTRACT_AIRFLOW_PASSWORD ?? '';
const markers = process.env.DAGDECK_REAL_MARKERS ?? '';
const secret = (value: string): SecretProvider => ({
  description: 'test',
  get: async () => ({ value, source: 'test' }),
  invalidate: () => {},
});

const http = createHttpClient();
afterAll(() => http.close());

describe.skipIf(!url)(
  `dagdeck's write commands against a real Airflow ${process.env.DAGDECK_REAL_AIRFLOW_FLAVOUR ?? ''}`,
  () => {
    const airflow: Backend = createAirflowBackend({
      baseUrl: url ?? '',
      http,
      auth: { kind: 'password', username, password: secret(password) },
    });
    let dir: string;

    beforeAll(async () => {
      ensureBuilt();
      dir = mkdtempSync(join(tmpdir(), 'dagdeck-real-cli-'));
      const added = await dagdeck([
        'context',
        'add',
        'real',
        '--airflow-url',
        url ?? '',
        '--airflow-user',
        username,
        '--use',
      ]);
      expect(added.code, added.stderr).toBe(0);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    function dagdeck(args: string[], timeoutMs = 60_000) {
      return runDagdeck(args, {
        configDir: dir,
        built: true,
        timeoutMs,
        env: { DAGDECK_AIRFLOW_PASSWORD: password },
      });
    }

    async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, seconds = 300): Promise<T> {
      const deadline = Date.now() + seconds * 1000;
      for (;;) {
        const value = await read();
        if (done(value)) return value;
        if (Date.now() > deadline)
          throw new Error(`gave up waiting; last value: ${JSON.stringify(value).slice(0, 400)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }

    const finished = (run: Run) => run.state === 'success' || run.state === 'failed';
    const task = (tasks: TaskInstance[], id: string, mapIndex?: number) =>
      tasks.find((t) => t.taskId === id && (mapIndex === undefined || t.mapIndex === mapIndex));

    /** Triggers through the command line and returns the new run's id (from --json). */
    async function triggerFromCli(dagId: string, extra: string[] = []): Promise<string> {
      const run = await dagdeck(['dags', 'trigger', dagId, '--yes', '--json', ...extra]);
      expect(run.code, run.stderr).toBe(0);
      const runId = JSON.parse(run.stdout).steps[0].runId as string;
      expect(runId).toMatch(/^dagdeck__/);
      return runId;
    }

    it('trigger with conf: --dry-run creates nothing; -p values reach the task typed; --wait exits 0 on success', async () => {
      const before = (await airflow.listRuns('real_params')).length;
      const dry = await dagdeck([
        'dags',
        'trigger',
        'real_params',
        '-p',
        'n=3',
        '-p',
        'mode=full',
        '--dry-run',
      ]);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain('conf n = 3');
      // Checked against the param's own schema (minimum 0) before anything is sent.
      const refused = await dagdeck(['dags', 'trigger', 'real_params', '-p', 'n=-1', '--yes']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/n: must be >= 0/);
      expect((await airflow.listRuns('real_params')).length).toBe(before);

      const runId = await triggerFromCli('real_params', [
        '-p',
        'n=3',
        '-p',
        'mode=full',
        '--note',
        `cli ${randomUUID()}`,
      ]);
      expect((await airflow.getRun('real_params', runId)).conf).toMatchObject({ n: 3, mode: 'full' });
      const ran = await until(() => airflow.getRun('real_params', runId), finished);
      expect(ran.state).toBe('success');
      const log = await dagdeck(['logs', 'real_params', runId, 'echo_params']);
      expect(log.code, log.stderr).toBe(0);
      expect(log.stdout).toMatch(/'n': 3/);

      const waited = await dagdeck(
        [
          'dags',
          'trigger',
          'real_params',
          '--conf',
          '{"n": 2}',
          '--note',
          `wait ${randomUUID()}`,
          '--yes',
          '--wait',
          '--poll-interval',
          '1s',
        ],
        300_000,
      );
      expect(waited.code, waited.stderr).toBe(0);
      expect(waited.stdout).toMatch(/ run dagdeck__\S+: success\n$/);
    }, 420_000);

    it('clear: --dry-run changes nothing; --yes makes the real scheduler rerun the failed task to success', async () => {
      const runId = await triggerFromCli('real_cli_clear', ['--note', `clear ${randomUUID()}`]);
      const failed = await until(() => airflow.getRun('real_cli_clear', runId), finished);
      expect(failed.state).toBe('failed');

      const dry = await dagdeck(['tasks', 'clear', 'real_cli_clear', runId, 'flaky', '--dry-run', '--json']);
      expect(dry.code, dry.stderr).toBe(0);
      const preview = JSON.parse(dry.stdout);
      expect(preview).toMatchObject({ dryRun: true, serverDryRun: true });
      expect(preview.affected.join('\n')).toContain('flaky');
      expect(preview.affected.join('\n')).toContain('after_flaky');
      expect(task(await airflow.listTasks('real_cli_clear', runId), 'flaky')?.state).toBe('failed');
      expect((await airflow.getRun('real_cli_clear', runId)).state).toBe('failed');

      mkdirSync(markers, { recursive: true });
      writeFileSync(join(markers, 'cli_flaky.ok'), 'ok');
      const clear = await dagdeck(['tasks', 'clear', 'real_cli_clear', runId, 'flaky', '--yes']);
      expect(clear.code, clear.stderr).toBe(0);
      const rerun = await until(
        () => airflow.getRun('real_cli_clear', runId),
        (run) => run.state === 'success',
      );
      expect(rerun.state).toBe('success');
      const tasks = await airflow.listTasks('real_cli_clear', runId);
      expect(task(tasks, 'flaky')?.state).toBe('success');
      expect(task(tasks, 'flaky')?.tryNumber).toBeGreaterThanOrEqual(2);
      expect(task(tasks, 'after_flaky')?.state).toBe('success');
    }, 420_000);

    it('mark: one map index success (--dry-run first changes nothing), then the run success', async () => {
      const runId = await triggerFromCli('real_mapped', ['--note', `mark ${randomUUID()}`]);
      await until(() => airflow.getRun('real_mapped', runId), finished);
      expect(task(await airflow.listTasks('real_mapped', runId), 'square', 1)?.state).toBe('failed');

      const dry = await dagdeck([
        'tasks',
        'mark',
        'real_mapped',
        runId,
        'square[1]',
        '--state',
        'success',
        '--dry-run',
      ]);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout).toContain('square');
      expect(task(await airflow.listTasks('real_mapped', runId), 'square', 1)?.state).toBe('failed');

      const mark = await dagdeck([
        'tasks',
        'mark',
        'real_mapped',
        runId,
        'square[1]',
        '--state',
        'success',
        '--yes',
      ]);
      expect(mark.code, mark.stderr).toBe(0);
      const listed = await dagdeck(['tasks', 'list', 'real_mapped', runId, '--json']);
      const tasks = JSON.parse(listed.stdout) as TaskInstance[];
      expect(tasks.filter((t) => t.taskId === 'square').map((t) => [t.mapIndex, t.state])).toEqual([
        [0, 'success'],
        [1, 'success'],
        [2, 'success'],
      ]);

      const runState = await dagdeck([
        'dags',
        'set-run-state',
        'real_mapped',
        runId,
        '--state',
        'success',
        '--yes',
      ]);
      expect(runState.code, runState.stderr).toBe(0);
      expect((await airflow.getRun('real_mapped', runId)).state).toBe('success');
    }, 420_000);

    it('pause and unpause: --dry-run changes nothing, then each does what it says', async () => {
      expect((await airflow.getWorkflow('real_retry')).paused).toBe(false);
      const dry = await dagdeck(['dags', 'pause', 'real_retry', '--dry-run']);
      expect(dry.code, dry.stderr).toBe(0);
      expect((await airflow.getWorkflow('real_retry')).paused).toBe(false);
      const pause = await dagdeck(['dags', 'pause', 'real_retry', '--yes']);
      expect(pause.code, pause.stderr).toBe(0);
      expect((await airflow.getWorkflow('real_retry')).paused).toBe(true);
      const unpause = await dagdeck(['dags', 'unpause', 'real_retry', '--yes']);
      expect(unpause.code, unpause.stderr).toBe(0);
      expect((await airflow.getWorkflow('real_retry')).paused).toBe(false);
    });

    it('the audit trail has every write the commands above sent', async () => {
      const run = await dagdeck(['audit', '--json']);
      const entries = JSON.parse(run.stdout) as Array<{ action: string; result: string }>;
      const actions = entries.filter((entry) => entry.result === 'ok').map((entry) => entry.action);
      for (const kind of ['trigger', 'clearTasks', 'markTaskState', 'markRunState', 'setPaused']) {
        expect(actions).toContain(kind);
      }
    });
  },
);
