// The trigger form drawn in the body: one line per field (name, type, value, description), the
// field's error under it, then the row that opens the preview. The field being edited shows its
// draft with a cursor.

import { Box, Text } from 'ink';
import { displayWidth } from '../../core/displayWidth.js';
import { sanitizeName } from '../../core/sanitize.js';
import type { FormField, TriggerFormMode } from '../modes/triggerFormMode.js';
import { RowCursor } from '../screens/parts/RowCursor.js';
import { fitCell } from '../text.js';
import { tint, useTheme } from '../theme.js';
import { useModeState } from './useModeState.js';

function typeOf(field: FormField): string {
  if (field.kind === 'logicalDate') return 'date';
  if (field.kind === 'note') return 'text';
  const spec = field.spec;
  if (!spec) return '';
  if (spec.enum && spec.enum.length > 0) return 'choice';
  return spec.type === 'unknown' ? 'any' : spec.type;
}

function hintOf(field: FormField): string {
  if (field.kind === 'logicalDate') return 'ISO 8601 with a zone; empty: none (Airflow 2: now)';
  if (field.kind === 'note') return 'shown on the run';
  const spec = field.spec;
  const parts = [
    spec?.required ? 'required' : '',
    spec?.enum && spec.enum.length > 0
      ? `one of ${spec.enum.map((choice) => JSON.stringify(choice)).join(' ')}`
      : '',
    spec?.description ?? '',
  ];
  return parts.filter(Boolean).join(' · ');
}

export function TriggerForm({
  mode,
  width,
  height,
}: {
  mode: TriggerFormMode;
  width: number;
  height: number;
}) {
  const theme = useTheme();
  const state = useModeState(mode.state);
  const labelWidth = Math.min(24, Math.max(8, ...state.fields.map((field) => displayWidth(field.label))));
  const rows = state.fields.length + 1;
  // A DAG with many params scrolls: the fields around the cursor, each error line counted.
  const room = Math.max(1, height - 3);
  const lineCount = (index: number) => (state.fields[index]?.error ? 2 : 1);
  let first = Math.max(0, Math.min(state.cursor, state.fields.length - 1));
  let last = first;
  let used = lineCount(first);
  while (first > 0 && used + lineCount(first - 1) <= room - 1) {
    first -= 1;
    used += lineCount(first);
  }
  while (last + 1 < state.fields.length && used + lineCount(last + 1) <= room - 1) {
    last += 1;
    used += lineCount(last);
  }
  const shown = state.fields.slice(first, last + 1);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end" {...tint(theme, theme.accent)}>
        {`${sanitizeName(mode.title)} · ${state.loading ? 'reading its parameters…' : `${state.fields.filter((f) => f.kind === 'param').length} parameter(s)`}`}
      </Text>
      <Text dimColor wrap="truncate-end">
        {Object.keys(state.extra).length > 0
          ? `+ from $EDITOR, sent as they are: ${Object.keys(state.extra).map(sanitizeName).join(', ')}`
          : first > 0 || last < state.fields.length - 1
            ? `fields ${first + 1}-${last + 1} of ${state.fields.length} (j/k scroll)`
            : ' '}
      </Text>
      {shown.map((field, offset) => {
        const index = first + offset;
        const selected = index === state.cursor;
        const value = selected && state.editing ? state.draft : field.text;
        return (
          <Box key={field.key} flexDirection="column">
            <RowCursor selected={selected}>
              {`${fitCell(sanitizeName(field.label), labelWidth)} ${fitCell(typeOf(field), 7)} `}
              {value === '' && !(selected && state.editing) ? (
                <Text dimColor>(empty)</Text>
              ) : (
                sanitizeName(value)
              )}
              {selected && state.editing ? <Text inverse> </Text> : null}
              <Text dimColor>{`  ${sanitizeName(hintOf(field))}`}</Text>
            </RowCursor>
            {field.error ? (
              <Text wrap="truncate-end" {...tint(theme, theme.error)}>
                {`    ✗ ${sanitizeName(field.error)}`}
              </Text>
            ) : null}
          </Box>
        );
      })}
      {state.loading ? null : (
        <RowCursor selected={state.cursor === rows - 1}>
          <Text bold>{state.checking ? '▶ Checking the values…' : '▶ Preview the trigger (t)'}</Text>
        </RowCursor>
      )}
      <Text wrap="truncate-end" {...(state.message ? tint(theme, theme.error) : {})}>
        {state.message ? `✗ ${sanitizeName(state.message)}` : ' '}
      </Text>
    </Box>
  );
}
