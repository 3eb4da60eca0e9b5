// What lives as long as a screen's place in the navigation stack: its cursor and toggles, and the
// objects that keep working while another screen is pushed over it (a log pane's follow). Each
// place is a scope, named by the caller (the UI names it by depth and route); a scope is dropped,
// and what it owns disposed, when its place leaves the stack, and every scope when the console
// session ends.

/** One place in the stack. */
export interface RouteScope {
  /** The named cell of this scope: the same object for as long as the scope lives. */
  cell<T>(name: string, initial: () => T): { current: T };
  /** A named object made once and disposed with the scope. */
  own<T extends { dispose(): void }>(name: string, create: () => T): T;
}

export interface RouteScopes {
  scope(key: string): RouteScope;
  /** Drops every scope not named in `live`, disposing what they own. */
  keep(live: ReadonlySet<string>): void;
  dispose(): void;
}

interface Scope extends RouteScope {
  dispose(): void;
}

function createScope(): Scope {
  const cells = new Map<string, { current: unknown }>();
  const owned = new Map<string, { dispose(): void }>();
  return {
    cell<T>(name: string, initial: () => T) {
      let cell = cells.get(name);
      if (!cell) {
        cell = { current: initial() };
        cells.set(name, cell);
      }
      return cell as { current: T };
    },
    own<T extends { dispose(): void }>(name: string, create: () => T): T {
      let value = owned.get(name);
      if (!value) {
        value = create();
        owned.set(name, value);
      }
      return value as T;
    },
    dispose() {
      for (const value of owned.values()) value.dispose();
      owned.clear();
      cells.clear();
    },
  };
}

export function createRouteScopes(): RouteScopes {
  const scopes = new Map<string, Scope>();
  let disposed = false;
  return {
    scope(key) {
      let scope = scopes.get(key);
      if (!scope) {
        scope = createScope();
        // After the session ended a scope still answers (a last render) but is not kept.
        if (!disposed) scopes.set(key, scope);
      }
      return scope;
    },
    keep(live) {
      for (const [key, scope] of scopes) {
        if (live.has(key)) continue;
        scopes.delete(key);
        scope.dispose();
      }
    },
    dispose() {
      disposed = true;
      for (const scope of scopes.values()) scope.dispose();
      scopes.clear();
    },
  };
}
