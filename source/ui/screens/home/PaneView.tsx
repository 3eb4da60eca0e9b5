// One home pane: its title line (focus, position, partial or cached state) over its windowed table.
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { HomeRow } from '../../../core/homeRows.js';
import type { ListProgress } from '../../../core/resource.js';
import { type Column, WindowedTable } from '../../components/WindowedTable.js';
import type { PaneRows } from '../../hooks/usePaneRows.js';
import { formatAge } from '../../text.js';
import { tint, useTheme } from '../../theme.js';

interface PaneViewProps {
  title: string;
  data: PaneRows;
  columns: Column<HomeRow>[];
  cursor: number;
  focused: boolean;
  width: number;
  height: number;
  sort: { columnId: string; desc: boolean };
  filter: string;
  /** "12m": how old the cached rows are, while the pane shows the last-known state. */
  cachedAge: string | undefined;
}

/** "· 2500 of 10013 loaded": while a long list arrives, how much of it the rows, sort and filter see. */
export function partialNote(partial: ListProgress | undefined): string {
  if (!partial) return '';
  return partial.total !== undefined
    ? ` · partial: ${partial.loaded} of ${partial.total} loaded`
    : ` · partial: ${partial.loaded} loaded`;
}

export const PaneView = memo(function PaneView(props: PaneViewProps) {
  const theme = useTheme();
  const { data } = props;
  const count = data.rows.length === data.total ? `${data.total}` : `${data.rows.length}/${data.total}`;
  const position =
    data.rows.length > 0 ? ` ${Math.min(props.cursor, data.rows.length - 1) + 1}:${count}` : ` ${count}`;
  let empty = props.filter ? `Nothing matches /${props.filter}` : 'None';
  if (data.loading) empty = 'Loading…';
  else if (data.error && data.total === 0) empty = `✗ ${data.error}`;
  if (data.partial && props.filter)
    empty = `Nothing matches /${props.filter} yet${partialNote(data.partial)}`;
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      <Text
        wrap="truncate-end"
        bold={props.focused}
        {...tint(theme, props.focused ? theme.accent : undefined)}
      >
        {props.focused ? '▌' : ' '}
        {props.title}
        <Text dimColor>{position}</Text>
        {data.partial ? <Text {...tint(theme, theme.warning)}>{partialNote(data.partial)}</Text> : null}
        {props.cachedAge !== undefined ? (
          <Text bold {...tint(theme, theme.warning)}>{` · cached ${props.cachedAge} ago`}</Text>
        ) : data.stale ? (
          <Text {...tint(theme, theme.warning)}> stale</Text>
        ) : null}
      </Text>
      <WindowedTable
        rows={data.rows}
        columns={props.columns}
        rowKey={(row) => row.key}
        cursor={props.cursor}
        height={props.height - 1}
        width={props.width}
        focused={props.focused}
        sort={props.sort}
        dim={data.stale}
        empty={empty}
      />
    </Box>
  );
});

/** How old cached rows are ("12m"), or undefined when the pane shows this session's own data. */
export function cachedAge(cachedAt: number | undefined, now: number): string | undefined {
  if (cachedAt === undefined) return undefined;
  return formatAge(new Date(cachedAt).toISOString(), now) || '0s';
}
