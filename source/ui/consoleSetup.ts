// What the App is opened with: which context, how protected, which backends, where their
// credentials come from, the write flow every write goes through, and how to hand the terminal to
// $EDITOR. Built by the composition root from a real context or the demo simulators; the UI never
// builds backends itself. The composition root also makes the console session (core/consoleSession.ts)
// on these backends and hands it to the App: the stores live there, not here.
import type { AuditRecord } from '../core/audit.js';
import type { LastKnownStore } from '../core/lastKnownState.js';
import type { BackendKind } from '../core/model.js';
import type { Protection, WriteFlow } from '../core/writeFlow.js';
import type { ConsoleBackends } from './screens/ScreenProps.js';

export type { Protection };

export interface ConsoleSetup {
  contextName: string;
  protection: Protection;
  /** --read-only or a read-only context: no writes this session. */
  readOnly: boolean;
  /** Running against the embedded simulators (`--demo`). */
  demo: boolean;
  backends: ConsoleBackends;
  /** Where each credential comes from ("keychain", "env DATABRICKS_TOKEN"...), never the secret. */
  credentialSources: Partial<Record<BackendKind, string | undefined>>;
  /** The context sends credentials over plain http to a remote host (--allow-insecure-http). */
  insecureHttp?: boolean;
  /** Context names `:ctx` may switch to (for the error message when the name is unknown). */
  contextNames?: readonly string[];
  /** Every write of the console goes through it (policy, preview, once, audit). */
  writes: WriteFlow;
  /** Reads the audit trail for `:audit`, newest last. */
  readAudit?(): Promise<AuditRecord[]>;
  /** Suspends the console, opens $EDITOR on `text`, resolves with what was saved. */
  editText?(text: string, extension: string): Promise<string>;
  /** Where `s` in a log pane saves the log ($DAGDECK_LOG_DIR, else the directory dagdeck started in). */
  logDir: string;
  /** Opens a URL in a browser; false where there is none (over SSH): the console then shows it whole. */
  openUrl?(url: string): Promise<boolean>;
  /** The lists of the last session on this context, shown at once while the servers answer (absent: --no-cache). */
  lastKnown?: LastKnownStore;
  /** The clock incidents are windowed by (Date.now unless a test pins it to a simulator's clock). */
  now?: () => number;
}
