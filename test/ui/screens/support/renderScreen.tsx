// Renders one screen with the props App.tsx would give it, recording open() and flash() calls,
// with the key and wait helpers of test/support/ink.ts bound to it.
import { useInput } from 'ink';
import { type ComponentType, type ReactNode, useMemo } from 'react';
import { vi } from 'vitest';
import { type ConsoleSession, createConsoleSession } from '../../../../source/core/consoleSession.js';
import type { Command } from '../../../../source/ui/keys/commands.js';
import { routeKeyPress } from '../../../../source/ui/keys/routeKeyPress.js';
import {
  createScreenCommandRegistry,
  ScreenCommandsContext,
} from '../../../../source/ui/keys/screenCommands.js';
import { splitKeys } from '../../../../source/ui/keys/splitKeys.js';
import type { Route } from '../../../../source/ui/route.js';
import type { ConsoleBackends, ScreenProps } from '../../../../source/ui/screens/ScreenProps.js';
import { createPlansStore } from '../../../../source/ui/writes/plansStore.js';
import type { WriteLauncher } from '../../../../source/ui/writes/writeLauncher.js';
import { renderInk } from '../../../support/ink.js';

/**
 * The key route App.tsx gives a screen, without the console around it: keys resolve against the
 * screen's scope and the global one, and reach the handlers the screen registered. Global commands
 * the screen does not handle are recorded.
 */
function ScreenKeys({
  scope,
  global,
  children,
}: {
  scope: Route['screen'];
  global: (command: Command) => void;
  children: ReactNode;
}) {
  const registry = useMemo(createScreenCommandRegistry, []);
  useInput((input, key) => {
    for (const press of splitKeys(input, key)) {
      routeKeyPress(press, { mode: undefined, screenScope: scope, screen: registry, global });
    }
  });
  return <ScreenCommandsContext.Provider value={registry}>{children}</ScreenCommandsContext.Provider>;
}

/** A WriteLauncher that records what the screen asked for, and offers every action. */
export function recordingWrites() {
  return {
    offers: () => true,
    start: vi.fn<WriteLauncher['start']>(),
    trigger: vi.fn<WriteLauncher['trigger']>(),
    choose: vi.fn<(title: string, options: readonly unknown[], then: (value: never) => unknown) => void>(),
    retryTask: vi.fn<WriteLauncher['retryTask']>(),
    repair: vi.fn<WriteLauncher['repair']>(),
    plans: createPlansStore(),
  } satisfies WriteLauncher;
}

export function renderScreen<R extends Route>(
  Screen: ComponentType<ScreenProps<R>>,
  route: R,
  backends: ConsoleBackends,
  overrides: Partial<ScreenProps<R>> = {},
) {
  const open = vi.fn<(route: Route) => void>();
  const flash = vi.fn<(message: string, kind?: 'info' | 'error') => void>();
  const global = vi.fn<(command: Command) => void>();
  const writes = recordingWrites();
  const urls = { copy: vi.fn<(url: string) => void>(), open: vi.fn<(url: string) => void>() };
  // The console session the App would open on these backends; unmount disposes it.
  const session: ConsoleSession = createConsoleSession({ backends });
  const base: ScreenProps<R> = {
    route,
    session,
    open,
    flash,
    width: 100,
    height: 24,
    filter: '',
    writes,
    urls,
    ...overrides,
  };
  const tree = () => (
    <ScreenKeys scope={route.screen} global={global}>
      <Screen {...base} />
    </ScreenKeys>
  );
  const instance = renderInk(tree());
  return {
    ...instance,
    unmount() {
      instance.unmount();
      session.dispose();
    },
    session,
    open,
    flash,
    global,
    writes,
    urls,
    rerenderWith(next: Partial<ScreenProps<R>>) {
      Object.assign(base, next);
      instance.rerender(tree());
    },
  };
}
