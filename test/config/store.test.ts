// Config store: 0600/0700, never wipe, refuse newer versions, explicit migrations with a backup,
// and a broken or unreadable file is reported and left as it is; issue 2 item 4.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configDir } from '../../source/config/config-dir.js';
import type { Context } from '../../source/config/schema.js';
import { openConfigStore } from '../../source/config/store.js';
import { ConfigError } from '../../source/core/errors.js';

const prod: Context = {
  protection: 'protected',
  airflow: {
    url: 'https://airflow.example.test',
    auth: 'password',
    username: 'ops',
    credential: { kind: 'keychain' },
  },
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function configPath(): string {
  return join(dir, 'config.json');
}

describe('config store: file safety (security-reliability.md §5)', () => {
  it('creates the file with mode 0600 and the directory with 0700', () => {
    const nested = join(dir, 'nested', 'dagdeck');
    const store = openConfigStore({ dir: nested });
    store.upsertContext('prod', prod);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(statSync(nested).mode & 0o777).toBe(0o700);
    const written = JSON.parse(readFileSync(store.path, 'utf8'));
    expect(written.schemaVersion).toBe(1);
    expect(written.contexts.prod.airflow.url).toBe('https://airflow.example.test');
  });

  it('tightens a directory and a valid file that are open to others', () => {
    mkdirSync(join(dir, 'loose'), { mode: 0o755 });
    const loose = join(dir, 'loose');
    writeFileSync(join(loose, 'config.json'), JSON.stringify({ schemaVersion: 1 }), { mode: 0o644 });
    const store = openConfigStore({ dir: loose });
    expect(store.writable).toBe(true);
    expect(statSync(loose).mode & 0o777).toBe(0o700);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
  });

  it('keeps 0600 after several writes', () => {
    const store = openConfigStore({ dir });
    store.upsertContext('prod', prod);
    store.useContext('prod');
    store.upsertContext('staging', { ...prod, protection: 'open' });
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(store.currentContextName()).toBe('prod');
    expect(Object.keys(store.contexts()).sort()).toEqual(['prod', 'staging']);
  });

  it('honours DAGDECK_CONFIG_DIR when no directory is given', () => {
    const previous = process.env.DAGDECK_CONFIG_DIR;
    process.env.DAGDECK_CONFIG_DIR = join(dir, 'from-env');
    try {
      const store = openConfigStore();
      expect(store.path).toBe(join(dir, 'from-env', 'config.json'));
      store.upsertContext('prod', prod);
      expect(readdirSync(join(dir, 'from-env'))).toContain('config.json');
    } finally {
      if (previous === undefined) delete process.env.DAGDECK_CONFIG_DIR;
      else process.env.DAGDECK_CONFIG_DIR = previous;
    }
  });

  it("defaults to conf's directory for projectName dagdeck without suffix (~/.config/dagdeck)", () => {
    if (process.platform !== 'linux') return;
    expect(configDir({ env: { XDG_CONFIG_HOME: '/x/cfg' } })).toBe('/x/cfg/dagdeck');
    expect(configDir({ env: { DAGDECK_CONFIG_DIR: '/y' } })).toBe('/y');
    expect(configDir({ dir: '/z', env: { DAGDECK_CONFIG_DIR: '/y' } })).toBe('/z');
  });
});

describe('config store: a broken file is reported and never touched (§6.1 B1, B2)', () => {
  const broken: Array<[string, string | Buffer, RegExp]> = [
    ['truncated JSON', '{"schemaVersion": 1, "contexts": {', /not valid JSON \(line 1, column \d+/],
    ['a trailing comma', '{\n  "schemaVersion": 1,\n}\n', /not valid JSON \(line 3, column 1/],
    ['an empty file', '', /not valid JSON \(it is empty\)/],
    ['a byte-order mark', Buffer.from('\ufeff{"schemaVersion":1}'), /byte-order mark/],
    ['an array', '[1,2]', /does not hold a JSON object/],
    [
      'a schema violation',
      JSON.stringify({ schemaVersion: 1, contexts: { prod: { airflow: { url: 'not a url' } } } }),
      /is invalid \(contexts\.prod\.airflow\.url: /,
    ],
    [
      'a newer schemaVersion',
      JSON.stringify({ schemaVersion: 7, future: { x: 1 } }),
      /schemaVersion 7, newer/,
    ],
    ['a non-numeric schemaVersion', JSON.stringify({ schemaVersion: 'two' }), /invalid schemaVersion/],
  ];

  for (const [what, content, pattern] of broken) {
    it(`${what}: one-line ConfigError naming the path, bytes unchanged, writes refused`, () => {
      writeFileSync(configPath(), content, { mode: 0o644 });
      const before = readFileSync(configPath());
      const store = openConfigStore({ dir });
      expect(store.writable).toBe(false);
      expect(store.problem).toBeInstanceOf(ConfigError);
      const message = store.problem?.oneLine() ?? '';
      expect(message).toContain(configPath());
      expect(message).toMatch(pattern);
      expect(message).toMatch(/fix or move/);
      expect(message).not.toContain('\n');
      expect(() => store.upsertContext('prod', prod)).toThrow(ConfigError);
      expect(() => store.useContext('prod')).toThrow(/read-only until fixed/);
      expect(() => store.removeContext('prod')).toThrow(ConfigError);
      expect(readFileSync(configPath()).equals(before)).toBe(true);
      // Not even the mode changes: the file is the user's to fix.
      expect(statSync(configPath()).mode & 0o777).toBe(0o644);
      expect(readdirSync(dir)).toEqual(['config.json']);
      expect(store.contexts()).toEqual({});
    });
  }

  it('does not echo file content quoted by the JSON parser', () => {
    writeFileSync(configPath(), '{"token": dapi-not-json}');
    const message = openConfigStore({ dir }).problem?.oneLine() ?? '';
    expect(message).not.toContain('dapi');
  });

  it('turns read-only when the file is broken by someone else after opening', () => {
    const store = openConfigStore({ dir });
    store.upsertContext('prod', prod);
    writeFileSync(configPath(), '{ broken');
    expect(() => store.useContext('prod')).toThrow(/not valid JSON/);
    expect(store.writable).toBe(false);
    expect(readFileSync(configPath(), 'utf8')).toBe('{ broken');
  });
});

describe('config store: migrations (security-reliability.md §5 "explicit, tested")', () => {
  it('migrates version 0 (flat contexts, "current", readOnly) to 1, with a backup of the old bytes', () => {
    const v0 = `${JSON.stringify(
      {
        current: 'prod',
        prod: { airflow: { url: 'https://airflow.example.test' }, readOnly: true },
        lake: { databricks: { host: 'https://dbc-1.cloud.databricks.test' } },
        preferences: { refreshSeconds: 5 },
      },
      null,
      2,
    )}\n`;
    writeFileSync(configPath(), v0, { mode: 0o600 });
    const store = openConfigStore({ dir });
    expect(store.problem).toBeUndefined();
    expect(store.writable).toBe(true);
    expect(store.currentContextName()).toBe('prod');
    expect(store.context('prod')?.protection).toBe('read-only');
    expect(store.context('lake')?.databricks?.host).toBe('https://dbc-1.cloud.databricks.test');
    expect(store.preferences().refreshSeconds).toBe(5);

    expect(store.migrationBackup).toBe(`${configPath()}.v0.bak`);
    expect(readFileSync(`${configPath()}.v0.bak`, 'utf8')).toBe(v0);
    expect(statSync(`${configPath()}.v0.bak`).mode & 0o777).toBe(0o600);
    const migrated = JSON.parse(readFileSync(configPath(), 'utf8'));
    expect(migrated.schemaVersion).toBe(1);
    expect(migrated.currentContext).toBe('prod');
    expect(Object.keys(migrated.contexts).sort()).toEqual(['lake', 'prod']);
    expect(migrated.prod).toBeUndefined();
    expect(statSync(configPath()).mode & 0o777).toBe(0o600);

    // A second open finds version 1 and neither migrates nor backs up again.
    const again = openConfigStore({ dir });
    expect(again.migrationBackup).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'config.json.v0.bak']);
  });

  it('never overwrites an earlier backup', () => {
    writeFileSync(`${configPath()}.v0.bak`, 'older backup');
    writeFileSync(configPath(), JSON.stringify({ dev: { airflow: { url: 'http://127.0.0.1:8080' } } }));
    const store = openConfigStore({ dir });
    expect(store.migrationBackup).toBe(`${configPath()}.v0.bak.1`);
    expect(readFileSync(`${configPath()}.v0.bak`, 'utf8')).toBe('older backup');
  });

  it('leaves a version-0 file untouched when the migrated result is invalid', () => {
    const v0 = JSON.stringify({ prod: { airflow: { url: 'nope' } } });
    writeFileSync(configPath(), v0);
    const store = openConfigStore({ dir });
    expect(store.writable).toBe(false);
    expect(store.problem?.oneLine()).toMatch(/contexts\.prod\.airflow\.url/);
    expect(readFileSync(configPath(), 'utf8')).toBe(v0);
    expect(readdirSync(dir)).toEqual(['config.json']);
  });
});

describe('config store: contexts', () => {
  it('switches, removes and clears the current context', () => {
    const store = openConfigStore({ dir });
    store.upsertContext('prod.eu', prod);
    store.useContext('prod.eu');
    expect(openConfigStore({ dir }).currentContextName()).toBe('prod.eu');
    expect(openConfigStore({ dir }).context('prod.eu')?.protection).toBe('protected');
    store.removeContext('prod.eu');
    const reopened = openConfigStore({ dir });
    expect(reopened.currentContextName()).toBeUndefined();
    expect(reopened.contexts()).toEqual({});
  });

  it('refuses unknown contexts, bad names and invalid contexts with a ConfigError', () => {
    const store = openConfigStore({ dir });
    expect(() => store.useContext('nope')).toThrow(/no context named "nope"/);
    expect(() => store.upsertContext('../etc', prod)).toThrow(ConfigError);
    expect(() => store.upsertContext('__proto__', prod)).toThrow(ConfigError);
    expect(() => store.upsertContext('empty', { protection: 'open' })).toThrow(/needs an Airflow endpoint/);
    expect(store.context('toString')).toBeUndefined();
  });

  it('re-reads the file before writing, so another session’s new context survives', () => {
    const first = openConfigStore({ dir });
    const second = openConfigStore({ dir });
    first.upsertContext('prod', prod);
    second.upsertContext('staging', prod);
    expect(Object.keys(openConfigStore({ dir }).contexts()).sort()).toEqual(['prod', 'staging']);
  });

  it('gives default preferences for a missing file', () => {
    const store = openConfigStore({ dir });
    expect(store.preferences()).toEqual({ refreshSeconds: 10, cache: true });
    expect(store.writable).toBe(true);
  });

  it('reads a file with the recentRuns preference (issue 15: never read, now gone) and drops it on the next write', () => {
    writeFileSync(
      configPath(),
      JSON.stringify({
        schemaVersion: 1,
        contexts: {},
        preferences: { refreshSeconds: 5, recentRuns: 8, cache: false },
      }),
      { mode: 0o600 },
    );
    const store = openConfigStore({ dir });
    expect(store.problem).toBeUndefined();
    expect(store.preferences()).toEqual({ refreshSeconds: 5, cache: false });
    store.upsertContext('prod', prod);
    expect(JSON.parse(readFileSync(configPath(), 'utf8')).preferences).toEqual({
      refreshSeconds: 5,
      cache: false,
    });
  });
});
