// The trigger form, as a mode: one field per parameter the workflow declares (its default filled
// in), then the logical date and the note where the backend takes them. j/k move, enter edits the
// selected field (a text field then takes every printable key), space flips a boolean or steps
// through a choice, `e` edits the whole conf as JSON in $EDITOR, `t` (or enter on the last row)
// checks every value against its parameter's schema and opens the preview. A refusal from the
// server comes back here, on the form, with nothing created.
import type { Capabilities, ParamSpec } from '../../core/backend.js';
import { errorLine } from '../../core/errors.js';
import {
  formatParamValue,
  parseLogicalDate,
  parseParamText,
  validateParams,
} from '../../core/paramValues.js';
import type { Resource } from '../../core/resource.js';
import type { Command } from '../keys/commands.js';
import { type Cell, createCell, editText, type Mode } from '../keys/mode.js';

export type FieldKind = 'param' | 'logicalDate' | 'note';

export interface FormField {
  key: string;
  kind: FieldKind;
  label: string;
  spec?: ParamSpec;
  text: string;
  error?: string | undefined;
}

export interface TriggerFormState {
  loading: boolean;
  fields: FormField[];
  /** Index of the selected row; fields.length is the "preview" row. */
  cursor: number;
  editing: boolean;
  draft: string;
  /** Conf keys from $EDITOR that are not declared parameters: sent as they are. */
  extra: Record<string, unknown>;
  /** A form-level line: loading failed, the editor's JSON was bad, the server refused. */
  message?: string | undefined;
  /** What $EDITOR last returned when it could not be read, so `e` reopens it instead of losing it. */
  editorText?: string | undefined;
  checking: boolean;
}

export interface TriggerValues {
  params: Record<string, unknown>;
  /** ISO 8601 with offset; null for "none" (the server's default on Airflow 2). */
  logicalDate: string | null;
  note?: string;
}

export interface TriggerFormMode extends Mode {
  readonly kind: 'form';
  readonly title: string;
  readonly state: Cell<TriggerFormState>;
  /** The server refused the trigger: show it on the form (the preview dialog has closed). */
  refused(message: string): void;
}

export interface TriggerFormOptions {
  title: string;
  /** What the trigger takes besides its parameters (the backend's trigger capability). */
  trigger: Capabilities['trigger'];
  /** The workflow's declared parameters, read once; the form disposes it when it closes. */
  params: Resource<ParamSpec[]>;
  /** Opens $EDITOR on `text`; resolves with the edited text. Absent: `e` is not offered. */
  editText?(text: string, extension: string): Promise<string>;
  submit(values: TriggerValues): void;
  close(): void;
}

