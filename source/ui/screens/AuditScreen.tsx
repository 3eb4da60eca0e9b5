// `:audit`: the local audit trail of this machine's writes, newest first, one row per write step
// (what, on what, the outcome), with the selected one's details below: who, how it was confirmed,
// the request id a re-send would reuse.
import { Box, Text } from 'ink';
import type { AuditRecord } from '../../core/audit.js';
import { type AuditEntry, auditEntries } from '../../core/auditEntries.js';
import { applyFilter, parseFilter } from '../../core/filter.js';
import { createResource } from '../../core/resource.js';
import { sanitizeName } from '../../core/sanitize.js';
import { useRouteState } from '../hooks/useRouteState.js';
import { useStickyCursor } from '../hooks/useStickyCursor.js';
import { useScreenCommands } from '../keys/screenCommands.js';
import type { Route } from '../route.js';
import { fitCell } from '../text.js';
import { tint, useTheme } from '../theme.js';
import { cursorCommands } from './parts/cursorCommands.js';
import { ResourceStatus } from './parts/ResourceStatus.js';
import { RowCursor } from './parts/RowCursor.js';
import { useLatest } from './parts/useLatest.js';
import { useScreenResource } from './parts/useScreenResource.js';
import { windowStart } from './parts/windowStart.js';
import type { ScreenProps } from './ScreenProps.js';

/** Title, status, column header, two detail lines. */
const CHROME_LINES = 5;

/** An audit time to the second: which write came first matters here. */
const secondsOf = (iso: string) =>
  Number.isNaN(Date.parse(iso)) ? '—' : new Date(iso).toISOString().slice(0, 19).replace('T', ' ');

const entryKey = (entry: AuditEntry) => `${entry.plan}:${entry.step}:${entry.result}`;

const RESULT_COLOR: Partial<Record<AuditEntry['result'], 'green' | 'red' | 'yellow'>> = {
  ok: 'green',
  error: 'red',
  refused: 'yellow',
  unknown: 'yellow',
  pending: 'yellow',
};

export function AuditScreen(
  props: ScreenProps<Extract<Route, { screen: 'audit' }>> & {
    readAudit?: (() => Promise<AuditRecord[]>) | undefined;
  },
) {
  const { width, height, readAudit } = props;
  const theme = useTheme();
  const { snapshot, resource } = useScreenResource(props.session.queries, 'audit', () =>
    createResource<AuditEntry[]>({
      async fetch() {
        if (!readAudit) throw new Error('This console keeps no audit trail');
        return auditEntries(await readAudit());
      },
      idleIntervalMs: 5_000,
    }),
  );
  const [cursor, setCursor] = useRouteState('cursor', 0);
  const filter = parseFilter(props.filter);
  const rows = applyFilter(snapshot.data ?? [], filter, (entry) => ({
    text: [entry.context, entry.action, entry.target, entry.result, entry.summary, entry.requestId ?? ''],
    states: [],
  }));
  const visibleRows = Math.max(1, height - CHROME_LINES);
  const selected = useStickyCursor({
    id: 'audit',
    rows,
    keyOf: entryKey,
    cursor,
    setCursor,
    viewKey: props.filter,
  });
  const view = useLatest({ count: rows.length, selected });
  useScreenCommands({
    ...cursorCommands(view, visibleRows, setCursor),
    refresh() {
      void resource.refresh();
      props.flash('Refreshing…', 'info');
    },
  });
  const start = windowStart(selected, rows.length, visibleRows);
  const current = rows[selected];
  const targetWidth = Math.max(20, Math.floor((width - 56) / 2));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        {`Audit trail · ${rows.length} write step${rows.length === 1 ? '' : 's'}${filter.empty ? '' : ` · filter ${sanitizeName(props.filter)}`}`}
        {rows.length > visibleRows ? `  ${selected + 1}/${rows.length}` : ''}
      </Text>
      <ResourceStatus snapshot={snapshot} width={width} />
      <Text dimColor wrap="truncate-end">
        {`  ${'TIME (UTC)'.padEnd(19)}  ${'CONTEXT'.padEnd(10)}  ${'RESULT'.padEnd(8)}  ${'ACTION'.padEnd(13)}  ${'TARGET'.padEnd(targetWidth)}  WHAT HAPPENED`}
      </Text>
      {snapshot.data !== undefined && rows.length === 0 ? (
        <Text dimColor>{filter.empty ? '  No write recorded yet.' : '  No write matches the filter.'}</Text>
      ) : null}
      <Box flexDirection="column" height={visibleRows} overflow="hidden">
        {rows.slice(start, start + visibleRows).map((entry, index) => (
          <RowCursor key={entryKey(entry)} selected={start + index === selected}>
            {`${secondsOf(entry.time).padEnd(19)}  ${fitCell(sanitizeName(entry.context), 10)}  `}
            <Text {...tint(theme, RESULT_COLOR[entry.result])}>{entry.result.padEnd(8)}</Text>
            {`  ${fitCell(entry.action, 13)}  ${fitCell(sanitizeName(entry.target), targetWidth)}  ${sanitizeName(entry.summary)}`}
          </RowCursor>
        ))}
      </Box>
      <Text dimColor wrap="truncate-end">
        {current
          ? `${sanitizeName(current.user)}@${sanitizeName(current.host)} · ${current.backend} · confirmed by ${current.confirm ?? '—'} · step ${current.step} of ${current.steps}${current.requestId ? ` · request id ${sanitizeName(current.requestId)}` : ''}`
          : ' '}
      </Text>
      <Text dimColor wrap="truncate-end">
        {current ? `params ${sanitizeName(JSON.stringify(current.records[0]?.params ?? {}))}` : ' '}
      </Text>
    </Box>
  );
}
