// The one set of helpers for tests that render Ink: render, yield to React, press keys (raw or by
// command name, see keys.ts) and wait for the frame that proves the behaviour. A test never sleeps a
// fixed time to let the console catch up: it waits for the state it means.
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import type { Command, KeyScope } from '../../source/ui/keys/commands.js';
import { keyOf } from './keys.js';
import { WAIT_MS, waitFor } from './wait.js';

export { KEY, keyOf, keySequence } from './keys.js';

/**
 * Yields to the work one key press queues: ink's parser hands a lone Esc over on setImmediate,
 * React 19 renders an update from its scheduler (setImmediate on Node) and then runs passive
 * effects, where ink re-subscribes input handlers. Three check-phase turns cover that chain in the
 * common case, with no wall-clock wait and untouched by fake timers (which leave setImmediate
 * alone here). It is no promise that a frame is drawn: a test that reads a frame after a key waits
 * for what it expects (`waitForFrame`, `pressAndWaitFor`).
 */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export interface Stdin {
  write(data: string): void;
}

/** Presses keys one at a time (each one settled), as a user types them. */
export async function press(stdin: Stdin, ...keys: readonly string[]): Promise<void> {
  for (const key of keys) {
    stdin.write(key);
    await settle();
  }
}

/** Presses the key bound to each command in `scope` (see `keyOf`). */
export async function pressCommand(stdin: Stdin, scope: KeyScope, ...commands: readonly Command[]) {
  await press(stdin, ...commands.map((command) => keyOf(command, scope)));
}

/** Types text into a prompt, one key per character. */
export async function type(stdin: Stdin, text: string): Promise<void> {
  await press(stdin, ...Array.from(text));
}

export type FrameExpectation = string | RegExp | ((frame: string) => boolean);

function shows(frame: string, expected: FrameExpectation): boolean {
  if (typeof expected === 'string') return frame.includes(expected);
  if (expected instanceof RegExp) return expected.test(frame);
  return expected(frame);
}

export interface Frames {
  lastFrame(): string | undefined;
}

/** Waits until the last frame shows `expected`; fails with the frame it last saw. Returns that frame. */
export async function waitForFrame(
  instance: Frames,
  expected: FrameExpectation,
  timeout = WAIT_MS,
): Promise<string> {
  return waitFor(
    () => {
      const frame = instance.lastFrame() ?? '';
      if (!shows(frame, expected)) throw new Error(`the frame lacks ${String(expected)}:\n${frame}`);
      return frame;
    },
    { timeout, interval: 10 },
  );
}

/** Presses `keys`, then waits for the frame that proves they did what the test means. */
export async function pressAndWaitFor(
  instance: Frames & { stdin: Stdin },
  keys: string | readonly string[],
  expected: FrameExpectation,
): Promise<string> {
  await press(instance.stdin, ...(typeof keys === 'string' ? [keys] : keys));
  return waitForFrame(instance, expected);
}

/** ink-testing-library's render with the helpers above bound to it (wait for a frame before reading it). */
export function renderInk(tree: ReactElement) {
  const instance = render(tree);
  return {
    ...instance,
    frame: () => instance.lastFrame() ?? '',
    waitFor: (expected: FrameExpectation, timeout?: number) => waitForFrame(instance, expected, timeout),
    press: (...keys: string[]) => press(instance.stdin, ...keys),
    pressCommand: (scope: KeyScope, ...commands: Command[]) =>
      pressCommand(instance.stdin, scope, ...commands),
    pressAndWaitFor: (keys: string | readonly string[], expected: FrameExpectation) =>
      pressAndWaitFor(instance, keys, expected),
  };
}
