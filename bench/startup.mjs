// Start-up time (users open dagdeck mid-incident, so it must start fast). Measures, on the built bundle:
//   1. `node dist/dagdeck.js --version` and `--help`: wall time from spawn to exit;
//   2. time to first frame: spawn in a real pseudo-terminal until the first visible text of the
//      console arrives, with `dagdeck --demo` (which also starts both simulators in-process).
// Usage: npm run build && node bench/startup.mjs [--runs N] [--bin dist/dagdeck.js] [--no-write].
// Writes bench/results/startup.json (unless --no-write).
import { spawn as spawnChild } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawn as spawnPty } from '@lydell/node-pty';
import { binary, flag } from './support/args.mjs';
import { benchEnv } from './support/env.mjs';
import { root } from './support/paths.mjs';
import { writeResults } from './support/results.mjs';
import { summarise } from './support/stats.mjs';

const runs = Number(flag('--runs', 20));
// A throwaway config directory: the bench never reads or writes the user's config.
const configDir = mkdtempSync(join(tmpdir(), 'dagdeck-bench-'));
const env = benchEnv({ HOME: configDir, DAGDECK_CONFIG_DIR: configDir, FORCE_COLOR: '1' });

function timeExit(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawnChild(process.execPath, args, { env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${args.join(' ')} exited with ${code}`));
      else resolve(performance.now() - started);
    });
  });
}

const ENTER_ALT_SCREEN = '\x1b[?1049h';
const SEQUENCES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*(\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Resolves with ms until visible text appears, or rejects if the program exits first. */
function timeFirstFrame(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const pty = spawnPty(process.execPath, args, { cols: 120, rows: 40, cwd: root, env });
    let output = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error('no frame within 15 s')), 15_000);
    function finish(result) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      pty.kill('SIGTERM');
      if (result instanceof Error) reject(result);
      else resolve(result);
    }
    pty.onData((data) => {
      output += data;
      // The frame is what is drawn on the alternate screen; an error line printed before it is not.
      const screen = output.indexOf(ENTER_ALT_SCREEN);
      if (screen >= 0 && output.slice(screen).replace(SEQUENCES, '').trim() !== '') {
        finish(performance.now() - started);
      }
    });
    pty.onExit(({ exitCode }) =>
      finish(
        new Error(
          `exited with ${exitCode} before a frame: ${output.replace(SEQUENCES, '').trim().slice(0, 200)}`,
        ),
      ),
    );
  });
}

async function repeat(times, measure) {
  const samples = [];
  await measure(); // warm the file cache once; not counted
  for (let i = 0; i < times; i += 1) samples.push(await measure());
  return summarise(samples);
}

try {
  const version = await repeat(runs, () => timeExit([binary, '--version']));
  const help = await repeat(runs, () => timeExit([binary, '--help']));
  const baseline = await repeat(runs, () => timeExit(['-e', '0']));
  const frameRuns = Math.max(5, Math.round(runs / 2));
  const firstFrame = await repeat(frameRuns, () => timeFirstFrame([binary, '--demo']));

  const rows = [
    ['node -e 0 (baseline)', baseline],
    ['dagdeck --version', version],
    ['dagdeck --help', help],
    ['first frame: dagdeck --demo', firstFrame],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`${'scenario'.padEnd(width)}  runs  median ms  p95 ms`);
  for (const [label, s] of rows) {
    console.log(
      `${label.padEnd(width)}  ${String(s.n).padStart(4)}  ${String(s.median).padStart(9)}  ${String(s.p95).padStart(6)}`,
    );
  }

  writeResults('startup.json', {
    baseline,
    version,
    help,
    firstFrame: { target: 'dagdeck --demo', ...firstFrame },
  });
} finally {
  rmSync(configDir, { recursive: true, force: true });
}
