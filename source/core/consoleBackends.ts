// The backends one console session works with: at most one of each kind, keyed by kind so they can
// be walked and picked by a route's kind. The composition root builds them (from a context or the
// demo simulators) and the UI reads them, so the type lives where both may import it.
import type { Backend } from './backend.js';
import type { BackendKind } from './model.js';

export type ConsoleBackends = Partial<Record<BackendKind, Backend>>;
