// The freshness of what each backend's lists show, for the header ("refreshed 12:03:04", "stale",
// the last error). Screens report into it; the header subscribes. It lives outside React so a
// report does not re-render the screens.
import type { BackendKind } from '../core/model.js';

export interface ListStatus {
  updatedAt: number | undefined;
  stale: boolean;
  error: string | undefined;
  /** A fetch has been running for long: the backend is slow (what is shown is older). */
  slow?: boolean;
  /** Items the backend sent malformed and the list left out, one line. */
  warning?: string | undefined;
  /** What is shown is the last-known state of an earlier session (updatedAt is when it was read). */
  cached?: boolean;
}

export type StatusSnapshot = Readonly<Partial<Record<BackendKind, ListStatus>>>;

export interface StatusStore {
  report(backend: BackendKind, status: ListStatus | undefined): void;
  getSnapshot(): StatusSnapshot;
  subscribe(listener: () => void): () => void;
}

export function createStatusStore(): StatusStore {
  let snapshot: StatusSnapshot = {};
  const listeners = new Set<() => void>();
  return {
    report(backend, status) {
      const current = snapshot[backend];
      if (
        current === status ||
        (current &&
          status &&
          current.updatedAt === status.updatedAt &&
          current.stale === status.stale &&
          current.error === status.error &&
          current.slow === status.slow &&
          current.warning === status.warning &&
          current.cached === status.cached)
      ) {
        return;
      }
      const next = { ...snapshot };
      if (status) next[backend] = status;
      else delete next[backend];
      snapshot = next;
      for (const listener of listeners) listener();
    },
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
