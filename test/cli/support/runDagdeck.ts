// Runs the dagdeck command line (cli.tsx through tsx, no build needed; or the built binary, which
// starts in a fraction of the time) with an isolated config directory (DAGDECK_CONFIG_DIR, issue 4)
// and no D-Bus session, asynchronously so that a simulator running in the test process keeps
// answering.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** The built command line; `npm test` builds it before vitest. */
export const builtDagdeck = join(root, 'dist', 'dagdeck.js');

/** Builds dist/ when it is missing (a vitest run without `npm test`). */
export function ensureBuilt(): void {
  if (existsSync(builtDagdeck)) return;
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runDagdeck(
  args: string[],
  options: {
    configDir: string;
    env?: Record<string, string>;
    stdin?: string;
    /** Run dist/dagdeck.js instead of cli.tsx through tsx (call ensureBuilt() first). */
    built?: boolean;
    /** Killed after this long (default 20 s). */
    timeoutMs?: number;
    /** Called with each chunk of stdout as it arrives. */
    onStdout?: (chunk: string) => void;
  },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: options.configDir,
      DAGDECK_CONFIG_DIR: options.configDir,
      ...options.env,
    };
    const entry = options.built ? [builtDagdeck] : ['--import', 'tsx', 'cli.tsx'];
    const child = spawn(process.execPath, [...entry, ...args], {
      cwd: root,
      env,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(chunk);
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  });
}
