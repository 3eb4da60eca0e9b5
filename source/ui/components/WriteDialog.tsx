// The preview of a write: what will change (the server's own dry run, or our estimate, and which),
// the toggles that change it, what to know first, and how to confirm. On a protected context the
// target is typed back on the last line before anything is sent.
import { Box, Text } from 'ink';
import { sanitizeName } from '../../core/sanitize.js';
import type { PlanPreview } from '../../core/writeFlow.js';
import { KEYMAP } from '../keys/commands.js';
import {
  nothingToDo,
  TOGGLE_COMMANDS,
  type ToggleCommand,
  type WriteDialogMode,
} from '../modes/writeDialogMode.js';
import { tint, useTheme } from '../theme.js';
import { useModeState } from './useModeState.js';

const TOGGLE_LABELS: Record<ToggleCommand, string> = {
  toggleDownstream: 'downstream',
  toggleUpstream: 'upstream',
  toggleOnlyFailed: 'only failed',
  toggleLatestVersion: 'latest DAG version',
  toggleAllIndexes: 'every map index',
};

function keyOf(command: ToggleCommand): string {
  return KEYMAP.find((binding) => binding.scope === 'dialog' && binding.command === command)?.keys[0] ?? '?';
}

function sourceOf(preview: PlanPreview): string {
  const server = preview.steps.filter(({ preview: step }) => step.serverDryRun).length;
  if (server === preview.steps.length) return "from the server's own dry run";
  if (server === 0) return 'our estimate: this API has no dry run';
  return `${server} of ${preview.steps.length} steps from the server's own dry run, the others our estimate`;
}

/**
 * What the preview lists: one step's affected things as they are; a plan of several steps as a
 * numbered list, each step's summary (and where it came from) above what it touches.
 */
function previewLines(preview: PlanPreview | undefined): { text: string; head: boolean }[] {
  if (!preview) return [];
  if (preview.steps.length === 1) return preview.affected.map((text) => ({ text, head: false }));
  return preview.steps.flatMap(({ preview: step }, index) => [
    {
      text: `${index + 1}. ${step.summary}${step.serverDryRun ? " (server's dry run)" : ''}`,
      head: true,
    },
    ...step.affected.map((text) => ({ text, head: false })),
  ]);
}

export function WriteDialog({
  mode,
  width,
  height,
}: {
  mode: WriteDialogMode;
  width: number;
  height: number;
}) {
  const theme = useTheme();
  const state = useModeState(mode.state);
  const { preview, phase } = state;
  const toggles = TOGGLE_COMMANDS.filter((command) => state.toggles[command] !== undefined);
  const notes = [...(mode.request.notes ?? []), ...(preview?.notes ?? [])];
  // Title, summary, toggles, source, count, status, confirm lines around the affected list.
  const chrome = 6 + (toggles.length > 0 ? 1 : 0) + notes.length;
  const room = Math.max(1, height - chrome);
  const lines = previewLines(preview);
  const affected = preview?.affected ?? [];
  const offset = Math.min(state.offset, Math.max(0, lines.length - room));
  // Lines may repeat (two runs of one task): each is told apart by its place in the list.
  const shown = lines.map((line, index) => ({ ...line, id: `${index}` })).slice(offset, offset + room);
  const empty = nothingToDo(preview);
  let status: { text: string; color?: string | undefined } = { text: ' ' };
  if (phase === 'previewing') status = { text: 'Asking the server for the preview…' };
  else if (phase === 'sending') status = { text: 'Sending… (sent once: pressing again does nothing)' };
  else if (state.error) status = { text: `✗ ${state.error}`, color: theme.error };
  else if (phase === 'ready' && empty) status = { text: 'Nothing would change: esc closes' };
  else if (phase === 'ready' && preview?.policy.kind === 'typed') {
    status = {
      text: `enter: confirm (protected context: you will type ${preview.policy.expected}) · esc: cancel`,
    };
  } else if (phase === 'ready')
    status = { text: 'enter or y: confirm, sent once · esc: cancel, nothing is sent' };
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Text bold wrap="truncate-end" {...tint(theme, theme.accent)}>
        {sanitizeName(mode.request.title)}
      </Text>
      <Text wrap="truncate-end">{preview ? sanitizeName(preview.summary) : ' '}</Text>
      {toggles.length > 0 ? (
        <Text wrap="truncate-end">
          {toggles.map((command, i) => (
            <Text key={command}>
              {i > 0 ? '  ' : ''}
              <Text
                bold={state.toggles[command] === true}
              >{`[${state.toggles[command] ? 'x' : ' '}] ${TOGGLE_LABELS[command]}`}</Text>
              <Text dimColor>{` (${keyOf(command)})`}</Text>
            </Text>
          ))}
        </Text>
      ) : null}
      {notes.map((note) => (
        <Text key={note} wrap="truncate-end" {...tint(theme, theme.warning)}>
          {`! ${sanitizeName(note)}`}
        </Text>
      ))}
      <Text dimColor wrap="truncate-end">
        {preview
          ? `${affected.length} affected · ${sourceOf(preview)}${lines.length > room ? ` · j/k scroll (${offset + 1}-${offset + shown.length} of ${lines.length})` : ''}`
          : ' '}
      </Text>
      <Box flexDirection="column" height={room} overflow="hidden">
        {shown.map(({ text, head, id }) => (
          <Text key={id} wrap="truncate-end" bold={head}>
            {head ? sanitizeName(text) : `    ${sanitizeName(text)}`}
          </Text>
        ))}
      </Box>
      <Text wrap="truncate-end" {...(status.color ? tint(theme, status.color) : {})}>
        {status.text}
      </Text>
      {phase === 'typing' && preview?.policy.kind === 'typed' ? (
        <Text wrap="truncate-start">
          <Text
            bold
            {...tint(theme, theme.warning)}
          >{`Protected: type ${sanitizeName(preview.policy.expected)} to confirm: `}</Text>
          {state.typed}
          <Text inverse> </Text>
        </Text>
      ) : (
        <Text> </Text>
      )}
    </Box>
  );
}
