// A list to choose from, as a mode: j/k move, enter chooses the selected entry (or, in a list that
// takes several, the entries marked with space; none marked means the selected one), esc cancels.
import { type Cell, createCell, type Mode } from '../keys/mode.js';

export interface PickerOption<T> {
  label: string;
  value: T;
  /** A dim second part of the line: what choosing it means. */
  detail?: string;
}

export interface PickerState {
  cursor: number;
  marked: ReadonlySet<number>;
}

export interface PickerMode<T> extends Mode {
  readonly kind: 'picker';
  readonly title: string;
  readonly options: readonly PickerOption<T>[];
  readonly multiple: boolean;
  readonly state: Cell<PickerState>;
}

export function createPickerMode<T>(options: {
  title: string;
  options: readonly PickerOption<T>[];
  /** Several entries can be marked with space. */
  multiple?: boolean;
  /** Entries marked when the picker opens. */
  marked?: readonly number[];
  accept(values: T[]): void;
  cancel(): void;
}): PickerMode<T> {
  const state = createCell<PickerState>({ cursor: 0, marked: new Set(options.marked ?? []) });
  const multiple = options.multiple === true;
  const last = Math.max(0, options.options.length - 1);
  return {
    kind: 'picker',
    title: options.title,
    options: options.options,
    multiple,
    state,
    scope: () => 'picker',
    takesText: () => false,
    offers: (command) => command !== 'toggleMark' || multiple,
    onCommand(command) {
      const { cursor, marked } = state.get();
      switch (command) {
        case 'cursorUp':
          state.set({ cursor: Math.max(0, cursor - 1), marked });
          return;
        case 'cursorDown':
          state.set({ cursor: Math.min(last, cursor + 1), marked });
          return;
        case 'toggleMark': {
          if (!multiple) return;
          const next = new Set(marked);
          if (next.has(cursor)) next.delete(cursor);
          else next.add(cursor);
          state.set({ cursor, marked: next });
          return;
        }
        case 'accept': {
          const indexes = multiple && marked.size > 0 ? [...marked].sort((a, b) => a - b) : [cursor];
          const values = indexes.flatMap((index) => {
            const option = options.options[index];
            return option ? [option.value] : [];
          });
          if (values.length > 0) options.accept(values);
          return;
        }
        case 'cancel':
          options.cancel();
          return;
      }
    },
    onText() {},
    subscribe: state.subscribe,
    getSnapshot: state.get,
  };
}
