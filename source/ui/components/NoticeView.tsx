// A notice mode's text, cut into lines of the terminal's width (a long URL is split, never cut
// short), scrolled by the mode's offset.
import { Box, Text } from 'ink';
import { sanitizeName } from '../../core/sanitize.js';
import type { NoticeMode } from '../modes/noticeMode.js';
import { useModeState } from './useModeState.js';

export function NoticeView({ mode, width, height }: { mode: NoticeMode; width: number; height: number }) {
  const { offset } = useModeState(mode.state);
  const room = Math.max(10, width);
  const chars = Array.from(sanitizeName(mode.text));
  const lines: string[] = [];
  for (let at = 0; at < chars.length; at += room) lines.push(chars.slice(at, at + room).join(''));
  const shown = lines.slice(
    Math.min(offset, Math.max(0, lines.length - 1)),
    offset + Math.max(1, height - 2),
  );
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold>{sanitizeName(mode.title)}</Text>
      <Text> </Text>
      {shown.map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one text, in order
        <Text key={index}>{line}</Text>
      ))}
    </Box>
  );
}
