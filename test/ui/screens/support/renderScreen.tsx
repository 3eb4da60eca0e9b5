// Renders one screen with the props App.tsx would give it, recording open() and flash() calls,
// and the key helpers of ink-style.md §4.7 (settle after render and after every key).
import { render } from 'ink-testing-library';
import type { ComponentType } from 'react';
import { vi } from 'vitest';
import type { Route } from '../../../../source/ui/route.js';
import type { ConsoleBackends, ScreenProps } from '../../../../source/ui/screens/ScreenProps.js';

export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  enter: '\r',
} as const;

export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

export function renderScreen<R extends Route>(
  Screen: ComponentType<ScreenProps<R>>,
  route: R,
  backends: ConsoleBackends,
  overrides: Partial<ScreenProps<R>> = {},
) {
  const open = vi.fn<(route: Route) => void>();
  const flash = vi.fn<(message: string, kind?: 'info' | 'error') => void>();
  const base: ScreenProps<R> = {
    route,
    backends,
    open,
    flash,
    width: 100,
    height: 24,
    keysActive: true,
    filter: '',
    refreshTick: 0,
    ...overrides,
  };
  const instance = render(<Screen {...base} />);
  const frame = () => instance.lastFrame() ?? '';
  return {
    ...instance,
    open,
    flash,
    frame,
    rerenderWith(next: Partial<ScreenProps<R>>) {
      Object.assign(base, next);
      instance.rerender(<Screen {...base} />);
    },
    async waitFor(text: string | RegExp) {
      await vi.waitFor(
        () => {
          const current = frame();
          if (typeof text === 'string' ? !current.includes(text) : !text.test(current)) {
            throw new Error(`frame lacks ${String(text)}:\n${current}`);
          }
        },
        { timeout: 5_000, interval: 20 },
      );
    },
    async press(...keys: string[]) {
      for (const key of keys) {
        instance.stdin.write(key);
        await settle();
      }
    },
  };
}
