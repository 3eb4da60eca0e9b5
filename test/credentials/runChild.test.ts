// The one runner of helper programs (issue 13: "a token command that starts a child prints its
// timeout line but dagdeck never exits: only the direct child is killed and the grandchild holds
// the pipe"; "a token command receives the other backend's secrets in its environment").
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Timeout } from '../../source/core/errors.js';
import { minimalEnv, runChild } from '../../source/credentials/runChild.js';
import { runTokenCommand } from '../../source/credentials/tokenCommand.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-child-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** True while a process with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A shell script that starts a grandchild holding stdout, records its pid, then waits or exits. */
function script(body: string): string {
  const path = join(dir, 'token.sh');
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}

describe('runChild (issue 13)', () => {
  it('a timeout ends the whole group: the grandchild holding the pipe dies and the call returns', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const command = script(`sleep 60 & echo $! > ${pidFile}\nwait`);
    const started = Date.now();
    const error = await runTokenCommand({ argv: [command], timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Timeout);
    expect((error as Error).message).toContain(
      'did not finish within 300 ms and was stopped with everything it started',
    );
    // Returned near the timeout, not when the grandchild would have ended.
    expect(Date.now() - started).toBeLessThan(10_000);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    await until(() => !alive(grandchild), 'the grandchild to be gone');
  });

  it('a command that exits but leaves a grandchild holding stdout still answers with what it printed', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const command = script(`echo the-token\nsleep 60 & echo $! > ${pidFile}\nexit 0`);
    await expect(runTokenCommand({ argv: [command], timeoutMs: 5000 })).resolves.toBe('the-token');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    await until(() => !alive(grandchild), 'the leftover grandchild to be gone');
  });

  it('a daemon started in a session of its own holding stdout: the deadline still returns what the command printed', async () => {
    // The daemon is out of reach of the group kill; only a deadline that outlives the exit ends the wait.
    const pidFile = join(dir, 'daemon.pid');
    const helper = [
      "const daemon = require('node:child_process').spawn('sleep', ['60'], { detached: true, stdio: ['ignore', 'inherit', 'ignore'] });",
      `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(daemon.pid));`,
      'daemon.unref();',
      "process.stdout.write('the-token\\n');",
    ].join('\n');
    try {
      const started = Date.now();
      const outcome = await runChild({
        command: process.execPath,
        args: ['-e', helper],
        env: minimalEnv(process.env),
        timeoutMs: 500,
      });
      expect(outcome).toMatchObject({ kind: 'exited', code: 0, stdout: 'the-token\n' });
      // Ended by the deadline (the pipe stayed open after the exit), and not much later.
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    }
  });

  it('the environment is minimal: PATH, HOME, the locale and what the user named; no other secret', async () => {
    const parent = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: '/home/ops',
      LANG: 'en_GB.UTF-8',
      LC_TIME: 'C',
      VAULT_ADDR: 'https://vault.example.com',
      DATABRICKS_TOKEN: 'dapi-other-backend-secret',
      DAGDECK_AIRFLOW_PASSWORD: 'airflow-secret',
      AWS_SECRET_ACCESS_KEY: 'aws-secret',
    };
    const printEnv = [process.execPath, '-e', 'process.stdout.write(JSON.stringify(process.env))'];
    const seen = JSON.parse(await runTokenCommand({ argv: printEnv, env: parent, passEnv: ['VAULT_ADDR'] }));
    expect(seen).toEqual({
      PATH: parent.PATH,
      HOME: '/home/ops',
      LANG: 'en_GB.UTF-8',
      LC_TIME: 'C',
      VAULT_ADDR: 'https://vault.example.com',
    });
    expect(minimalEnv(parent)).not.toHaveProperty('VAULT_ADDR');
  });

  it('runs in its own process group', async () => {
    const outcome = await runChild({
      command: process.execPath,
      args: [
        '-e',
        "process.stdout.write(require('node:child_process').execSync('ps -o pgid= -p ' + process.pid).toString().trim() + ' ' + process.pid)",
      ],
      env: minimalEnv(process.env),
      timeoutMs: 5000,
    });
    expect(outcome.kind).toBe('exited');
    if (outcome.kind !== 'exited') return;
    const [pgid, pid] = outcome.stdout.split(' ');
    expect(pgid).toBe(pid);
    expect(Number(pgid)).not.toBe(process.pid);
  });

  it("the caller's abort ends the group and rejects with the caller's reason", async () => {
    const controller = new AbortController();
    const pending = runChild({
      command: 'sleep',
      args: ['60'],
      env: minimalEnv(process.env),
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    controller.abort(new Error('user left'));
    await expect(pending).rejects.toThrow('user left');
  });
});
