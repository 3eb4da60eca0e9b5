// The audit trail on disk (issue 10 "The audit trail"): 0600 in a 0700 directory, one JSON line per
// record, rotated by size, read back oldest first with filters, a damaged line skipped; and the
// trigger claims two consoles share.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_FILE, createAuditLog, readAuditLog } from '../../source/audit/auditLog.js';
import { createIntentStore } from '../../source/audit/intentFile.js';
import { stateDir } from '../../source/audit/stateDir.js';
import type { AuditRecord } from '../../source/core/audit.js';
import { maskParams } from '../../source/core/audit.js';
import { auditEntries } from '../../source/core/auditEntries.js';
import { registerSecret } from '../../source/core/redact.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dagdeck-audit-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const record = (overrides: Partial<AuditRecord> = {}): AuditRecord => ({
  time: '2026-12-03T10:00:00.000Z',
  user: 'oncall',
  host: 'jump-1',
  pid: 1,
  context: 'prod',
  backend: 'airflow',
  url: 'https://airflow.example.com',
  plan: 'p1',
  step: 1,
  steps: 1,
  phase: 'intent',
  action: 'clearTasks',
  target: 'd / r / t',
  params: {},
  ...overrides,
});

describe('audit log', () => {
  it('appends one JSON line per record to a 0600 file in a 0700 directory', () => {
    const dir = join(tempDir(), 'state');
    const log = createAuditLog({ dir });
    log.append(record());
    log.append(record({ phase: 'outcome', result: 'ok', time: '2026-12-03T10:00:01.000Z' }));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(log.path).mode & 0o777).toBe(0o600);
    const lines = readFileSync(log.path, 'utf8').trim().split('\n');
    expect(lines.map((line) => JSON.parse(line).phase)).toEqual(['intent', 'outcome']);
  });

  it('rotates by size and reads every file back oldest first; damaged lines are skipped', () => {
    const dir = tempDir();
    const log = createAuditLog({ dir, maxBytes: 600, keep: 2 });
    for (let i = 0; i < 8; i++) log.append(record({ plan: `p${i}`, time: `2026-12-03T10:00:0${i}.000Z` }));
    expect(statSync(`${log.path}.1`).size).toBeGreaterThan(0);
    writeFileSync(log.path, `${readFileSync(log.path, 'utf8')}not json\n{"half":\n`);
    const plans = readAuditLog(dir, {}, 2).map((r) => r.plan);
    expect(plans).toEqual([...plans].sort());
    expect(plans.at(-1)).toBe('p7');
  });

  it('filters by time and context', () => {
    const dir = tempDir();
    const log = createAuditLog({ dir });
    log.append(record({ context: 'prod', time: '2026-12-03T09:00:00.000Z' }));
    log.append(record({ context: 'staging', time: '2026-12-03T11:00:00.000Z' }));
    log.append(record({ context: 'prod', time: '2026-12-03T11:30:00.000Z', plan: 'late' }));
    const since = Date.parse('2026-12-03T10:00:00Z');
    expect(readAuditLog(dir, { since, context: 'prod' }).map((r) => r.plan)).toEqual(['late']);
  });

  it('a directory that cannot be written is one line naming the file and what to do', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    const log = createAuditLog({ dir: join(dir, 'file', 'sub') });
    expect(() => log.append(record())).toThrow(/audit trail .*cannot be written .*DAGDECK_STATE_DIR/);
  });

  it('joins intent and outcome into one entry per step, newest first; a lone intent is pending', () => {
    const entries = auditEntries([
      record({ plan: 'a' }),
      record({
        plan: 'a',
        phase: 'outcome',
        result: 'ok',
        summary: 'Cleared 2',
        time: '2026-12-03T10:00:02.000Z',
      }),
      record({ plan: 'b', time: '2026-12-03T10:05:00.000Z', confirm: 'typed' }),
    ]);
    expect(entries.map((e) => [e.plan, e.result, e.summary])).toEqual([
      ['b', 'pending', ''],
      ['a', 'ok', 'Cleared 2'],
    ]);
  });
});

describe('what the audit trail keeps of parameters', () => {
  it('masks secret-looking keys and known secrets, keeps the rest', () => {
    registerSecret('hunter2-very-secret');
    const params = maskParams({
      kind: 'trigger',
      workflowId: 'd',
      requestId: 'dagdeck__x',
      params: {
        portfolio: 'FX',
        db_password: 'p4ss',
        nested: { api_key: 'k', text: 'uses hunter2-very-secret' },
      },
    });
    const text = JSON.stringify(params);
    expect(text).toContain('"portfolio":"FX"');
    expect(text).not.toContain('p4ss');
    expect(text).not.toContain('"k"');
    expect(text).not.toContain('hunter2-very-secret');
    expect(params).not.toHaveProperty('workflowId');
  });
});

describe('trigger claims', () => {
  it('the first claim wins for its lifetime; a stale one is replaced', () => {
    let now = 1_000_000;
    const dir = tempDir();
    const a = createIntentStore(dir, () => now);
    const b = createIntentStore(dir, () => now);
    expect(a.claim('k1', 'id-a', 60_000).requestId).toBe('id-a');
    expect(b.claim('k1', 'id-b', 60_000).requestId).toBe('id-a');
    expect(b.lookup('k1', 60_000)?.requestId).toBe('id-a');
    now += 61_000;
    expect(b.lookup('k1', 60_000)).toBeUndefined();
    expect(b.claim('k1', 'id-b', 60_000).requestId).toBe('id-b');
  });
});

describe('stateDir', () => {
  it('DAGDECK_STATE_DIR, else DAGDECK_CONFIG_DIR, else XDG_STATE_HOME/dagdeck', () => {
    expect(stateDir({ DAGDECK_STATE_DIR: '/s', DAGDECK_CONFIG_DIR: '/c' })).toBe('/s');
    expect(stateDir({ DAGDECK_CONFIG_DIR: '/c' })).toBe('/c');
    if (process.platform === 'linux') expect(stateDir({ XDG_STATE_HOME: '/x' })).toBe(join('/x', 'dagdeck'));
    expect(AUDIT_FILE).toBe('audit.jsonl');
  });
});
