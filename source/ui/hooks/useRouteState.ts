// UI state that lives as long as its route stays in the navigation stack (route.ts): a screen's
// cursor and toggles survive a drill-down and the Esc that comes back, and are dropped when the
// route is popped off (App.tsx owns the store). Without a provider (a screen rendered alone in a
// test) the hooks behave like useState and useRef.
import {
  createContext,
  type Dispatch,
  type SetStateAction,
  useContext,
  useEffect,
  useRef,
  useState,
} from 'react';

/** One route's saved UI state, by name. */
export type RouteStateBag = Map<string, unknown>;

export const RouteStateContext = createContext<RouteStateBag | undefined>(undefined);

/** Like useState, but starts from (and saves to) the current route's bag. */
export function useRouteState<T>(name: string, initial: T): [T, Dispatch<SetStateAction<T>>] {
  const bag = useContext(RouteStateContext);
  const [value, setValue] = useState<T>(() => (bag?.has(name) ? (bag.get(name) as T) : initial));
  // Saved on commit: the screen unmounts only after its last committed state is written.
  useEffect(() => {
    bag?.set(name, value);
  }, [bag, name, value]);
  return [value, setValue];
}

const RESOURCE = 'resource:';

/**
 * An object that works while its route is in the stack, shown or not (a log pane's follow goes on
 * under a screen pushed over it): made once, kept across remounts, and disposed when the route is
 * popped off (disposeRouteState). Without a route stack (a screen rendered alone) it goes with the
 * component.
 */
export function useRouteResource<T extends { dispose(): void }>(name: string, create: () => T): T {
  const bag = useContext(RouteStateContext);
  const local = useRef<T | undefined>(undefined);
  if (!local.current) {
    const key = `${RESOURCE}${name}`;
    const saved = bag?.get(key) as T | undefined;
    local.current = saved ?? create();
    bag?.set(key, local.current);
  }
  const resource = local.current;
  useEffect(() => (bag ? undefined : () => resource.dispose()), [bag, resource]);
  return resource;
}

/** Disposes what useRouteResource made for a route that left the stack, and forgets its state. */
export function disposeRouteState(bag: RouteStateBag): void {
  for (const [key, value] of bag) {
    if (key.startsWith(RESOURCE)) (value as { dispose(): void }).dispose();
  }
  bag.clear();
}

/** Like useRef, but the same object for as long as the route is in the stack (across remounts). */
export function useRouteRef<T>(name: string, initial: T): { current: T } {
  const bag = useContext(RouteStateContext);
  const local = useRef<{ current: T } | undefined>(undefined);
  if (!local.current) {
    const key = `ref:${name}`;
    const saved = bag?.get(key) as { current: T } | undefined;
    local.current = saved ?? { current: initial };
    bag?.set(key, local.current);
  }
  return local.current;
}
