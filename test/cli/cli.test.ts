// The dagdeck command line end to end (through tsx, so it needs no build): issue 2 item 2 and the
// "Done when" line "a corrupt config gives a one-line error naming the file, exit code non-zero,
// file unchanged". Exit codes are the documented ones (source/app/exitCodes.ts, README).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../source/version.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function dagdeck(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'cli.tsx', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DAGDECK_CONFIG_DIR: dir, DAGDECK_DEBUG: '', ...env },
    timeout: 15_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dagdeck command line (issue 2 item 2)', () => {
  it('--version and -V print the version from source/version.ts, which matches package.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    for (const flag of ['--version', '-V']) {
      const run = dagdeck([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(VERSION);
    }
  });

  it('--help lists the console options and the exit codes', () => {
    const run = dagdeck(['--help']);
    expect(run.code).toBe(0);
    for (const option of ['--demo', '--context <name>', '--read-only', '--no-alt-screen', '--debug']) {
      expect(run.stdout).toContain(option);
    }
    expect(run.stdout).toMatch(/Exit codes: 0 ok, 1 failure, 2 usage, 3 config error/);
  });

  it('an unknown option is a usage error: exit code 2, one "dagdeck:" line', () => {
    const run = dagdeck(['--bogus']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^dagdeck: unknown option '--bogus'/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  // Issue 10: `dagdeck dags trigger` used to answer "too many arguments".
  it('an unknown command, at the top or in a group, names itself and points at --help: exit 2, one line', () => {
    for (const [args, line] of [
      [['frobnicate'], "dagdeck: unknown command 'frobnicate' (see dagdeck --help)\n"],
      [['dags', 'frobnicate'], "dagdeck: unknown command 'frobnicate' (see dagdeck --help)\n"],
      [['tasks', 'clera'], "dagdeck: unknown command 'clera' (see dagdeck --help; did you mean clear?)\n"],
    ] as const) {
      const run = dagdeck([...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(line);
    }
    const missing = dagdeck(['dags', 'trigger']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("dagdeck: missing required argument 'DAG_ID'\n");
  });

  it('a corrupt config: one line naming the file, exit code 3, file unchanged, no stack', () => {
    const path = join(dir, 'config.json');
    writeFileSync(path, '{"schemaVersion": 1,,}', { mode: 0o600 });
    const before = readFileSync(path);
    const run = dagdeck([]);
    expect(run.code).toBe(3);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^dagdeck: config file .*config\.json is not valid JSON \(line 1, column \d+.*fix or move it$/,
    );
    expect(lines[0]).toContain(path);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a newer config file is refused with exit code 3 and left as it is', () => {
    const path = join(dir, 'config.json');
    const newer = JSON.stringify({ schemaVersion: 9, contexts: {} });
    writeFileSync(path, newer);
    const run = dagdeck(['--context', 'prod']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('schemaVersion 9, newer than this dagdeck understands');
    expect(readFileSync(path, 'utf8')).toBe(newer);
  });

  it('no context configured: exit code 3 and a hint at --demo', () => {
    const run = dagdeck([]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /^dagdeck: no context configured in .*; add one with `dagdeck context add`, or try `dagdeck --demo`\n$/,
    );
  });

  it('--debug puts the stack in dagdeck-debug.log (0600) and keeps stderr to one line', () => {
    writeFileSync(join(dir, 'config.json'), '[');
    const run = dagdeck(['--debug']);
    expect(run.code).toBe(3);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    const logPath = join(dir, 'dagdeck-debug.log');
    expect(statSync(logPath).mode & 0o777).toBe(0o600);
    const log = readFileSync(logPath, 'utf8');
    expect(log).toContain(`dagdeck ${VERSION} on node`);
    expect(log).toMatch(/command failed: config file .* is not valid JSON/);
    expect(log).toMatch(/\n {4}ConfigError: /);
  });
});
