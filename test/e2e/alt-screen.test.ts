// The alternate screen is always restored (issue 2 "Done when"): a real
// pseudo-terminal runs test/fixtures/alt-screen-app.tsx through runConsole and leaves it every way
// a console can end. Exit codes are the documented ones (source/app/exitCodes.ts, README).
import { fileURLToPath } from 'node:url';
import { spawn } from '@lydell/node-pty';
import { describe, expect, it } from 'vitest';

const ENTER = '\x1b[?1049h';
const LEAVE = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';
const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/alt-screen-app.tsx', import.meta.url));

interface Session {
  output: () => string;
  write: (data: string) => void;
  kill: (signal: string) => void;
  ready: Promise<void>;
  exited: Promise<number>;
}

function start(args: string[] = []): Session {
  const pty = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], {
    cols: 80,
    rows: 24,
    cwd: root,
    env: { ...process.env, FORCE_COLOR: '0', TERM: 'xterm-256color' },
  });
  let output = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  pty.onData((data) => {
    output += data;
    if (output.includes('ready')) markReady();
  });
  const exited = new Promise<number>((resolve) => {
    pty.onExit(({ exitCode }) => resolve(exitCode));
  });
  return {
    output: () => output,
    write: (data) => pty.write(data),
    kill: (signal) => pty.kill(signal),
    ready,
    exited,
  };
}

function expectRestored(output: string): void {
  const enter = output.indexOf(ENTER);
  const leave = output.lastIndexOf(LEAVE);
  expect(enter).toBeGreaterThanOrEqual(0);
  expect(leave).toBeGreaterThan(enter);
  expect(output.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(enter);
  // The frame was drawn inside the alternate screen, not on the user's shell.
  expect(output.indexOf('ready')).toBeGreaterThan(enter);
  expect(output.indexOf('ready')).toBeLessThan(leave);
}

describe('alternate screen in a real pseudo-terminal (ink-style.md §4.8)', () => {
  it('normal exit: restored, exit code 0', async () => {
    const session = start();
    await session.ready;
    session.write('q');
    expect(await session.exited).toBe(0);
    expectRestored(session.output());
  });

  it('Ctrl-C: restored, exit code 130', async () => {
    const session = start();
    await session.ready;
    session.write('\x03');
    expect(await session.exited).toBe(130);
    expectRestored(session.output());
  });

  it('SIGTERM: restored, exit code 143', async () => {
    const session = start();
    await session.ready;
    session.kill('SIGTERM');
    expect(await session.exited).toBe(143);
    expectRestored(session.output());
  });

  it('uncaught exception: restored, one line on stderr without the stack, exit code 1', async () => {
    const session = start();
    await session.ready;
    session.write('x');
    expect(await session.exited).toBe(1);
    const output = session.output();
    expectRestored(output);
    const after = output.slice(output.lastIndexOf(LEAVE));
    expect(after).toContain('dagdeck: fixture exploded');
    expect(after).not.toContain('at a stack line');
  });

  it('unhandled rejection: restored, exit code 1', async () => {
    const session = start();
    await session.ready;
    session.write('r');
    expect(await session.exited).toBe(1);
    expectRestored(session.output());
    expect(session.output()).toContain('dagdeck: fixture rejected');
  });

  it('--no-alt-screen never enters the alternate screen but still shows the cursor again', async () => {
    const session = start(['--no-alt-screen']);
    await session.ready;
    session.write('q');
    expect(await session.exited).toBe(0);
    expect(session.output()).not.toContain(ENTER);
    expect(session.output()).toContain(SHOW_CURSOR);
  });
});
