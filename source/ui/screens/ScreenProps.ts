// What App.tsx hands every screen. Screens read data through the stores and queries of the
// console session (core/consoleSession.ts), move with open(), receive their keys by registering
// command handlers (useScreenCommands), start writes through `writes`, and never call a backend.
import type { ConsoleBackends } from '../../core/consoleBackends.js';
import type { ConsoleSession } from '../../core/consoleSession.js';
import type { Route } from '../route.js';
import type { WriteLauncher } from '../writes/writeLauncher.js';

export type { ConsoleBackends };

/** What `y` and `O` do with the selected row's URL (App builds them: the terminal and the browser). */
export interface UrlActions {
  /** Copies to the clipboard of the user's terminal (OSC 52, so it works over SSH). */
  copy(url: string): void;
  /** Opens it in a browser where there is one, else shows it whole so it can be copied. */
  open(url: string): void;
}

export interface ScreenProps<R extends Route = Route> {
  route: R;
  /** Every store and query the screen reads. */
  session: ConsoleSession;
  /** Push a route (Enter, following a cross-link). */
  open(route: Route): void;
  /** A one-line message in the flash line. */
  flash(message: string, kind?: 'info' | 'error'): void;
  /** The box the screen may draw in (columns × rows), from the terminal size context. */
  width: number;
  height: number;
  /** The text of the `/` filter (core/filter.ts syntax), applied by the screen to its rows. */
  filter: string;
  /** Starts a write: preview, policy, confirm, once. */
  writes: WriteLauncher;
  urls: UrlActions;
}
