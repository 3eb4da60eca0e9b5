// A picker mode drawn in the body: its title, then one line per entry (marked entries with [x]
// when several can be chosen), the selected one with the row cursor.
import { Box, Text } from 'ink';
import { sanitizeName } from '../../core/sanitize.js';
import type { PickerMode } from '../modes/pickerMode.js';
import { RowCursor } from '../screens/parts/RowCursor.js';
import { windowStart } from '../screens/parts/windowStart.js';
import { tint, useTheme } from '../theme.js';
import { useModeState } from './useModeState.js';

export function PickerView<T>({
  mode,
  width,
  height,
}: {
  mode: PickerMode<T>;
  width: number;
  height: number;
}) {
  const theme = useTheme();
  const { cursor, marked } = useModeState(mode.state);
  const room = Math.max(1, height - 2);
  const start = windowStart(cursor, mode.options.length, room);
  // Long details (the two ways back, each with its cost) read as paragraphs under their entry.
  const block = mode.options.some(
    (option) =>
      (option.detail ?? '').includes('\n') || option.label.length + (option.detail?.length ?? 0) + 6 > width,
  );
  if (block) {
    return (
      <Box flexDirection="column" width={width} height={height} overflow="hidden">
        <Text bold wrap="truncate-end" {...tint(theme, theme.accent)}>
          {sanitizeName(mode.title)}
        </Text>
        {mode.options.map((option, index) => (
          <Box key={`${option.label}:${String(index)}`} flexDirection="column" marginTop={1}>
            <RowCursor selected={index === cursor}>
              {mode.multiple ? `[${marked.has(index) ? 'x' : ' '}] ` : ''}
              <Text bold>{sanitizeName(option.label)}</Text>
            </RowCursor>
            {(option.detail ?? '').split('\n').map((line) => (
              <Box key={line} paddingLeft={4} width={width}>
                <Text wrap="wrap" {...(line.startsWith('! ') ? tint(theme, theme.warning) : {})}>
                  {sanitizeName(line)}
                </Text>
              </Box>
            ))}
          </Box>
        ))}
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end" {...tint(theme, theme.accent)}>
        {sanitizeName(mode.title)}
      </Text>
      {mode.options.slice(start, start + room).map((option, i) => {
        const index = start + i;
        return (
          <RowCursor key={`${index}:${option.label}`} selected={index === cursor}>
            {mode.multiple ? `[${marked.has(index) ? 'x' : ' '}] ` : ''}
            {sanitizeName(option.label)}
            {option.detail ? <Text dimColor>{`  ${sanitizeName(option.detail)}`}</Text> : null}
          </RowCursor>
        );
      })}
    </Box>
  );
}
