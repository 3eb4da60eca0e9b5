// How a screen receives its keys: it registers a handler per command (useScreenCommands), and the
// key router calls the one for the command a key resolves to. Screens never read raw keys. The
// commands a screen registers are also what help and the hint bar offer on it, so a screen offers a
// write only when its backend can do it.
import { createContext, useContext, useLayoutEffect, useRef } from 'react';
import type { Command } from './commands.js';

export type CommandHandlers = Partial<Record<Command, () => void>>;

export interface ScreenCommandRegistry {
  handlerFor(command: Command): (() => void) | undefined;
  offers(command: Command): boolean;
  /** Makes `source` the screen's handlers until the returned function is called. */
  register(source: { readonly current: CommandHandlers }): () => void;
  /** Notified when the offered commands change (help and hints re-render). */
  subscribe(listener: () => void): () => void;
  getVersion(): number;
}

export function createScreenCommandRegistry(): ScreenCommandRegistry {
  let source: { readonly current: CommandHandlers } | undefined;
  let version = 0;
  const listeners = new Set<() => void>();
  const changed = () => {
    version += 1;
    for (const listener of listeners) listener();
  };
  return {
    handlerFor: (command) => source?.current[command],
    offers: (command) => source?.current[command] !== undefined,
    register(next) {
      source = next;
      changed();
      return () => {
        if (source !== next) return;
        source = undefined;
        changed();
      };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getVersion: () => version,
  };
}

export const ScreenCommandsContext = createContext<ScreenCommandRegistry | undefined>(undefined);

/**
 * Registers the screen's command handlers. Handlers are read at key time (the latest render's), so
 * they may close over props; state that several keys of one burst change must be read through a
 * ref (see useLatest) so each key starts where the previous one left it.
 */
export function useScreenCommands(handlers: CommandHandlers): void {
  const registry = useContext(ScreenCommandsContext);
  const latest = useRef(handlers);
  useLayoutEffect(() => {
    latest.current = handlers;
  });
  const offered = Object.keys(handlers)
    .filter((command) => handlers[command as Command] !== undefined)
    .sort()
    .join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the set of offered commands decides when to re-register
  useLayoutEffect(() => registry?.register(latest), [registry, offered]);
}
