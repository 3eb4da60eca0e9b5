// The audit trail's record and the ports the write flow records through. One record before each
// write is sent (intent), one after (outcome), one for a write refused by policy; never a secret:
// parameters go through maskParams. Where the records are kept is decided by the composition root
// (source/audit/ writes them to a file in the state directory).
import { createHash } from 'node:crypto';
import type { Action, ActionKind } from './actions.js';
import type { BackendKind } from './model.js';
import { redactKnown } from './redact.js';

export type AuditPhase = 'intent' | 'outcome' | 'refused';
/** ok: done; error: the server refused, nothing changed; unknown: sent, but the answer was lost. */
export type AuditResult = 'ok' | 'error' | 'unknown' | 'refused' | 'not-sent';
export type ConfirmMethod = 'dialog' | 'typed' | 'yes-flag' | 'confirm-flag';

export interface AuditRecord {
  /** ISO 8601, UTC. */
  time: string;
  user: string;
  host: string;
  pid: number;
  context: string;
  backend: BackendKind;
  /** The endpoint the write went to (Airflow URL, Databricks host). */
  url: string;
  /** Every step of one confirmed plan shares its plan id. */
  plan: string;
  step: number;
  steps: number;
  phase: AuditPhase;
  action: ActionKind;
  target: string;
  /** The action's parameters, masked (maskParams). */
  params: Record<string, unknown>;
  /** The client-chosen run id or idempotency token of a run-creating write. */
  requestId?: string;
  preview?: { summary: string; count: number; serverDryRun: boolean };
  confirm?: ConfirmMethod;
  result?: AuditResult;
  /** One line: what happened, or why it failed. */
  summary?: string;
  errorCode?: string;
  httpStatus?: number;
  /** The server's own request id of a failure, for a support ticket. */
  serverRequestId?: string;
  durationMs?: number;
}

/** Where audit records go. Appending must never throw into the write flow's caller. */
export interface AuditSink {
  append(record: AuditRecord): void;
}

/**
 * Remembers, across processes on this machine, which request id a run-creating write was confirmed
 * with, so the same write confirmed again in another console (or twice in this one) re-sends that id
 * and the server makes no second run.
 */
export interface IntentStore {
  /** The claim of `key` made in the last `ttlMs`, if any. */
  lookup(key: string, ttlMs: number): IntentClaim | undefined;
  /** Claims `key` for `requestId`, unless a fresh claim exists: then that one is returned. */
  claim(key: string, requestId: string, ttlMs: number): IntentClaim;
}

export interface IntentClaim {
  requestId: string;
  /** Epoch ms. */
  at: number;
  pid: number;
  host: string;
}

const SECRET_KEY = /pass(word)?|secret|token|credential|private|api[_-]?key|auth/i;

/**
 * The parameters of an action as the audit trail keeps them: values under secret-looking keys are
 * replaced by a marker, every string is redacted of known and secret-shaped values, and long values
 * are cut, so a conf carrying a password never lands in the file.
 */
export function maskParams(action: Action): Record<string, unknown> {
  const { kind: _kind, workflowId: _workflow, ...rest } = action as Action & { workflowId?: string };
  return maskValue(rest, '') as Record<string, unknown>;
}

function maskValue(value: unknown, key: string): unknown {
  if (key !== '' && SECRET_KEY.test(key)) return '«masked»';
  if (typeof value === 'string') {
    const redacted = redactKnown(value);
    return redacted.length > 200 ? `${redacted.slice(0, 200)}…` : redacted;
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => maskValue(item, ''));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskValue(v, k)]),
    );
  }
  return value;
}

/**
 * The identity of a run-creating write's content: the same context, backend, workflow, parameters,
 * logical date and note give the same key (the request id is left out: it is what the key finds).
 */
export function intentKey(context: string, backend: BackendKind, action: Action): string {
  const { requestId: _id, ...content } = action as Action & { requestId?: string };
  return createHash('sha256')
    .update(JSON.stringify([context, backend, canonical(content)]))
    .digest('hex');
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
