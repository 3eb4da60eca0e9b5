// Key names as the keymap table writes them ('q', 'enter', 'shift+tab', 'ctrl+u', 'space') and how
// ink's (input, key) pair matches one. Names are checked when the table loads (commands.ts), so a
// typo in a binding fails every test instead of silently never matching.
import type { Key } from 'ink';

const NAMED: Readonly<Record<string, (key: Key, input: string) => boolean>> = {
  enter: (key) => key.return,
  esc: (key) => key.escape,
  tab: (key) => key.tab && !key.shift,
  'shift+tab': (key) => key.tab && key.shift,
  up: (key) => key.upArrow,
  down: (key) => key.downArrow,
  left: (key) => key.leftArrow,
  right: (key) => key.rightArrow,
  pageup: (key) => key.pageUp,
  pagedown: (key) => key.pageDown,
  home: (key) => key.home,
  end: (key) => key.end,
  backspace: (key) => key.backspace || key.delete,
  space: (key, input) => input === ' ' && !key.ctrl && !key.meta,
};

/** Whether `name` is a key the matcher understands: a named key, ctrl+letter, or one printable character. */
export function isKeyName(name: string): boolean {
  if (name in NAMED) return true;
  if (/^ctrl\+[a-z]$/.test(name)) return true;
  const chars = Array.from(name);
  return chars.length === 1 && name > ' ' && name !== '\u007f';
}

/** Whether ink's (input, key) pair is one of `keys`. */
export function matchesKey(keys: readonly string[], input: string, key: Key): boolean {
  return keys.some((name) => {
    const named = NAMED[name];
    if (named) return named(key, input);
    if (name.startsWith('ctrl+')) return key.ctrl && input === name.slice(5);
    return !key.ctrl && !key.meta && input === name;
  });
}

/**
 * The printable text a key press types into a text field, or '' for a control key. Pasted text can
 * carry newlines or escapes: only printable characters are kept.
 */
export function typedText(input: string, key: Key): string {
  if (key.ctrl || key.meta || key.return || key.escape || key.tab || key.backspace || key.delete) return '';
  if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown)
    return '';
  if (key.home || key.end) return '';
  return Array.from(input)
    .filter((ch) => ch >= ' ' && ch !== '\u007f' && !(ch >= '\u0080' && ch <= '\u009f'))
    .join('');
}
