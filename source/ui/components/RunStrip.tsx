// The last N run states of a workflow as one cell each, oldest left and newest right like
// Airflow's grid. Every cell is a symbol, so the strip reads the same without colour (NO_COLOR).
import { Text } from 'ink';
import { memo } from 'react';
import type { Run } from '../../core/model.js';
import { stateStyle } from '../stateStyle.js';
import { tint, useTheme } from '../theme.js';
import type { Segment } from './WindowedTable.js';

export interface RunStripProps {
  /** Newest first, as the backends return them. */
  runs: readonly Run[];
  cells: number;
}

/** The strip as table segments (WindowedTable): right-aligned, so the newest run lines up. */
export function runStripSegments(runs: readonly Run[], cells: number): Segment[] {
  const shown = runs.slice(0, cells).reverse();
  const segments: Segment[] = [{ text: ' '.repeat(Math.max(0, cells - shown.length)) }];
  for (const run of shown) {
    const style = stateStyle(run.state);
    segments.push({ text: style.symbol, color: style.color });
  }
  return segments;
}

export const RunStrip = memo(function RunStrip({ runs, cells }: RunStripProps) {
  const theme = useTheme();
  return (
    <Text>
      {runStripSegments(runs, cells).map((segment, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: positional cells of a fixed-length strip
        <Text key={i} {...(segment.color ? tint(theme, segment.color) : {})}>
          {segment.text}
        </Text>
      ))}
    </Text>
  );
});
