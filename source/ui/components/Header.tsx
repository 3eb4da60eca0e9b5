// The header (after k9s cluster-info): which context, how
// protected, demo or not, cleartext http or not, each backend's version, endpoint and credential
// source, when the lists last refreshed, and per backend on its own line the last error, a slow
// answer (what is shown is kept while the server takes its time) or items skipped as malformed.
// Always three lines.
import { Box, Text } from 'ink';
import { useSyncExternalStore } from 'react';
import { formatDuration } from '../../core/formatDuration.js';
import type { ListStatus, ListStatusStore } from '../../core/listStatus.js';
import { BACKEND_KINDS, type BackendInfo, type BackendKind } from '../../core/model.js';
import type { Resource } from '../../core/resource.js';
import { sanitizeName } from '../../core/sanitize.js';
import type { ConsoleSetup } from '../consoleSetup.js';
import { useNow } from '../hooks/useNow.js';
import { useOptionalResource } from '../hooks/useOptionalResource.js';
import { BACKEND_LABEL, clockTime, formatAge } from '../text.js';
import { tint, useTheme } from '../theme.js';
import type { PlansStore, RunningPlan } from '../writes/plansStore.js';

/** Plans going on in the background, the newest: "⟳ Repair eod_risk_models run 812…: waiting (step 2 of 4), 1m 10s". */
function RunningPlans({ plans }: { plans: readonly RunningPlan[] }) {
  const theme = useTheme();
  const newest = plans[plans.length - 1];
  // Ticks while a plan waits, so its time is live.
  const now = useNow(true);
  if (!newest) return null;
  const more = plans.length > 1 ? ` (+${plans.length - 1} more)` : '';
  return (
    <Text bold {...tint(theme, theme.warning)}>
      {`  ⟳ ${sanitizeName(newest.step)}, ${formatDuration(now - newest.startedAt)}${more} · ${sanitizeName(newest.title)}`}
    </Text>
  );
}

export interface HeaderProps {
  setup: ConsoleSetup;
  probes: Partial<Record<BackendKind, Resource<BackendInfo>>>;
  /** The home lists' freshness, read from the console session (the lists' own state). */
  status: ListStatusStore;
  width: number;
  /** Writes still going on (a repair being waited for). */
  plans: PlansStore;
}

function BackendLine(props: {
  kind: BackendKind;
  present: boolean;
  /** Absent when the context has no such backend. */
  probe: Resource<BackendInfo> | undefined;
  list: ListStatus | undefined;
  credential: string | undefined;
}) {
  const theme = useTheme();
  const { kind } = props;
  const probe = useOptionalResource(props.probe);
  if (!props.present) {
    return (
      <Text wrap="truncate-end" dimColor>
        {BACKEND_LABEL[kind]}: not configured in this context
      </Text>
    );
  }
  const info = probe.data;
  const version = info?.version ? ` ${sanitizeName(info.version)}` : '';
  const endpoint = info ? sanitizeName(info.endpoint) : probe.loading ? 'connecting…' : '';
  const credential = sanitizeName(info?.credentialSource ?? props.credential ?? '');
  const identity = info?.identity ? ` as ${sanitizeName(info.identity)}` : '';
  const error = props.list?.error ?? probe.error;
  const slow = props.list?.slow === true || probe.slow;
  const warning = props.list?.warning;
  return (
    <Text wrap="truncate-end">
      <Text bold>{BACKEND_LABEL[kind]}</Text>
      {version} {endpoint}
      {/* Slow, the error and skipped items before the credential: on a narrow terminal they are
          the part that must show. */}
      {slow ? <Text {...tint(theme, theme.warning)}> ⧗ slow: still waiting for the server</Text> : null}
      {error ? <Text {...tint(theme, theme.error)}> ✗ {sanitizeName(error)}</Text> : null}
      {!error && warning ? <Text {...tint(theme, theme.warning)}> ⚠ {sanitizeName(warning)}</Text> : null}
      {credential ? (
        <Text {...tint(theme, theme.muted)}>
          {' '}
          · cred: {credential}
          {identity}
        </Text>
      ) : null}
    </Text>
  );
}

export function Header({ setup: session, probes, status, width, plans }: HeaderProps) {
  const theme = useTheme();
  const running = useSyncExternalStore(plans.subscribe, plans.getSnapshot, plans.getSnapshot);
  const lists = useSyncExternalStore(status.subscribe, status.getSnapshot, status.getSnapshot);
  // Every kind's list status, present or not: the header speaks of the lists as a whole.
  const all = BACKEND_KINDS.map((kind) => lists[kind]);
  const times = all.map((list) => list?.updatedAt).filter((t): t is number => t !== undefined);
  const refreshed = times.length > 0 ? Math.min(...times) : undefined;
  const cached = all.some((list) => list?.cached === true);
  const stale = !cached && all.some((list) => list?.stale === true);
  const failed = all.some((list) => list?.error !== undefined);
  // Ticks while the cached lists are shown, so their age is live.
  const now = useNow(cached, 5_000);
  let freshness = failed ? 'lists not loaded' : 'loading…';
  if (refreshed !== undefined) {
    freshness = cached
      ? `lists from cache, read ${formatAge(new Date(refreshed).toISOString(), now) || '0s'} ago`
      : `lists refreshed ${clockTime(refreshed)}`;
  }
  const protection = session.readOnly
    ? 'READ-ONLY'
    : session.protection === 'protected'
      ? 'PROTECTED'
      : undefined;
  return (
    <Box flexDirection="column" width={width} height={3} overflow="hidden">
      <Text wrap="truncate-end">
        <Text bold {...tint(theme, theme.accent)}>
          dagdeck
        </Text>{' '}
        ctx <Text bold>{sanitizeName(session.contextName)}</Text>
        {protection ? (
          <Text
            bold
            inverse
            {...tint(theme, session.readOnly ? theme.badge.readOnly : theme.badge.protected)}
          >{` ${protection} `}</Text>
        ) : null}
        {session.demo ? (
          <>
            {' '}
            <Text bold inverse {...tint(theme, theme.badge.demo)}>
              {' DEMO '}
            </Text>
          </>
        ) : null}
        {session.insecureHttp ? (
          <>
            {' '}
            <Text bold inverse {...tint(theme, theme.error)}>
              {' INSECURE HTTP '}
            </Text>
          </>
        ) : null}
        {'  '}
        {/* "lists": the home lists stop polling while a drill-down screen is open, so this time
            stands still there; each of those screens shows its own "updated" time under its title. */}
        <Text {...tint(theme, cached ? theme.warning : theme.muted)} bold={cached}>
          {freshness}
        </Text>
        {stale ? (
          <Text bold {...tint(theme, theme.warning)}>
            {' '}
            stale
          </Text>
        ) : null}
        {running.length > 0 ? <RunningPlans plans={running} /> : null}
      </Text>
      {/* One line per kind, in the console's order; a kind the context lacks says so. */}
      {BACKEND_KINDS.map((kind) => (
        <BackendLine
          key={kind}
          kind={kind}
          present={session.backends[kind] !== undefined}
          probe={probes[kind]}
          list={lists[kind]}
          credential={session.credentialSources[kind]}
        />
      ))}
    </Box>
  );
}
