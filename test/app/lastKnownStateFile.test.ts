// The last-known-state cache on disk (issue 14): per context, 0600 in a 0700 directory, names and
// states only, read back as written, and a damaged or foreign file ignored rather than trusted.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheDir, openLastKnownStateFile } from '../../source/app/lastKnownStateFile.js';
import type { Run, Workflow } from '../../source/core/model.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dagdeck-cache-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const workflow: Workflow = {
  backend: 'airflow',
  id: 'fintech_eod_risk',
  name: 'fintech_eod_risk',
  description: 'End-of-day market risk, see https://wiki.internal/secret-runbook',
  paused: false,
  schedule: '0 22 * * 1-5',
  tags: ['risk'],
  owners: ['risk-engineering'],
};
const run: Run = {
  backend: 'airflow',
  workflowId: 'fintech_eod_risk',
  id: 'scheduled__2026-11-19',
  state: 'failed',
  rawState: 'failed',
  startedAt: '2026-11-19T22:00:00Z',
  endedAt: '2026-11-19T22:30:00Z',
  url: 'https://airflow.internal/dags/fintech_eod_risk?token=abc',
  conf: { api_key: 'sk-live-123' },
  note: 'paged the risk team',
};

describe('openLastKnownStateFile', () => {
  it('lives in $XDG_CACHE_HOME/dagdeck on Linux, beside the config when DAGDECK_CONFIG_DIR moves it', () => {
    expect(cacheDir({ DAGDECK_CONFIG_DIR: '/x/config', XDG_CACHE_HOME: '/x/cache' })).toBe('/x/config/cache');
    if (process.platform !== 'linux') return;
    expect(cacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/dagdeck');
  });

  it('writes names and states only, 0600 in a 0700 directory, and reads them back', () => {
    const dir = join(tempDir(), 'dagdeck');
    const store = openLastKnownStateFile({ contextName: 'prod-eu', dir, writeDelayMs: 60_000 });
    expect(store.read()).toBeUndefined();
    store.remember('airflow', 'workflows', [workflow], 1_000);
    store.remember('airflow', 'recentRuns', [run], 2_000);
    store.close();
    const path = join(dir, 'prod-eu.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const text = readFileSync(path, 'utf8');
    for (const secret of ['wiki.internal', 'risk-engineering', 'token=abc', 'sk-live-123', 'paged the']) {
      expect(text).not.toContain(secret);
    }
    const again = openLastKnownStateFile({ contextName: 'prod-eu', dir }).read();
    expect(again?.airflow?.workflows).toEqual({
      items: [
        {
          backend: 'airflow',
          id: 'fintech_eod_risk',
          name: 'fintech_eod_risk',
          paused: false,
          schedule: '0 22 * * 1-5',
          tags: ['risk'],
          owners: [],
        },
      ],
      readAt: 1_000,
    });
    expect(again?.airflow?.recentRuns?.items[0]).toEqual({
      backend: 'airflow',
      workflowId: 'fintech_eod_risk',
      id: 'scheduled__2026-11-19',
      state: 'failed',
      rawState: 'failed',
      startedAt: '2026-11-19T22:00:00Z',
      endedAt: '2026-11-19T22:30:00Z',
    });
  });

  it('ignores a damaged file, or one that does not have our shape', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), '{"format":1,"airflow":{"workflows":{"items":[{"id":');
    expect(openLastKnownStateFile({ contextName: 'a', dir }).read()).toBeUndefined();
    writeFileSync(
      join(dir, 'b.json'),
      JSON.stringify({ format: 1, airflow: { workflows: { items: [1], readAt: 0 } } }),
    );
    expect(openLastKnownStateFile({ contextName: 'b', dir }).read()).toBeUndefined();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ format: 99 }));
    expect(openLastKnownStateFile({ contextName: 'c', dir }).read()).toBeUndefined();
  });

  it('writes on its own a moment after a list is remembered', async () => {
    const dir = tempDir();
    const store = openLastKnownStateFile({ contextName: 'ctx', dir, writeDelayMs: 10 });
    store.remember('databricks', 'workflows', [{ ...workflow, backend: 'databricks', id: '42' }], 5);
    await expect
      .poll(
        () => openLastKnownStateFile({ contextName: 'ctx', dir }).read()?.databricks?.workflows?.items[0]?.id,
      )
      .toBe('42');
  });
});
