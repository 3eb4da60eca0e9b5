// A small driver for end-to-end tests: runs the built console (dist/dagdeck.js) in a real
// pseudo-terminal and reads the screen through a headless xterm, the way gemini-cli's test rig and
// ink's term.ts helper do. Ink redraws with cursor moves and partial
// updates, so matching the raw byte stream would see stale text; the emulator gives what a user sees.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type IPty, spawn } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { KEY } from '../../support/keys.js';
import { WAIT_MS } from '../../support/wait.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** The binary under test; DAGDECK_E2E_BIN points elsewhere (a private build) when needed. */
export const consoleBin = process.env.DAGDECK_E2E_BIN ?? `${root}dist/dagdeck.js`;

export const ENTER_ALT_SCREEN = '\x1b[?1049h';
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';
export const SHOW_CURSOR = '\x1b[?25h';

export interface ConsoleOptions {
  args?: readonly string[];
  cols?: number;
  rows?: number;
  env?: Readonly<Record<string, string>>;
}

export interface WaitOptions {
  /** How long to poll the screen; generous by default because two simulators start first. */
  timeoutMs?: number;
}

export class PtyConsole {
  readonly exited: Promise<number>;
  private readonly pty: IPty;
  private readonly term: InstanceType<typeof xterm.Terminal>;
  private raw = '';
  private exitCode: number | undefined;

  constructor(options: ConsoleOptions = {}) {
    if (!existsSync(consoleBin)) {
      throw new Error(`${consoleBin} is missing: run \`npm run build\` before the e2e tests`);
    }
    const cols = options.cols ?? 120;
    const rows = options.rows ?? 40;
    this.term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined) env[key] = value;
    }
    // CI and NO_COLOR from the test runner must not change what the console draws.
    delete env.CI;
    delete env.NO_COLOR;
    Object.assign(env, { TERM: 'xterm-256color', FORCE_COLOR: '1' }, options.env);
    this.pty = spawn(process.execPath, [consoleBin, ...(options.args ?? [])], {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: root,
      env,
    });
    this.pty.onData((data) => {
      this.raw += data;
      this.term.write(data);
    });
    this.exited = new Promise<number>((resolve) => {
      // A process killed by a signal reports exit code 0 and the signal apart; a shell would say
      // 128 + signal (134 for an abort), and so do the tests, so a crash never reads as success.
      this.pty.onExit(({ exitCode, signal }) => {
        this.exitCode = signal ? 128 + signal : exitCode;
        resolve(this.exitCode);
      });
    });
  }

  /** Whether the console has ended (on its own or killed). */
  get hasExited(): boolean {
    return this.exitCode !== undefined;
  }

  /** Every byte the console wrote, escape sequences included. */
  output(): string {
    return this.raw;
  }

  /** The visible screen as plain text, one line per row, trailing blanks trimmed. */
  screen(): string {
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let y = 0; y < this.term.rows; y++) {
      lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    }
    return lines.join('\n');
  }

  /** The screen rows that contain `text` (0-based), to check where things are laid out. */
  rowsWith(text: string): number[] {
    return this.screen()
      .split('\n')
      .flatMap((line, index) => (line.includes(text) ? [index] : []));
  }

  /** Polls until the screen shows every one of `texts`; fails with the screen it last saw. */
  async waitFor(texts: string | RegExp | ReadonlyArray<string | RegExp>, options: WaitOptions = {}) {
    const wanted = Array.isArray(texts) ? texts : [texts];
    return this.waitUntil(
      (screen) => wanted.every((t) => (typeof t === 'string' ? screen.includes(t) : t.test(screen))),
      `the screen to show ${wanted.map(String).join(', ')}`,
      options,
    );
  }

  /** Polls until `predicate(screen)` holds; fails with a description and the last screen. */
  async waitUntil(
    predicate: (screen: string) => boolean,
    what: string,
    options: WaitOptions = {},
  ): Promise<string> {
    const deadline = Date.now() + (options.timeoutMs ?? WAIT_MS);
    for (;;) {
      await flush(this.term);
      const screen = this.screen();
      if (predicate(screen)) return screen;
      if (this.exitCode !== undefined) {
        throw new Error(`console exited (${this.exitCode}) while waiting for ${what}:\n${screen}`);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
      await delay(50);
    }
  }

  /**
   * Types keys one at a time with a short pause between them: a lone Esc followed at once by a
   * letter would reach ink as alt+letter, and ink re-subscribes its input handlers only after a
   * frame. The pause paces input; nothing asserts on time.
   */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) {
      this.pty.write(key);
      await delay(key === KEY.esc ? 120 : 60);
    }
  }

  /** Types text as one burst (a filter or a command line). */
  async type(text: string): Promise<void> {
    for (const ch of text) this.pty.write(ch);
    await delay(60);
  }

  resize(cols: number, rows: number): void {
    this.pty.resize(cols, rows);
    this.term.resize(cols, rows);
  }

  kill(signal?: string): void {
    if (this.exitCode === undefined) this.pty.kill(signal);
  }
}

/** Waits until xterm has parsed everything written so far. */
function flush(term: InstanceType<typeof xterm.Terminal>): Promise<void> {
  return new Promise((resolve) => term.write('', resolve));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
