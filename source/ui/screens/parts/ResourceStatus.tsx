// One line under a screen's title: loading, the one-line error (with the data kept and marked
// stale), or when it was last updated (stale data is marked as stale rather than hidden),
// with a slow server and items left out as malformed said on the same line.
import { Text } from 'ink';
import type { ResourceSnapshot } from '../../../core/resource.js';
import { sanitizeName } from '../../../core/sanitize.js';
import { colorEnabled } from '../../stateStyle.js';
import { clockTime } from '../../text.js';

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
  if (snapshot.data === undefined) {
    return <Text dimColor>{snapshot.slow ? 'loading… the server is slow' : 'loading…'}</Text>;
  }
  // Always one line, so the rows below do not jump when an error comes and goes.
  const at = snapshot.updatedAt !== undefined ? clockTime(snapshot.updatedAt) : '';
  const state = snapshot.slow ? 'the server is slow, showing ' : snapshot.loading ? 'refreshing… ' : '';
  // The first part of a first read: say the rest is coming rather than an "updated" time.
  const line = snapshot.partial ? 'loading… showing what is in so far' : `${state}updated ${at}`;
  if (snapshot.warning !== undefined) {
    // Items the server sent malformed were left out: say so on the same line.
    return (
      <Text wrap="truncate-end" {...(color ? { color: 'yellow' } : {})}>
        {`${line} · ⚠ ${sanitizeName(snapshot.warning)}`.slice(0, Math.max(1, width * 2))}
      </Text>
    );
  }
  return <Text dimColor>{line}</Text>;
}
