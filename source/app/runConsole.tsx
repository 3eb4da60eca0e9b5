// Runs the full-screen console and always gives the terminal back. ink 6.8 has no alternate-screen
// option, so we write the sequences ourselves and restore them on every way out:
// a normal exit, Ctrl-C, SIGINT/SIGTERM/SIGHUP, an uncaught exception and an unhandled rejection.
// Restoring is synchronous (fs.writeSync) because after a crash or a signal the event loop may never
// get another turn to flush an async write.
//
// Running out of memory is the one crash JavaScript never sees: when V8 cannot grow the heap it
// aborts the process (exit 134) without an 'exit' event, and the terminal stays in the alternate
// screen with the cursor hidden. Node offers no hook for it, so the heap is watched instead: past
// 70% of its limit the console leaves like any other crash (terminal restored, one line, exit 1)
// while it still can. This catches a heap that grows across event-loop turns (pages arriving, logs
// streaming). The margin is wide because one turn can allocate a lot: on a CPU-starved machine many
// pages land between two looks, and at 85% a loaded test machine still saw V8 abort first. A
// single synchronous allocation that jumps over the limit still aborts, and SIGKILL cannot be
// caught at all. The lists are bounded (http/listLimits.ts) so neither should happen.
import { writeSync } from 'node:fs';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { render, useApp, useInput } from 'ink';
import type { ReactElement, ReactNode } from 'react';
import { errorLine, isAbortError } from '../core/errors.js';
import { ExitCode, exitCodeForSignal } from './exitCodes.js';
import { registerConsole } from './terminalHandover.js';

export const ENTER_ALT_SCREEN = '\x1b[?1049h';
export const LEAVE_ALT_SCREEN = '\x1b[?1049l';
export const HIDE_CURSOR = '\x1b[?25l';
export const SHOW_CURSOR = '\x1b[?25h';

export interface RunConsoleOptions {
  altScreen: boolean;
  /** Where a crash's stack goes (the debug log); the terminal only ever gets one line. */
  onCrash?: (error: unknown) => void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** How often the heap is looked at, and the share of its limit at which the console leaves. */
const HEAP_CHECK_MS = 100;
const HEAP_LEAVE_SHARE = 0.7;

/**
 * V8's heap limit counts the young generation too: three 16 MiB semi-spaces on 64-bit. What runs
 * out is the old generation (--max-old-space-size), so that is what is compared.
 */
const YOUNG_GENERATION_BYTES = 48 * 1024 * 1024;
const YOUNG_SPACES = new Set(['new_space', 'new_large_object_space']);

/** The error a heap near its limit ends the console with, or undefined while there is room. */
export function heapExhausted(share = HEAP_LEAVE_SHARE): Error | undefined {
  const { used_heap_size: used, heap_size_limit: limit } = getHeapStatistics();
  const oldLimit =
    limit - YOUNG_GENERATION_BYTES >= 16 * 1024 * 1024 ? limit - YOUNG_GENERATION_BYTES : limit;
  // Cheap first: the young generation is at most its reservation.
  if (used < oldLimit * share) return undefined;
  let young = 0;
  for (const space of getHeapSpaceStatistics()) {
    if (YOUNG_SPACES.has(space.space_name)) young += space.space_used_size;
  }
  const old = used - young;
  if (old < oldLimit * share) return undefined;
  const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
  return new Error(
    `out of memory: the heap reached ${mib(old)} MiB of its ${mib(oldLimit)} MiB limit, so the console stopped before the runtime would abort; narrow the lists (context add --max-list-items) or give it more with NODE_OPTIONS=--max-old-space-size=MIB`,
  );
}

/**
 * Ctrl-C arrives as a key, not a signal, while stdin is raw; ink's own exitOnCtrlC would exit with
 * 0, so it is off and this root turns Ctrl-C into exit code 130. It is also the one place the exit
 * code of the console comes from: the App calls ink's `exit(code)` (or `exit()` for 0).
 */
function ConsoleRoot({ children }: { children: ReactNode }): ReactNode {
  const { exit } = useApp();
  useInput((input, key) => {
    if (key.ctrl && input === 'c') exit(ExitCode.sigint);
  });
  return children;
}

function writeNow(fd: number, text: string): void {
  try {
    writeSync(fd, text);
  } catch {
    // The terminal is gone (SIGHUP, closed pty): nothing left to restore.
  }
}

/** Renders `element` full screen and resolves with the process exit code once it has exited. */
export async function runConsole(element: ReactElement, options: RunConsoleOptions): Promise<number> {
  const { stdin, stdout, stderr } = process;
  if (!stdin.isTTY || !stdout.isTTY) {
    writeNow(
      stderr.fd,
      'dagdeck: the console needs an interactive terminal (stdin and stdout are not both a TTY); use a subcommand such as `dagdeck dags list` in scripts\n',
    );
    return ExitCode.usage;
  }

  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    try {
      if (stdin.isTTY) stdin.setRawMode(false);
    } catch {
      // stdin already closed.
    }
    writeNow(stdout.fd, `${options.altScreen ? LEAVE_ALT_SCREEN : ''}${SHOW_CURSOR}`);
  };

  let settle: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => {
    settle = resolve;
  });

  const crash = (error: unknown): void => {
    if (isAbortError(error)) return; // a cancelled request that nobody awaited: not a crash
    restore();
    options.onCrash?.(error);
    writeNow(stderr.fd, `dagdeck: ${errorLine(error)}\n`);
    // The app is in an unknown state; do not wait for React to unwind.
    process.exit(ExitCode.failure);
  };
  // Unmounting (in `finally`) comes before leaving the alternate screen, so ink's last frame lands
  // on the alternate screen and not on the user's shell.
  let signalCode: number | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    signalCode ??= exitCodeForSignal(signal);
    settle(signalCode);
  };

  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  process.on('exit', restore);
  const heapWatch = setInterval(() => {
    const exhausted = heapExhausted();
    if (exhausted) crash(exhausted);
  }, HEAP_CHECK_MS);
  heapWatch.unref();

  if (options.altScreen) writeNow(stdout.fd, ENTER_ALT_SCREEN);
  writeNow(stdout.fd, HIDE_CURSOR);

  const instance = render(<ConsoleRoot>{element}</ConsoleRoot>, {
    patchConsole: false,
    exitOnCtrlC: false,
    maxFps: 30,
  });
  registerConsole({ instance, altScreen: options.altScreen });
  instance.waitUntilExit().then(
    (value) => settle(typeof value === 'number' ? value : ExitCode.ok),
    (error: unknown) => {
      options.onCrash?.(error);
      restore();
      writeNow(stderr.fd, `dagdeck: ${errorLine(error)}\n`);
      settle(ExitCode.failure);
    },
  );

  try {
    return await exited;
  } finally {
    registerConsole(undefined);
    try {
      instance.unmount();
    } catch {
      // Already unmounted.
    }
    restore();
    clearInterval(heapWatch);
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
    process.off('exit', restore);
    // A signal ends the process here, terminal restored, with the documented code (README "Exit
    // codes"). Letting the event loop drain is not enough: when-exit (atomically, under conf) re-sends
    // the signal to the process, and that second delivery, with our listener gone, would kill it by
    // the signal (no exit code) before the callers' cleanup finished. The debug log writes
    // synchronously, and sockets and the demo simulators go with the process.
    if (signalCode !== undefined) process.exit(signalCode);
  }
}
