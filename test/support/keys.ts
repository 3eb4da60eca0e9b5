// What a terminal sends for each key, named as the keymap table names them, and the key bound to a
// command looked up in that one table: a test that presses `keyOf('drillDown', 'home')` follows a
// rebinding instead of pressing a key that no longer does what the test means.
import { type Command, KEYMAP, type KeyScope } from '../../source/ui/keys/commands.js';

/** The bytes of each named key (xterm's encodings, as ink's parser decodes them). */
const SEQUENCES: Readonly<Record<string, string>> = {
  enter: '\r',
  esc: '\u001B',
  tab: '\t',
  'shift+tab': '\u001B[Z',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  pageup: '\u001B[5~',
  pagedown: '\u001B[6~',
  home: '\u001B[H',
  end: '\u001B[F',
  backspace: '\u007F',
  space: ' ',
};

/** The bytes a terminal sends for a key name of the keymap table ('enter', 'ctrl+u', 'G'). */
export function keySequence(name: string): string {
  const named = SEQUENCES[name];
  if (named !== undefined) return named;
  const ctrl = /^ctrl\+([a-z])$/.exec(name)?.[1];
  if (ctrl) return String.fromCharCode(ctrl.charCodeAt(0) - 96);
  if (Array.from(name).length === 1) return name;
  throw new Error(`no key named ${name}`);
}

/** Keys pressed as keys (text fields, raw arrows), not as the command they are bound to. */
export const KEY = {
  enter: keySequence('enter'),
  esc: keySequence('esc'),
  tab: keySequence('tab'),
  shiftTab: keySequence('shift+tab'),
  up: keySequence('up'),
  down: keySequence('down'),
  right: keySequence('right'),
  left: keySequence('left'),
  backspace: keySequence('backspace'),
  ctrlC: keySequence('ctrl+c'),
  ctrlU: keySequence('ctrl+u'),
} as const;

/**
 * The first key bound to `command` in `scope` (a global command when the scope has no row of its
 * own), as the bytes a terminal sends. Throws when the table binds no key there, so a test names a
 * command that exists where it presses it.
 */
export function keyOf(command: Command, scope: KeyScope = 'global'): string {
  const row =
    KEYMAP.find((r) => r.command === command && r.scope === scope) ??
    KEYMAP.find((r) => r.command === command && r.scope === 'global');
  const key = row?.keys[0];
  if (key === undefined) throw new Error(`no key for ${command} in ${scope}`);
  return keySequence(key);
}
