// ink's useInput, one keypress at a time: a burst of keys (fast typing over SSH, tmux send-keys,
// a paste) arrives as one `input` string, which a screen would otherwise see as one unknown key.
// A screen stops at the first global key of the burst (`:`, `/`, `?`, `q`, Esc...): App handles
// that one, and what follows belongs to the overlay it opens or the screen it leaves.
import { type Key, useInput } from 'ink';
import { matchesKey } from '../keyBinding.js';
import { GLOBAL_KEYS } from '../keymap.js';
import { splitKeys } from '../splitKeys.js';

export function useKeys(handler: (input: string, key: Key) => void, options: { isActive: boolean }): void {
  useInput((input, key) => {
    for (const press of splitKeys(input, key)) {
      if (GLOBAL_KEYS.some((binding) => matchesKey(binding, press.input, press.key))) return;
      handler(press.input, press.key);
    }
  }, options);
}
