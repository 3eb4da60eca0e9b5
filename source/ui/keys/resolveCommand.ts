// The one resolver: which command a key press means in the scopes that apply now, the first scope
// winning (a mode's own scope alone; a screen's scope before the global one).
import type { Key } from 'ink';
import { type Command, KEYMAP, type KeyBinding, type KeyScope } from './commands.js';
import { matchesKey } from './keyNames.js';

/** The bindings of `scopes`, in that order (help and the hint bar list them this way). */
export function bindingsFor(
  scopes: readonly KeyScope[],
  keymap: readonly KeyBinding[] = KEYMAP,
): KeyBinding[] {
  return scopes.flatMap((scope) => keymap.filter((binding) => binding.scope === scope));
}

/** The command `(input, key)` means in `scopes`, if any. */
export function resolveCommand(
  scopes: readonly KeyScope[],
  input: string,
  key: Key,
  keymap: readonly KeyBinding[] = KEYMAP,
): Command | undefined {
  for (const scope of scopes) {
    for (const binding of keymap) {
      if (binding.scope === scope && matchesKey(binding.keys, input, key)) return binding.command;
    }
  }
  return undefined;
}
