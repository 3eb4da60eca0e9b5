// Our windowed table (Ink redraws every line it renders, so a long list must be windowed): only the rows that fit are rendered, each
// exactly one line; the window is derived from the cursor during render, so there is no scroll
// state to drift. Columns have fixed widths, one or more grow into the space left, and optional
// columns are dropped when the table is too narrow. 10,000 rows cost the same as 20.
import { Box, Text } from 'ink';
import { displayWidth } from '../../core/displayWidth.js';
import { windowStart } from '../screens/parts/windowStart.js';
import { clip, fitCell } from '../text.js';
import { tint, useTheme } from '../theme.js';

export interface Column<T> {
  id: string;
  title: string;
  /** Fixed width, or the minimum width of a growing column. */
  width: number;
  grow?: boolean;
  /**
   * A growing column's goal width (a job's name): optional columns are dropped, highest
   * dropPriority first, before it is left narrower, and spare width fills it before the other
   * growing columns share the rest.
   */
  ideal?: number;
  /** Dropped first (highest first) when the table is too narrow; absent means never dropped. */
  dropPriority?: number;
  align?: 'left' | 'right';
  /** Plain text, or coloured segments (a run strip); both are fitted to the width. */
  cell(row: T): string | readonly Segment[];
}

/** A piece of a cell with its own colour (applied only when the theme has colour). */
export interface Segment {
  text: string;
  color?: string;
}

export interface WindowedTableProps<T> {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey(row: T): string;
  cursor: number;
  /** Lines available, the column header included. */
  height: number;
  width: number;
  focused: boolean;
  /** The sorted column and direction, marked ▲/▼ in the header. */
  sort?: { columnId: string; desc: boolean } | undefined;
  /** Dim every row (data shown is stale). */
  dim?: boolean;
  empty?: string;
}

const MARKER = 2;

/** The columns that fit in `width` and the width each gets. */
export function layoutColumns<T>(
  columns: readonly Column<T>[],
  width: number,
): { column: Column<T>; width: number }[] {
  let kept = [...columns];
  const need = (cols: readonly Column<T>[]) => cols.reduce((sum, c) => sum + c.width + 1, MARKER);
  const shortfall = (cols: readonly Column<T>[]) =>
    cols.reduce((sum, c) => sum + (c.grow && c.ideal !== undefined ? Math.max(0, c.ideal - c.width) : 0), 0);
  while (need(kept) + shortfall(kept) > width) {
    const droppable = kept.filter((c) => c.dropPriority !== undefined);
    if (droppable.length === 0) break;
    const drop = droppable.reduce((a, b) => ((b.dropPriority ?? 0) > (a.dropPriority ?? 0) ? b : a));
    kept = kept.filter((c) => c !== drop);
  }
  const growers = kept.filter((c) => c.grow);
  let excess = need(kept) - width;
  if (excess > 0) {
    // Still too wide with nothing left to drop: shrink the growing columns, then the rest from the right.
    const widths = new Map(kept.map((c) => [c, c.width]));
    for (const c of [...growers, ...kept.filter((k) => !k.grow).reverse()]) {
      const current = widths.get(c) ?? c.width;
      const cut = Math.min(excess, Math.max(0, current - (c.grow ? 3 : 1)));
      widths.set(c, current - cut);
      excess -= cut;
      if (excess <= 0) break;
    }
    return kept.map((column) => ({ column, width: widths.get(column) ?? column.width }));
  }
  let spare = Math.max(0, width - need(kept));
  const widths = new Map(kept.map((c) => [c, c.width]));
  for (const c of growers) {
    if (c.ideal === undefined) continue;
    const add = Math.min(spare, Math.max(0, c.ideal - c.width));
    widths.set(c, c.width + add);
    spare -= add;
  }
  const share = growers.length > 0 ? Math.floor(spare / growers.length) : 0;
  let remainder = growers.length > 0 ? spare - share * growers.length : 0;
  return kept.map((column) => {
    let w = widths.get(column) ?? column.width;
    if (column.grow) {
      w += share + remainder;
      remainder = 0;
    }
    return { column, width: w };
  });
}

export function WindowedTable<T>(props: WindowedTableProps<T>) {
  const theme = useTheme();
  const { rows, rowKey, focused, width } = props;
  const layout = layoutColumns(props.columns, width);
  const visible = Math.max(0, props.height - 1);
  const cursor = Math.max(0, Math.min(props.cursor, rows.length - 1));
  const start = windowStart(cursor, rows.length, visible);
  const slice = rows.slice(start, start + visible);
  const header = layout
    .map(({ column, width: w }) => {
      const mark = props.sort?.columnId === column.id ? (props.sort.desc ? '▼' : '▲') : '';
      return fitCell(`${column.title}${mark}`, w, column.align);
    })
    .join(' ');
  return (
    <Box flexDirection="column" width={width} height={props.height} overflow="hidden">
      <Text bold wrap="truncate-end" {...tint(theme, theme.muted)}>
        {' '.repeat(MARKER)}
        {header}
      </Text>
      {slice.length === 0 ? (
        <Text wrap="truncate-end" dimColor>
          {'  '}
          {props.empty ?? 'No rows'}
        </Text>
      ) : null}
      {slice.map((row, i) => {
        const selected = start + i === cursor;
        // One <Text> per row, padded by us: every row is exactly one line and costs one node
        // (plus one per coloured segment), which keeps 10,000-row lists responsive.
        return (
          <Text
            key={rowKey(row)}
            wrap="truncate-end"
            bold={selected}
            inverse={selected && focused}
            dimColor={props.dim === true && !selected}
          >
            {selected ? '› ' : '  '}
            {layout.map(({ column, width: w }, c) => {
              const gap = c === layout.length - 1 ? '' : ' ';
              const value = column.cell(row);
              if (typeof value === 'string') return `${fitCell(value, w, column.align)}${gap}`;
              let used = 0;
              const parts = value.map((segment, k) => {
                const text = clip(segment.text, Math.max(0, w - used));
                used += displayWidth(text);
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: segments are positional and fixed per render
                  <Text key={k} {...tint(theme, segment.color)}>
                    {text}
                  </Text>
                );
              });
              return (
                <Text key={column.id}>
                  {parts}
                  {' '.repeat(Math.max(0, w - used))}
                  {gap}
                </Text>
              );
            })}
          </Text>
        );
      })}
    </Box>
  );
}
