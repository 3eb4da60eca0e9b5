// Picking a console's backend by a route's kind: a context may have one or both.
import type { Backend } from './backend.js';
import type { ConsoleBackends } from './consoleBackends.js';
import { NotFound } from './errors.js';
import type { BackendKind } from './model.js';

const WHAT: Record<BackendKind, string> = {
  airflow: 'Airflow deployment',
  databricks: 'Databricks workspace',
};

/** The backend of `kind`, or the one-line error a screen shows when the context has none. */
export function requireBackend(backends: ConsoleBackends, kind: BackendKind): Backend {
  const backend = backends[kind];
  if (!backend) throw new NotFound(`No ${WHAT[kind]} in this context: add one with \`dagdeck context\``);
  return backend;
}
