// The one shape of everything the console reads outside React: a polled resource, a per-row
// lookup, the header's list status, a screen's query. Components read any of them the same way
// (useSyncExternalStore over subscribe and getSnapshot), `r` calls refresh, and the console session
// that made it calls dispose when the console closes.

export interface Store<T> {
  /** The current value; the same object until something changed (a useSyncExternalStore snapshot). */
  getSnapshot(): T;
  /** Calls `listener` after each change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** Read again now (the `r` key). */
  refresh(): Promise<void>;
  /** Stops every timer and request for good; the store answers nothing new after it. */
  dispose(): void;
}
