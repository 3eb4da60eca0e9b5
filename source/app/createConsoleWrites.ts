// The write flow of one context: its policy (protection and --read-only), its backends, the audit
// trail and the trigger claims in the state directory, and who is writing. The console and the
// command line build it the same way, so a write is previewed, confirmed, sent once and audited
// alike from both.
import { hostname, userInfo } from 'node:os';
import { createAuditLog, readAuditLog } from '../audit/auditLog.js';
import { createIntentStore } from '../audit/intentFile.js';
import { stateDir } from '../audit/stateDir.js';
import type { AuditRecord } from '../core/audit.js';
import type { Backend } from '../core/backend.js';
import type { BackendKind } from '../core/model.js';
import { createWriteFlow, type Protection, type WriteFlow } from '../core/writeFlow.js';

export interface WritesOptions {
  contextName: string;
  protection: Protection;
  readOnlyFlag: boolean;
  backends: Partial<Record<BackendKind, Backend>>;
  endpoints: Partial<Record<BackendKind, string>>;
  env?: NodeJS.ProcessEnv;
  /**
   * Claim each confirmed trigger's run id in the state directory, so the same trigger confirmed
   * again re-sends it (default). Off when the operator names the run id: that id is the one that
   * must be sent.
   */
  claimTriggers?: boolean;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

export function createWrites(options: WritesOptions): {
  flow: WriteFlow;
  readAudit(): Promise<AuditRecord[]>;
} {
  const dir = stateDir(options.env);
  const flow = createWriteFlow({
    contextName: options.contextName,
    protection: options.protection,
    readOnlyFlag: options.readOnlyFlag,
    backends: options.backends,
    endpoints: options.endpoints,
    audit: createAuditLog({ dir }),
    ...(options.claimTriggers === false ? {} : { intents: createIntentStore(dir) }),
    identity: { user: osUser(), host: hostname(), pid: process.pid },
  });
  return { flow, readAudit: async () => readAuditLog(dir) };
}
