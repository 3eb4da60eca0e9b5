// A mode: something on top of the screen that owns the keyboard while it is open (the help overlay,
// the filter and command prompts, a picker, a write's preview dialog, a form). Modes stack; the
// innermost sees every key first and nothing reaches what is below it. Each mode is a small state
// machine outside React: the key router calls it synchronously, so every key of a burst sees the
// state the previous key left, and its component renders its snapshot.
import type { Command, ModeScope } from './commands.js';

export interface Mode {
  /** What the mode is, so App knows which component draws it. */
  readonly kind: string;
  /** The scope whose bindings apply now (a form switches between 'form' and 'formField'). */
  scope(): ModeScope;
  /** True while a text field has focus: printable keys are typed, never commands. */
  takesText(): boolean;
  /** Whether `command` of the scope applies now; help and the hint bar show only those. */
  offers(command: Command): boolean;
  onCommand(command: Command): void;
  onText(text: string): void;
  subscribe(listener: () => void): () => void;
  /** The mode's current state (a new value on every change), for useSyncExternalStore. */
  getSnapshot(): unknown;
}

/** Opens and closes modes: what a screen that needs a prompt or a picker of its own is given. */
export interface ModeStack {
  push(mode: Mode): void;
  pop(mode: Mode): void;
}

/** A value with listeners: the state of one mode. */
export interface Cell<T> {
  get(): T;
  set(next: T | ((current: T) => T)): void;
  subscribe(listener: () => void): () => void;
}

export function createCell<T>(initial: T): Cell<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next) {
      const resolved = typeof next === 'function' ? (next as (current: T) => T)(value) : next;
      if (Object.is(resolved, value)) return;
      value = resolved;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Edits a one-line text by a text-editing command; undefined when the command is not one. */
export function editText(text: string, command: Command): string | undefined {
  if (command === 'deleteBack') return Array.from(text).slice(0, -1).join('');
  if (command === 'clearText') return '';
  return undefined;
}
