// Which context `dagdeck` opens (issue 2 item 2: --context, --read-only; item 4: protection).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConsoleContext } from '../../source/app/resolveConsoleContext.js';
import { openConfigStore } from '../../source/config/store.js';
import { ConfigError } from '../../source/core/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-ctx-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('resolveConsoleContext', () => {
  it('uses --context over the current context, and --read-only or a read-only context', () => {
    const store = openConfigStore({ dir });
    store.upsertContext('dev', { protection: 'open', airflow: { url: 'http://127.0.0.1:8080' } });
    store.upsertContext('prod', {
      protection: 'read-only',
      airflow: { url: 'https://airflow.example.test' },
    });
    store.useContext('dev');
    expect(resolveConsoleContext({}, store)).toMatchObject({ name: 'dev', readOnly: false });
    expect(resolveConsoleContext({ readOnly: true }, store)).toMatchObject({ name: 'dev', readOnly: true });
    expect(resolveConsoleContext({ context: 'prod' }, store)).toMatchObject({ name: 'prod', readOnly: true });
  });

  it('throws ConfigErrors: broken file, unknown context, no current context', () => {
    writeFileSync(join(dir, 'config.json'), '{');
    expect(() => resolveConsoleContext({}, openConfigStore({ dir }))).toThrow(/not valid JSON/);
    rmSync(join(dir, 'config.json'));
    const store = openConfigStore({ dir });
    store.upsertContext('dev', { protection: 'open', airflow: { url: 'http://127.0.0.1:8080' } });
    expect(() => resolveConsoleContext({ context: 'nope' }, store)).toThrow(/no context named "nope"/);
    expect(() => resolveConsoleContext({}, store)).toThrow(ConfigError);
    expect(() => resolveConsoleContext({}, store)).toThrow(
      /pick one with `dagdeck context use NAME` \(dev\)/,
    );
  });
});
