// Which context the console opens: --context, else the current one. A broken config file stops
// here with its one-line ConfigError (exit code 3) instead of opening a console that cannot save.
import type { Context } from '../config/schema.js';
import { type ConfigStore, openConfigStore } from '../config/store.js';
import { ConfigError } from '../core/errors.js';

export interface ConsoleContext {
  store: ConfigStore;
  name: string;
  context: Context;
  /** --read-only, or a context whose protection is read-only. */
  readOnly: boolean;
}

export function resolveConsoleContext(
  options: { context?: string | undefined; readOnly?: boolean | undefined },
  store: ConfigStore = openConfigStore(),
): ConsoleContext {
  if (store.problem) throw store.problem;
  const name = options.context ?? store.currentContextName();
  if (name === undefined) {
    const known = Object.keys(store.contexts());
    throw new ConfigError(
      known.length === 0
        ? `no context configured in ${store.path}; add one with \`dagdeck context add\`, or try \`dagdeck --demo\``
        : `no current context in ${store.path}; pick one with \`dagdeck context use NAME\` (${known.join(', ')}) or pass --context NAME`,
    );
  }
  const context = store.context(name);
  if (!context) {
    throw new ConfigError(
      `no context named "${name}" in ${store.path}; list them with \`dagdeck context list\``,
    );
  }
  return { store, name, context, readOnly: options.readOnly === true || context.protection === 'read-only' };
}
