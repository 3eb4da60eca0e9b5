// The one keymap table (issue 10 "One input pipeline"): key names are checked when it loads, a key
// bound twice on one scope is refused, every command has its help and hint, and the router sends a
// key to the innermost mode first (a text field takes q, / and r as text).
import type { Key } from 'ink';
import { describe, expect, it, vi } from 'vitest';
import {
  COMMAND_HELP,
  HINT_LABELS,
  KEYMAP,
  type KeyBinding,
  type KeyBindingRow,
  validateKeymap,
} from '../../../source/ui/keys/commands.js';
import { bindingsFor } from '../../../source/ui/keys/resolveCommand.js';
import { routeKeyPress } from '../../../source/ui/keys/routeKeyPress.js';
import { createScreenCommandRegistry } from '../../../source/ui/keys/screenCommands.js';
import { splitKeys } from '../../../source/ui/keys/splitKeys.js';
import { createPickerMode } from '../../../source/ui/modes/pickerMode.js';
import { createPromptMode } from '../../../source/ui/modes/promptMode.js';

const NO_KEY = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
} as Key;

describe('the keymap table', () => {
  it('loads: every key name is known and no scope binds a key twice', () => {
    expect(() => validateKeymap(KEYMAP)).not.toThrow();
  });

  it('refuses a key name the matcher does not understand, and a key bound twice on one scope', () => {
    const typo: KeyBindingRow[] = [{ command: 'quit', keys: ['escape'], scope: 'global' }];
    expect(() => validateKeymap(typo)).toThrow(/"escape" .* is not a key name/);
    const twice: KeyBindingRow[] = [
      { command: 'quit', keys: ['q'], scope: 'home' },
      { command: 'refresh', keys: ['q'], scope: 'home' },
    ];
    expect(() => validateKeymap(twice)).toThrow(/"q" is bound twice on home: quit and refresh/);
  });

  it("a screen's key shadows the global one in help and hints: on the log screen / searches, so no / filter", () => {
    const log = bindingsFor(['log', 'global']);
    expect(log.filter((binding) => binding.keys.includes('/')).map((binding) => binding.command)).toEqual([
      'searchLog',
    ]);
    expect(log.some((binding) => binding.command === 'filter')).toBe(false);
    expect(log.some((binding) => binding.command === 'quit')).toBe(true);
    // Elsewhere the global `/` is the row filter.
    expect(bindingsFor(['home', 'global']).some((binding) => binding.command === 'filter')).toBe(true);
    // A binding that loses some of its keys keeps the others.
    const partial: KeyBinding[] = [
      { command: 'cursorDown', keys: ['j'], scope: 'log' },
      { command: 'cursorUp', keys: ['j', 'k'], scope: 'global' },
    ];
    expect(bindingsFor(['log', 'global'], partial).map((binding) => binding.keys)).toEqual([['j'], ['k']]);
  });

  it('every command has a help text and a hint label', () => {
    for (const binding of KEYMAP) {
      expect(COMMAND_HELP[binding.command].length).toBeGreaterThan(0);
      expect(HINT_LABELS[binding.command].length).toBeGreaterThan(0);
    }
  });
});

describe('routeKeyPress', () => {
  const press = (chunk: string) => splitKeys(chunk, NO_KEY);

  it('with no mode: the screen handles its commands, the console the global ones', () => {
    const screen = createScreenCommandRegistry();
    const cursorDown = vi.fn();
    screen.register({ current: { cursorDown } });
    const global = vi.fn();
    for (const key of press('jq/'))
      routeKeyPress(key, { mode: undefined, screenScope: 'home', screen, global });
    expect(cursorDown).toHaveBeenCalledOnce();
    expect(global.mock.calls.map(([command]) => command)).toEqual(['quit', 'filter']);
  });

  it('a text mode takes every printable key as text, q / r / j included; enter and esc stay commands', () => {
    const screen = createScreenCommandRegistry();
    const global = vi.fn();
    const accept = vi.fn();
    const mode = createPromptMode({ kind: 'filter', initial: '', onAccept: accept, onCancel: () => {} });
    for (const key of press('q/rj\r')) routeKeyPress(key, { mode, screenScope: 'home', screen, global });
    expect(mode.state.get().draft).toBe('q/rj');
    expect(accept).toHaveBeenCalledWith('q/rj');
    expect(global).not.toHaveBeenCalled();
  });

  it('a modal mode shadows everything below it: unbound keys do nothing, q is its cancel', () => {
    const screen = createScreenCommandRegistry();
    const cursorDown = vi.fn();
    screen.register({ current: { cursorDown } });
    const global = vi.fn();
    const cancel = vi.fn();
    const chosen = vi.fn();
    const mode = createPickerMode({
      title: 'Mark as',
      options: [
        { label: 'success', value: 'success' },
        { label: 'failed', value: 'failed' },
      ],
      accept: chosen,
      cancel,
    });
    for (const key of press('!/j\r')) routeKeyPress(key, { mode, screenScope: 'home', screen, global });
    expect(chosen).toHaveBeenCalledWith(['failed']);
    routeKeyPress({ input: 'q', key: NO_KEY }, { mode, screenScope: 'home', screen, global });
    expect(cancel).toHaveBeenCalledOnce();
    expect(global).not.toHaveBeenCalled();
    expect(cursorDown).not.toHaveBeenCalled();
  });
});

describe('help that names the kinds of workflow', () => {
  it('is built from the core table of nouns, in the order of kinds (issue 15 follow-up)', () => {
    expect(COMMAND_HELP.nextPane).toBe('Switch between DAGs and jobs');
    expect(COMMAND_HELP.command).toBe('Command: :dags :jobs :now :review :audit :ctx NAME :q');
  });
});
