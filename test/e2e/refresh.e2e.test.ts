// The `refreshSeconds` preference sets how often the console's lists refresh (issue 15: it was
// written to the config and never read). The built console runs in a real terminal on a context
// whose config asks for 1 s; the Airflow simulator's request log shows the DAG list asked for again
// every few seconds (a quarter of the runs' pace) instead of every 40 s (the 10 s default).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AirflowFixture, startAirflowFixture } from '../cli/support/airflowFixture.js';
import { PtyConsole } from './support/ptyConsole.js';

let fixture: AirflowFixture;
beforeAll(async () => {
  fixture = await startAirflowFixture(3, [{ name: 'af' }]);
  const path = join(fixture.dir, 'config.json');
  const config = JSON.parse(readFileSync(path, 'utf8'));
  writeFileSync(
    path,
    JSON.stringify({ ...config, preferences: { ...config.preferences, refreshSeconds: 1 } }),
  );
});
afterAll(async () => {
  await fixture?.close();
});

/** The DAG list requests so far (each list starts at offset 0). */
const dagLists = () =>
  fixture
    .requests()
    .filter((entry) => entry.method === 'GET' && /^\/api\/v2\/dags(\?|$)/.test(entry.path))
    .filter((entry) => !/[?&]offset=[1-9]/.test(entry.path));

async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the refreshSeconds preference', () => {
  it('paces the console lists: with 1 s the DAG list is read again within seconds', async () => {
    const session = new PtyConsole({
      env: { DAGDECK_CONFIG_DIR: fixture.dir, DAGDECK_AIRFLOW_PASSWORD: fixture.sim.password },
    });
    try {
      await session.waitFor('fintech_eod_risk');
      const first = dagLists().length;
      expect(first).toBeGreaterThanOrEqual(1);
      // Two more rounds take ~8 s at 1 s (the DAG list polls at 4x); the default would take 80 s.
      await until(() => dagLists().length >= first + 2, 'two more DAG list rounds', 30_000);
      const times = dagLists().map((entry) => Date.parse(entry.time));
      const gaps = times.slice(1).map((time, index) => time - (times[index] ?? time));
      expect(Math.min(...gaps)).toBeLessThan(10_000);
      await session.press('q');
      expect(await session.exited).toBe(0);
    } finally {
      session.kill();
    }
  }, 60_000);
});
