// What the App is opened with: which context, how protected, which backends, where their
// credentials come from. Built by source/cli/open-console.tsx from a real context or the demo
// simulators; the UI never builds backends itself (DESIGN.md, dependency direction).
import type { ConsoleBackends } from './screens/ScreenProps.js';

export type Protection = 'open' | 'protected' | 'read-only';

export interface ConsoleSession {
  contextName: string;
  protection: Protection;
  /** --read-only or a read-only context: no writes this session. */
  readOnly: boolean;
  /** Running against the embedded simulators (`--demo`). */
  demo: boolean;
  backends: ConsoleBackends;
  /** Where each credential comes from ("keychain", "env DATABRICKS_TOKEN"...), never the secret. */
  credentialSources: { airflow?: string | undefined; databricks?: string | undefined };
  /** Context names `:ctx` may switch to (for the error message when the name is unknown). */
  contextNames?: readonly string[];
}
