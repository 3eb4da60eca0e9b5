// The debug log (source/core/debug-log.ts): off by default, 0600, size-capped with one rotation,
// every line redacted (redaction applies at every sink that writes text).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEBUG_LOG_NAME, debugRequested, openDebugLog } from '../../source/core/debug-log.js';
import { ConfigError } from '../../source/core/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-debug-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const fixedNow = () => new Date('2026-01-02T03:04:05.000Z');

describe('debug log', () => {
  it('is off unless asked for: DAGDECK_DEBUG=1/true/yes', () => {
    expect(debugRequested({})).toBe(false);
    expect(debugRequested({ DAGDECK_DEBUG: '0' })).toBe(false);
    expect(debugRequested({ DAGDECK_DEBUG: '1' })).toBe(true);
    expect(debugRequested({ DAGDECK_DEBUG: 'true' })).toBe(true);
    const off = openDebugLog({ dir, enabled: false });
    off.write('nothing');
    expect(off.path).toBeUndefined();
    expect(() => statSync(join(dir, DEBUG_LOG_NAME))).toThrow();
  });

  it('writes timestamped entries with mode 0600 and indents continuation lines', () => {
    const log = openDebugLog({ dir, enabled: true, now: fixedNow });
    log.write('first\nsecond');
    log.error('load failed', new ConfigError('bad file', { cause: new Error('root cause') }));
    expect(log.path).toBe(join(dir, DEBUG_LOG_NAME));
    expect(statSync(join(dir, DEBUG_LOG_NAME)).mode & 0o777).toBe(0o600);
    const text = readFileSync(join(dir, DEBUG_LOG_NAME), 'utf8');
    expect(text.startsWith('2026-01-02T03:04:05.000Z first\n    second\n')).toBe(true);
    expect(text).toContain('load failed: bad file');
    expect(text).toContain('caused by: Error: root cause');
  });

  it('tightens an existing log that others can read', () => {
    writeFileSync(join(dir, DEBUG_LOG_NAME), 'old\n', { mode: 0o644 });
    openDebugLog({ dir, enabled: true }).write('new');
    expect(statSync(join(dir, DEBUG_LOG_NAME)).mode & 0o777).toBe(0o600);
  });

  it('redacts secrets it was told about and Authorization headers', () => {
    const log = openDebugLog({ dir, enabled: true });
    log.addSecret('s3cr3t-value-1234');
    log.write('token s3cr3t-value-1234 used; Authorization: Bearer abc.def.ghi-jkl');
    const text = readFileSync(join(dir, DEBUG_LOG_NAME), 'utf8');
    expect(text).not.toContain('s3cr3t-value-1234');
    expect(text).not.toContain('abc.def.ghi-jkl');
  });

  it('replaces escape sequences so that catting the file cannot drive the terminal', () => {
    const log = openDebugLog({ dir, enabled: true });
    log.write('title \x1b]0;owned\x07 done');
    const text = readFileSync(join(dir, DEBUG_LOG_NAME), 'utf8');
    expect(text).not.toContain('\x1b');
    expect(text).not.toContain('\x07');
  });

  it('replaces C1, bidi and zero-width characters too (issue 13)', () => {
    const log = openDebugLog({ dir, enabled: true });
    log.write('dag \u009b2J \u202eexe.\u200btxt \u2066x\u2069');
    const text = readFileSync(join(dir, DEBUG_LOG_NAME), 'utf8');
    expect(text).not.toMatch(/[\u009b\u202e\u200b\u2066\u2069]/);
    expect(text).toContain('dag');
  });

  it('rotates once to .1 when the cap would be passed, keeping at most two files', () => {
    const log = openDebugLog({ dir, enabled: true, maxBytes: 200, now: fixedNow });
    for (let i = 0; i < 12; i += 1) log.write(`line ${i} ${'x'.repeat(30)}`);
    const current = readFileSync(join(dir, DEBUG_LOG_NAME), 'utf8');
    const previous = readFileSync(join(dir, `${DEBUG_LOG_NAME}.1`), 'utf8');
    expect(Buffer.byteLength(current)).toBeLessThanOrEqual(200);
    expect(Buffer.byteLength(previous)).toBeLessThanOrEqual(200);
    expect(current).toContain('line 11');
    expect(previous).not.toContain('line 0 ');
  });
});
