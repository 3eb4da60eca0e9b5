// The anchor the log benches compare with: `less` on the same file in a pseudo-terminal of the same
// size, timed from spawn to the output that contains the expected text.
import { performance } from 'node:perf_hooks';
import { spawn as spawnPty } from '@lydell/node-pty';
import { root } from './paths.mjs';
import { COLS, ROWS } from './ptyConsole.mjs';
import { round } from './stats.mjs';

/** Ms from spawning `less …args` until its output shows `expected`; then it is quit. */
export function lessUntil(args, expected, timeoutMs = 120_000) {
  return new Promise((resolveTime, reject) => {
    const started = performance.now();
    const pty = spawnPty('less', args, {
      cols: COLS,
      rows: ROWS,
      cwd: root,
      env: { ...process.env, LESS: '', LESSOPEN: '' },
    });
    let seen = '';
    const timer = setTimeout(() => {
      pty.kill();
      reject(new Error(`less did not show ${expected}`));
    }, timeoutMs);
    pty.onData((data) => {
      // A window over the output: the text may straddle two chunks.
      seen = (seen + data).slice(-16384);
      if (seen.includes(expected)) {
        clearTimeout(timer);
        const ms = performance.now() - started;
        pty.write('q');
        setTimeout(() => pty.kill(), 200);
        resolveTime(round(ms));
      }
    });
  });
}
