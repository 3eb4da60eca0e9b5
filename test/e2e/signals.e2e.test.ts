// The built console gives the terminal back when it is signalled (README: "always gives the terminal
// back (alternate screen left, cursor shown) on quit, Ctrl-C, SIGTERM, SIGHUP and crashes").
// alt-screen.test.ts checks runConsole through a tsx fixture; these run dist/dagdeck.js
// (`npm run build` first) with --demo in a real pseudo-terminal and signal the dagdeck process itself,
// as `kill` or a closing SSH session would. Exit codes: README "Exit codes", source/app/exitCodes.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, PtyConsole, SHOW_CURSOR } from './support/ptyConsole.js';

const open: PtyConsole[] = [];

afterEach(() => {
  for (const session of open.splice(0)) session.kill();
});

/** The last thing written leaves the alternate screen and shows the cursor: nothing is drawn after. */
function expectRestoredAtEnd(output: string): void {
  const enter = output.indexOf(ENTER_ALT_SCREEN);
  const leave = output.lastIndexOf(LEAVE_ALT_SCREEN);
  expect(enter).toBeGreaterThanOrEqual(0);
  expect(leave).toBeGreaterThan(enter);
  expect(output.lastIndexOf(ENTER_ALT_SCREEN)).toBeLessThan(leave);
  // After rmcup only "show the cursor" follows: runConsole's own (source/app/runConsole.tsx), then
  // ink's cli-cursor again at process exit. No frame, no hidden cursor.
  const tail = output.slice(leave + LEAVE_ALT_SCREEN.length);
  expect(tail.startsWith(SHOW_CURSOR)).toBe(true);
  expect(tail.split(SHOW_CURSOR).join('').trim()).toBe('');
  // The frames were drawn inside the alternate screen, not on the user's shell.
  expect(output.indexOf('fintech_eod_risk')).toBeGreaterThan(enter);
}

describe('dagdeck --demo signalled in a real terminal (README "Exit codes")', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s: leaves the alternate screen, shows the cursor, exits %i', async (signal, code) => {
    const session = new PtyConsole({ args: ['--demo'], cols: 100, rows: 30 });
    open.push(session);
    await session.waitFor(['DEMO', 'fintech_eod_risk', 'eod_risk_models']);
    session.kill(signal);
    // A signal that killed the process would give exit code 0 with the signal; a handled one gives
    // 128 + the signal number, which is what scripts and runbooks branch on.
    expect(await session.exited).toBe(code);
    expectRestoredAtEnd(session.output());
  });
});
