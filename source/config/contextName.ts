// Context names: what `context add` accepts, what a config file may hold, and the check every
// place that builds a path or a keychain account from a name goes through. A hand-edited file can
// hold any key ("../../x"), and a name becomes part of a file path (plaintext secrets under
// --insecure-storage), so a name is checked where it is read, not only where it is written.
import { ConfigError } from '../core/errors.js';

/** Letters, digits, ".", "_", "@" and "-", starting with a letter or digit, at most 64. */
export const CONTEXT_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export const CONTEXT_NAME_RULE =
  'use letters, digits, ".", "_", "@" or "-" (at most 64, starting with a letter or digit)';

export function isContextName(name: string): boolean {
  return CONTEXT_NAME.test(name);
}

/** Throws a ConfigError naming the rule when `name` cannot be a context name. */
export function assertContextName(name: string): string {
  if (!isContextName(name)) {
    const shown = JSON.stringify(name.length > 70 ? `${name.slice(0, 70)}…` : name);
    throw new ConfigError(`context name ${shown} is not allowed; ${CONTEXT_NAME_RULE}`);
  }
  return name;
}
