// Per-context HTTP timeouts (issue 2: "timeouts sized for an incident UI ... configurable";
// an optional field, so files without it load unchanged (no config
// migration), and values outside the bounds are refused with the zod path in the message.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContextInput } from '../../source/config/schema.js';
import { openConfigStore } from '../../source/config/store.js';
import { MAX_TIMEOUT_MS, MIN_TIMEOUT_MS, parseDurationMs } from '../../source/config/timeouts.js';
import { ConfigError } from '../../source/core/errors.js';

const airflow = { url: 'https://airflow.example.test', username: 'ops' };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-timeouts-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const configPath = () => join(dir, 'config.json');

describe('per-context timeouts in the config (security-reliability.md §2.2, §5)', () => {
  it('round-trips through the file: only the fields set are written and read back', () => {
    const store = openConfigStore({ dir });
    store.upsertContext('prod', { airflow, timeouts: { connectMs: 5000, bodyMs: 120_000 } });
    const written = JSON.parse(readFileSync(configPath(), 'utf8'));
    expect(written.schemaVersion).toBe(1);
    expect(written.contexts.prod.timeouts).toEqual({ connectMs: 5000, bodyMs: 120_000 });
    const reopened = openConfigStore({ dir });
    expect(reopened.writable).toBe(true);
    expect(reopened.context('prod')?.timeouts).toEqual({ connectMs: 5000, bodyMs: 120_000 });
    expect(Object.keys(reopened.context('prod')?.timeouts ?? {})).not.toContain('headersMs');
  });

  it('a version-1 file without timeouts loads as it is, without a migration or a backup', () => {
    const before = JSON.stringify({ schemaVersion: 1, contexts: { old: { airflow } } });
    writeFileSync(configPath(), before, { mode: 0o600 });
    const store = openConfigStore({ dir });
    expect(store.problem).toBeUndefined();
    expect(store.migrationBackup).toBeUndefined();
    expect(store.context('old')?.timeouts).toBeUndefined();
    expect(readFileSync(configPath(), 'utf8')).toBe(before);
  });

  it.each<[string, ContextInput['timeouts'], RegExp]>([
    ['zero', { connectMs: 0 }, /timeouts\.connectMs: must be at least 100 ms/],
    ['negative', { headersMs: -5 }, /timeouts\.headersMs: must be at least 100 ms/],
    ['a fraction of a millisecond', { bodyMs: 1500.5 }, /timeouts\.bodyMs: must be a whole number/],
    ['over ten minutes', { bodyMs: MAX_TIMEOUT_MS + 1 }, /timeouts\.bodyMs: must be at most 600000 ms/],
  ])('upsertContext refuses %s with the field path', (_label, timeouts, message) => {
    const store = openConfigStore({ dir });
    const error = (() => {
      try {
        store.upsertContext('prod', { airflow, ...(timeouts ? { timeouts } : {}) });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^context "prod" is invalid \(/);
    expect((error as Error).message).toMatch(message);
    expect(store.context('prod')).toBeUndefined();
  });

  it('a hand-edited file with a bad value or a misspelt key is reported with its path and left untouched', () => {
    for (const [timeouts, message] of [
      [{ headersMs: '15s' }, /contexts\.prod\.timeouts\.headersMs: Invalid input: expected number/],
      [{ headerMs: 15_000 }, /contexts\.prod\.timeouts: Unrecognized key: "headerMs"/],
    ] as const) {
      const text = JSON.stringify({ schemaVersion: 1, contexts: { prod: { airflow, timeouts } } });
      writeFileSync(configPath(), text, { mode: 0o600 });
      const store = openConfigStore({ dir });
      expect(store.writable).toBe(false);
      expect(store.problem?.message).toMatch(message);
      expect(() => store.upsertContext('other', { airflow })).toThrow(ConfigError);
      expect(readFileSync(configPath(), 'utf8')).toBe(text);
    }
  });
});

describe('parseDurationMs (the `context add --*-timeout` syntax)', () => {
  it.each([
    ['10s', 10_000],
    ['1500ms', 1500],
    ['2m', 120_000],
    ['15', 15_000],
    ['1.5s', 1500],
    [' 30s ', 30_000],
    [`${MIN_TIMEOUT_MS}ms`, MIN_TIMEOUT_MS],
    ['10m', MAX_TIMEOUT_MS],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['', 'abc', '10h', '-5s', '5 s', '1e3', '0', '99ms', '10m1ms', '11m', '0.05'])(
    'refuses %j',
    (text) => {
      expect(parseDurationMs(text)).toBeUndefined();
    },
  );
});
