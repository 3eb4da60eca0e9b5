// The one-line prompts (`:` command mode, `/` filter, as in k9s): the sigil, the draft
// with a block cursor, then a dim hint. The draft lives in the App reducer; this only draws it.
import { Text } from 'ink';
import { tint, useTheme } from '../theme.js';

export function PromptLine({
  sigil,
  draft,
  hint,
}: {
  sigil: string;
  draft: string;
  hint: string | undefined;
}) {
  const theme = useTheme();
  return (
    // truncate-start: a long draft keeps its end, where the cursor is, in view.
    <Text wrap="truncate-start">
      <Text bold {...tint(theme, theme.accent)}>
        {sigil}
      </Text>
      {draft}
      <Text inverse> </Text>
      {hint !== undefined ? <Text dimColor> {hint}</Text> : null}
    </Text>
  );
}
