// The `:` prompt (k9s command mode, tui-anchors.md §1.2). The text lives in the App reducer.
import { Text } from 'ink';
import { tint, useTheme } from '../theme.js';

export function CommandLine({ draft }: { draft: string }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-start">
      <Text bold {...tint(theme, theme.accent)}>
        :
      </Text>
      {draft}
      <Text inverse> </Text>
      {draft === '' ? <Text dimColor> dags · jobs · now · ctx NAME · q</Text> : null}
    </Text>
  );
}
