// The audit trail as an operator reads it: one entry per write step (its intent and outcome joined,
// a refusal on its own), newest first. The console's :audit and `dagdeck audit` both show these.
import type { AuditRecord, AuditResult } from './audit.js';

export interface AuditEntry {
  /** The outcome's time, else the intent's. */
  time: string;
  context: string;
  backend: AuditRecord['backend'];
  action: AuditRecord['action'];
  target: string;
  /** 'pending' when only the intent exists (the process died, or the write is in flight). */
  result: AuditResult | 'pending';
  summary: string;
  requestId?: string | undefined;
  user: string;
  host: string;
  confirm?: AuditRecord['confirm'];
  plan: string;
  step: number;
  steps: number;
  records: AuditRecord[];
}

export function auditEntries(records: readonly AuditRecord[]): AuditEntry[] {
  const byStep = new Map<string, AuditRecord[]>();
  for (const record of records) {
    const key = `${record.plan}:${record.step}:${record.phase === 'refused' ? 'refused' : 'write'}`;
    byStep.set(key, [...(byStep.get(key) ?? []), record]);
  }
  const entries = [...byStep.values()].map((group): AuditEntry => {
    const intent = group.find((record) => record.phase === 'intent');
    const last = group.find((record) => record.phase !== 'intent') ?? intent ?? (group[0] as AuditRecord);
    return {
      time: last.time,
      context: last.context,
      backend: last.backend,
      action: last.action,
      target: last.target,
      result: last.phase === 'intent' ? 'pending' : (last.result ?? 'ok'),
      summary: last.summary ?? intent?.preview?.summary ?? '',
      requestId: last.requestId ?? intent?.requestId,
      user: last.user,
      host: last.host,
      confirm: intent?.confirm,
      plan: last.plan,
      step: last.step,
      steps: last.steps,
      records: group,
    };
  });
  return entries.sort((a, b) => b.time.localeCompare(a.time));
}
