// The one resolver: which command a key press means in the scopes that apply now, the first scope
// winning (a mode's own scope alone; a screen's scope before the global one).
import type { Key } from 'ink';
import { type Command, KEYMAP, type KeyBinding, type KeyScope } from './commands.js';
import { matchesKey } from './keyNames.js';

/**
 * The bindings of `scopes`, in that order (help and the hint bar list them this way). A key an
 * earlier scope binds is shadowed in the later ones: a binding left with no key is not listed (in
 * a log pane `/` searches, so the global `/ filter` is not offered there).
 */
export function bindingsFor(
  scopes: readonly KeyScope[],
  keymap: readonly KeyBinding[] = KEYMAP,
): KeyBinding[] {
  const taken = new Set<string>();
  const listed: KeyBinding[] = [];
  for (const scope of scopes) {
    const own = keymap.filter((binding) => binding.scope === scope);
    for (const binding of own) {
      const keys = binding.keys.filter((key) => !taken.has(key));
      if (keys.length === binding.keys.length) listed.push(binding);
      else if (keys.length > 0) listed.push({ ...binding, keys });
    }
    for (const binding of own) for (const key of binding.keys) taken.add(key);
  }
  return listed;
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
