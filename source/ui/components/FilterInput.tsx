// The `/` prompt. The text lives in the App reducer (keys resolved there); this only draws it.
import { Text } from 'ink';
import { tint, useTheme } from '../theme.js';

export function FilterInput({ draft }: { draft: string }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-start">
      <Text bold {...tint(theme, theme.accent)}>
        /
      </Text>
      {draft}
      <Text inverse> </Text>
      <Text dimColor> enter keeps · esc clears · !x inverts · tag:x · state:failed</Text>
    </Text>
  );
}
