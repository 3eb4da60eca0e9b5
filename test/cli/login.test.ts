// `dagdeck login` (issue 4 "Commands"): a token command is
// registered (it runs once to check it), the keychain is never silently replaced by plaintext, and
// --insecure-storage warns before it writes a 0600 file. No secret reaches the config or the screen.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDagdeck } from './support/runDagdeck.js';

let dir: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-login-'));
  const add = await runDagdeck(
    ['context', 'add', 'prod', '--airflow-url', 'http://127.0.0.1:1', '--airflow-user', 'admin'],
    { configDir: dir },
  );
  expect(add.code).toBe(0);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const SECRET = 'login-test-secret-7f3a';
const configText = () => readFileSync(join(dir, 'config.json'), 'utf8');

describe('dagdeck login', () => {
  it('--token-command: runs it once, stores the argv (not the output) in the context', async () => {
    const script = `process.stdout.write('${SECRET}')`;
    const run = await runDagdeck(['login', '--token-command', `${process.execPath} -e "${script}"`], {
      configDir: dir,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/token command .* registered for airflow of context prod/);
    expect(run.stdout).not.toContain(SECRET);
    const airflow = JSON.parse(configText()).contexts.prod.airflow;
    expect(airflow.credential).toEqual({ kind: 'command', argv: [process.execPath, '-e', script] });
    // The argv holds the literal program text; what it prints is never stored.
    expect(configText().split(SECRET).length - 1).toBe(1);
  });

  it('a token command that fails is not registered: one line, exit 4', async () => {
    const run = await runDagdeck(['login', '--token-command', `${process.execPath} -e "process.exit(2)"`], {
      configDir: dir,
    });
    expect(run.code).toBe(4);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(configText()).contexts.prod.airflow.credential).toEqual({ kind: 'keychain' });
  });

  it('no D-Bus session: refuses to store (no silent plaintext fallback, cli/cli#7757), says what to do', async () => {
    const run = await runDagdeck(['login', '--token-stdin'], { configDir: dir, stdin: `${SECRET}\n` });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(
      /^dagdeck: cannot store the secret in the keychain \(keychain skipped: no D-Bus session .*\): use --token-command, an environment variable, or --insecure-storage\n$/,
    );
    expect(run.stderr).not.toContain(SECRET);
    expect(() => statSync(join(dir, 'secrets'))).toThrow();
  });

  it('--insecure-storage: warns first, writes a 0600 file, the config names only its path', async () => {
    const run = await runDagdeck(['login', '--token-stdin', '--insecure-storage'], {
      configDir: dir,
      stdin: `${SECRET}\n`,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^dagdeck: warning: storing the secret in PLAINTEXT/);
    const path = join(dir, 'secrets', 'prod.airflow');
    expect(readFileSync(path, 'utf8').trim()).toBe(SECRET);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(configText()).contexts.prod.airflow.credential).toEqual({
      kind: 'insecure-file',
      path,
    });
    expect(configText()).not.toContain(SECRET);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it('a context with both backends needs --backend; a world-readable --token-file is refused', async () => {
    await runDagdeck(
      ['context', 'add', 'both', '--airflow-url', 'https://a', '--databricks-host', 'https://b'],
      {
        configDir: dir,
      },
    );
    const ambiguous = await runDagdeck(['login', '--context', 'both', '--token-stdin'], {
      configDir: dir,
      stdin: 'x',
    });
    expect(ambiguous.code).toBe(3);
    expect(ambiguous.stderr).toMatch(/pass --backend airflow or --backend databricks/);

    const { writeFileSync, chmodSync } = await import('node:fs');
    const file = join(dir, 'token');
    writeFileSync(file, SECRET);
    chmodSync(file, 0o644);
    const open = await runDagdeck(['login', '--token-file', file, '--insecure-storage'], { configDir: dir });
    expect(open.code).toBe(3);
    expect(open.stderr).toMatch(/is readable by others \(mode 644\): run `chmod 600/);
  });
});
