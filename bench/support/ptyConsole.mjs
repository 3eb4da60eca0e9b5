// The console as a user sees it: dagdeck in a real pseudo-terminal (node-pty) whose output feeds a
// headless terminal emulator (@xterm/headless), so every wait is judged on the screen itself and
// not on the bytes, and every time is taken when the output that changed the screen arrived.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn as spawnPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { root } from './paths.mjs';

export const COLS = 160;
export const ROWS = 48;
const ENTER_ALT_SCREEN = '\x1b[?1049h';

export class PtyConsole {
  /**
   * Spawns `node …nodeArgs` (the build and its flags, after any node flags) in a COLS×ROWS colour
   * terminal with `env`.
   */
  constructor(nodeArgs, env) {
    this.term = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true });
    this.waiters = new Set();
    /** Whether the console has switched to the alternate screen (ink's full-screen mode). */
    this.altScreen = false;
    /** The exit code and time, once it has exited. */
    this.exited = undefined;
    /** Output chunks so far: a frame rate is their count over a quiet interval. */
    this.chunks = 0;
    /** The last 4 KiB of raw output, for sequences the screen does not show (leaving the alt screen). */
    this.raw = '';
    this.startedAt = Date.now();
    this.started = performance.now();
    const colour = { ...env, TERM: 'xterm-256color', FORCE_COLOR: '1' };
    delete colour.NO_COLOR;
    delete colour.CI;
    this.pty = spawnPty(process.execPath, nodeArgs, {
      cols: COLS,
      rows: ROWS,
      cwd: root,
      env: colour,
      name: 'xterm-256color',
    });
    const exited = new Promise((resolveExit) => this.pty.onExit(resolveExit));
    this.exit = exited;
    this.pty.onData((data) => {
      const arrived = performance.now();
      this.chunks += 1;
      if (!this.altScreen && data.includes(ENTER_ALT_SCREEN)) this.altScreen = true;
      this.raw = (this.raw + data).slice(-4096);
      // Parsing is asynchronous; a waiter is judged on the screen after this chunk, timed at its arrival.
      this.term.write(data, () => this.check(arrived));
    });
    exited.then(({ exitCode }) => {
      this.exited = { code: exitCode, at: performance.now() };
      for (const waiter of this.waiters) waiter.fail(new Error(`dagdeck exited with ${exitCode}`));
    });
  }

  get pid() {
    return this.pty.pid;
  }

  /** The visible screen, one string per row, trailing blanks trimmed. */
  lines() {
    const buffer = this.term.buffer.active;
    return Array.from(
      { length: ROWS },
      (_, i) => buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '',
    );
  }

  check(arrived) {
    if (this.waiters.size === 0) return;
    const lines = this.lines();
    for (const waiter of this.waiters) {
      if (waiter.predicate(lines)) {
        this.waiters.delete(waiter);
        waiter.done(arrived);
      }
    }
  }

  /**
   * Resolves with the arrival time of the output chunk after which `predicate(screen lines)` holds
   * (now, if it already does); rejects after `timeoutMs` or if the console exits first.
   */
  until(predicate, what, timeoutMs = 120_000) {
    if (predicate(this.lines())) return Promise.resolve(performance.now());
    return new Promise((resolveAt, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no ${what} within ${timeoutMs} ms; screen:\n${this.lines().join('\n')}`));
      }, timeoutMs);
      const waiter = {
        predicate,
        done: (at) => {
          clearTimeout(timer);
          resolveAt(at);
        },
        fail: (error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(error);
        },
      };
      if (this.exited) waiter.fail(new Error(`dagdeck exited with ${this.exited.code}`));
      else this.waiters.add(waiter);
    });
  }

  /** Writes `keys`; resolves with the ms until the screen shows their effect. */
  async press(keys, predicate, what, timeoutMs = 30_000) {
    const sent = performance.now();
    this.pty.write(keys);
    return (await this.until(predicate, what, timeoutMs)) - sent;
  }

  /** Types keys one by one, far enough apart for each to be its own frame (esc waits out its sequence timeout). */
  async keys(...sequence) {
    for (const key of sequence) {
      this.pty.write(key);
      await sleep(key === '\x1b' ? 150 : 80);
    }
  }

  /** `q`, then SIGTERM if it has not exited within 5 s. */
  async quit() {
    if (this.exited) return;
    this.pty.write('q');
    const timeout = sleep(5_000).then(() => 'timeout');
    if ((await Promise.race([this.exit, timeout])) === 'timeout') {
      this.pty.kill('SIGTERM');
      await this.exit;
    }
  }
}
