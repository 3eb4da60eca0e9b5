// Runs the dagdeck command line (cli.tsx through tsx, no build needed) with an isolated config
// directory (DAGDECK_CONFIG_DIR, issue 4) and no D-Bus session, asynchronously so that a simulator
// running in the test process keeps answering.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runDagdeck(
  args: string[],
  options: { configDir: string; env?: Record<string, string>; stdin?: string },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: options.configDir,
      DAGDECK_CONFIG_DIR: options.configDir,
      ...options.env,
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli.tsx', ...args], {
      cwd: root,
      env,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  });
}
