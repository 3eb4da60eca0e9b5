// The one-line message bar (k9s flash): info or error, cleared by the App
// after a few seconds. Messages may quote server text, so they are sanitised here.
import { Text } from 'ink';
import { sanitizeName } from '../../core/sanitize.js';
import { tint, useTheme } from '../theme.js';

export function FlashLine({ text, kind }: { text: string | undefined; kind: 'info' | 'error' }) {
  const theme = useTheme();
  if (!text) return <Text> </Text>;
  return (
    <Text wrap="truncate-end" {...tint(theme, kind === 'error' ? theme.error : theme.muted)}>
      {kind === 'error' ? '✗ ' : ''}
      {sanitizeName(text)}
    </Text>
  );
}