export function createTriggerFormMode(options: TriggerFormOptions): TriggerFormMode {
  const { trigger, params } = options;
  const state = createCell<TriggerFormState>({
    loading: true,
    fields: [],
    cursor: 0,
    editing: false,
    draft: '',
    extra: {},
    checking: false,
  });
  const extraFields: FormField[] = [
    ...(trigger.logicalDate
      ? [{ key: '@logicalDate', kind: 'logicalDate' as const, label: 'logical date', text: '' }]
      : []),
    ...(trigger.note ? [{ key: '@note', kind: 'note' as const, label: 'note', text: '' }] : []),
  ];

  // The fields are made from the first answer (or the first failure); the query is not needed after.
  const settle = () => {
    const { data, error } = params.getSnapshot();
    if (data !== undefined) {
      const fields: FormField[] = data.map((spec) => ({
        key: spec.name,
        kind: 'param',
        label: spec.name,
        spec,
        text: formatParamValue(spec),
      }));
      state.set((s) => ({ ...s, loading: false, fields: [...fields, ...extraFields] }));
    } else if (error !== undefined) {
      state.set((s) => ({ ...s, loading: false, message: `Could not read the parameters: ${error}` }));
    } else return;
    params.dispose();
  };
  params.subscribe(settle);
  settle();

  const close = () => {
    params.dispose();
    options.close();
  };

  const setField = (index: number, text: string) =>
    state.set((s) => ({
      ...s,
      fields: s.fields.map((field, i) => (i === index ? { ...field, text, error: undefined } : field)),
    }));

  /** Space on a boolean flips it; on a choice, steps to the next one. */
  const step = (index: number) => {
    const field = state.get().fields[index];
    const spec = field?.spec;
    if (!field || !spec) return;
    if (spec.enum && spec.enum.length > 0) {
      const at = spec.enum.findIndex((choice) => formatParamValue(spec, choice) === field.text);
      setField(index, formatParamValue(spec, spec.enum[(at + 1) % spec.enum.length]));
    } else if (spec.type === 'boolean') {
      setField(index, field.text === 'true' ? 'false' : 'true');
    }
  };

  /** The values of every field, or the fields' errors. */
  const collect = async (): Promise<TriggerValues | undefined> => {
    const { fields, extra } = state.get();
    const params: Record<string, unknown> = { ...extra };
    const errors = new Map<string, string>();
    let logicalDate: string | null = null;
    let note: string | undefined;
    for (const field of fields) {
      if (field.kind === 'logicalDate') {
        const parsed = parseLogicalDate(field.text);
        if (parsed.ok) logicalDate = parsed.value;
        else errors.set(field.key, parsed.error);
      } else if (field.kind === 'note') {
        if (field.text.trim() !== '') note = field.text.trim();
      } else if (field.spec) {
        const parsed = parseParamText(field.spec, field.text);
        if (!parsed.ok) errors.set(field.key, parsed.error);
        else if (parsed.value === undefined) delete params[field.key];
        else params[field.key] = parsed.value;
      }
    }
    const specs = fields.flatMap((field) => (field.spec && !errors.has(field.key) ? [field.spec] : []));
    for (const [name, problem] of Object.entries(await validateParams(specs, params)))
      errors.set(name, problem);
    if (errors.size > 0) {
      state.set((s) => {
        const withErrors = s.fields.map((field) => ({ ...field, error: errors.get(field.key) }));
        const first = withErrors.findIndex((field) => field.error !== undefined);
        return {
          ...s,
          fields: withErrors,
          cursor: first >= 0 ? first : s.cursor,
          message: `${errors.size} field${errors.size === 1 ? ' needs' : 's need'} a fix before the preview`,
        };
      });
      return undefined;
    }
    return { params, logicalDate, ...(note ? { note } : {}) };
  };

  const submit = () => {
    if (state.get().checking || state.get().loading) return;
    state.set((s) => ({ ...s, checking: true, message: undefined }));
    collect().then(
      (values) => {
        state.set((s) => ({ ...s, checking: false }));
        if (values) options.submit(values);
      },
      (error: unknown) => state.set((s) => ({ ...s, checking: false, message: errorLine(error) })),
    );
  };

  /** The conf the fields stand for, as the editor shows it (unparsable fields as their text). */
  const confText = (): string => {
    const { fields, extra } = state.get();
    const conf: Record<string, unknown> = { ...extra };
    for (const field of fields) {
      if (!field.spec) continue;
      const parsed = parseParamText(field.spec, field.text);
      conf[field.key] = parsed.ok ? (parsed.value ?? null) : field.text;
    }
    return `${JSON.stringify(conf, null, 2)}\n`;
  };

  const editInEditor = () => {
    const edit = options.editText;
    if (!edit) return;
    const before = state.get().editorText ?? confText();
    edit(before, '.json').then(
      (text) => {
        let conf: unknown;
        try {
          conf = JSON.parse(text);
        } catch (error) {
          state.set((s) => ({
            ...s,
            editorText: text,
            message: `The edited conf is not valid JSON (${error instanceof Error ? error.message : String(error)}): nothing changed; e reopens it`,
          }));
          return;
        }
        if (typeof conf !== 'object' || conf === null || Array.isArray(conf)) {
          state.set((s) => ({
            ...s,
            editorText: text,
            message: 'The conf must be a JSON object: nothing changed; e reopens it',
          }));
          return;
        }
        const record = conf as Record<string, unknown>;
        state.set((s) => {
          const known = new Set(s.fields.map((field) => field.key));
          return {
            ...s,
            editorText: undefined,
            message: undefined,
            fields: s.fields.map((field) =>
              field.spec
                ? { ...field, text: formatParamValue(field.spec, record[field.key]), error: undefined }
                : field,
            ),
            extra: Object.fromEntries(Object.entries(record).filter(([key]) => !known.has(key))),
          };
        });
      },
      (error: unknown) => state.set((s) => ({ ...s, message: `$EDITOR failed: ${errorLine(error)}` })),
    );
  };

  const mode: TriggerFormMode = {
    kind: 'form',
    title: options.title,
    state,
    scope: () => (state.get().editing ? 'formField' : 'form'),
    takesText: () => state.get().editing,
    offers(command: Command) {
      const { editing, loading } = state.get();
      if (editing) return true;
      if (command === 'editInEditor') return options.editText !== undefined && !loading;
      if (command === 'submit' || command === 'editField') return !loading;
      return true;
    },
    onCommand(command) {
      const current = state.get();
      if (current.editing) {
        if (command === 'accept') {
          setField(current.cursor, current.draft);
          state.set((s) => ({ ...s, editing: false, draft: '' }));
        } else if (command === 'cancel') {
          state.set((s) => ({ ...s, editing: false, draft: '' }));
        } else {
          const draft = editText(current.draft, command);
          if (draft !== undefined) state.set((s) => ({ ...s, draft }));
        }
        return;
      }
      const last = current.fields.length;
      switch (command) {
        case 'cursorUp':
          state.set((s) => ({ ...s, cursor: Math.max(0, s.cursor - 1) }));
          return;
        case 'cursorDown':
          state.set((s) => ({ ...s, cursor: Math.min(last, s.cursor + 1) }));
          return;
        case 'editField': {
          if (current.cursor === last) {
            submit();
            return;
          }
          const field = current.fields[current.cursor];
          if (!field) return;
          if (field.spec && (field.spec.type === 'boolean' || (field.spec.enum?.length ?? 0) > 0))
            step(current.cursor);
          else state.set((s) => ({ ...s, editing: true, draft: field.text }));
          return;
        }
        case 'toggleValue':
          step(current.cursor);
          return;
        case 'editInEditor':
          editInEditor();
          return;
        case 'submit':
          submit();
          return;
        case 'cancel':
          close();
          return;
      }
    },
    onText(text) {
      if (!state.get().editing) return;
      state.set((s) => ({ ...s, draft: s.draft + text }));
    },
    refused(message) {
      // Airflow names the parameter: "Invalid input for param <name>: <why>".
      const named = /param ([^\s:]+):\s*(.*)$/.exec(message);
      state.set((s) => {
        const at = named
          ? s.fields.findIndex((field) => field.kind === 'param' && field.key === named[1])
          : -1;
        return {
          ...s,
          cursor: at >= 0 ? at : s.cursor,
          fields: s.fields.map((field, i) =>
            i === at ? { ...field, error: `server: ${named?.[2] ?? message}` } : field,
          ),
          message: `The server refused the trigger, nothing was created: ${message}`,
        };
      });
    },
    subscribe: state.subscribe,
    getSnapshot: state.get,
  };
  return mode;
}
