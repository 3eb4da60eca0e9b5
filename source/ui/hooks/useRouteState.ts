// UI state that lives as long as its route stays in the navigation stack (route.ts): a screen's
// cursor and toggles survive a drill-down and the Esc that comes back, and are dropped when the
// route is popped off. The console session keeps them (core/routeScopes.ts); App.tsx provides the
// shown route's scope. Without a provider (a screen rendered alone in a test) the hooks behave
// like useState and useRef.
import {
  createContext,
  type Dispatch,
  type SetStateAction,
  useContext,
  useEffect,
  useRef,
  useState,
} from 'react';
import type { RouteScope } from '../../core/routeScopes.js';

export const RouteStateContext = createContext<RouteScope | undefined>(undefined);

/** Like useState, but starts from (and saves to) the current route's scope. */
export function useRouteState<T>(name: string, initial: T): [T, Dispatch<SetStateAction<T>>] {
  const scope = useContext(RouteStateContext);
  const saved = useRouteRef(`state:${name}`, initial);
  const [value, setValue] = useState<T>(() => (scope ? saved.current : initial));
  // Saved on commit: the screen unmounts only after its last committed state is written.
  useEffect(() => {
    saved.current = value;
  }, [saved, value]);
  return [value, setValue];
}

/**
 * An object that works while its route is in the stack, shown or not (a log pane's follow goes on
 * under a screen pushed over it): made once, kept across remounts, and disposed when the route is
 * popped off. Without a route stack (a screen rendered alone) it goes with the component.
 */
export function useRouteResource<T extends { dispose(): void }>(name: string, create: () => T): T {
  const scope = useContext(RouteStateContext);
  const local = useRef<T | undefined>(undefined);
  local.current ??= scope ? scope.own(name, create) : create();
  const resource = local.current;
  useEffect(() => (scope ? undefined : () => resource.dispose()), [scope, resource]);
  return resource;
}

/** Like useRef, but the same object for as long as the route is in the stack (across remounts). */
export function useRouteRef<T>(name: string, initial: T): { current: T } {
  const scope = useContext(RouteStateContext);
  const local = useRef<{ current: T } | undefined>(undefined);
  local.current ??= scope ? scope.cell(`ref:${name}`, () => initial) : { current: initial };
  return local.current;
}
