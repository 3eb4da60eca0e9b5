// One line under a screen's title: loading, the one-line error (with the data kept and marked
// stale), or when it was last updated (issue 5: stale data marked as stale rather than hidden).
import { Text } from 'ink';
import type { ResourceSnapshot } from '../../../core/resource.js';
import { sanitizeName } from '../../../core/sanitize.js';
import { colorEnabled } from '../../stateStyle.js';

export function ResourceStatus<T>({ snapshot, width }: { snapshot: ResourceSnapshot<T>; width: number }) {
  const color = colorEnabled();
  if (snapshot.error !== undefined) {
    const prefix = snapshot.data !== undefined ? 'STALE · ' : '';
    return (
      <Text wrap="truncate-end" {...(color ? { color: 'red' } : {})}>
        {`${prefix}${sanitizeName(snapshot.error)}`.slice(0, Math.max(1, width * 2))}
      </Text>
    );
  }
  if (snapshot.data === undefined) return <Text dimColor>loading…</Text>;
  // Always one line, so the rows below do not jump when an error comes and goes.
  const at = snapshot.updatedAt !== undefined ? new Date(snapshot.updatedAt).toISOString().slice(11, 19) : '';
  return <Text dimColor>{`${snapshot.loading ? 'refreshing… ' : ''}updated ${at} UTC`}</Text>;
}
