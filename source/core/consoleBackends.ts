// The backends one console session works with: at most one of each kind. The composition root
// builds them (from a context or the demo simulators) and the UI reads them, so the type lives
// where both may import it.
import type { Backend } from './backend.js';

export interface ConsoleBackends {
  airflow?: Backend;
  databricks?: Backend;
}
