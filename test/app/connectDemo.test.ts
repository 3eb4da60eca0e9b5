// `--demo` is wired once (issue 15: the console built the demo backends a second time, beside
// connectContext): the simulators' context goes through connectContext like any other, with their
// generated credentials standing in for the chain, and closing it stops the simulators.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectedContext } from '../../source/app/connectContext.js';
import { connectDemo, DEMO_CREDENTIAL_SOURCE } from '../../source/app/connectDemo.js';

let connected: ConnectedContext | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

describe('connectDemo', () => {
  it('connects both simulators through connectContext and names the demo as the credential source', async () => {
    connected = await connectDemo();
    expect(connected.name).toBe('demo');
    expect(connected.context.protection).toBe('open');
    const [airflow, databricks] = await Promise.all([
      connected.airflow?.probe(),
      connected.databricks?.probe(),
    ]);
    expect(airflow?.backend).toBe('airflow');
    expect(databricks?.backend).toBe('databricks');
    expect(connected.sources).toEqual({
      airflow: DEMO_CREDENTIAL_SOURCE,
      databricks: DEMO_CREDENTIAL_SOURCE,
    });
    expect(airflow?.credentialSource).toBe(DEMO_CREDENTIAL_SOURCE);
  });

  it("ignores the user's own credential variables, which belong to their contexts", async () => {
    const saved = { ...process.env };
    process.env.DAGDECK_AIRFLOW_TOKEN = 'a-token-for-production';
    process.env.DATABRICKS_TOKEN = 'dapi-for-production';
    try {
      connected = await connectDemo();
      await expect(connected.airflow?.listWorkflows()).resolves.not.toHaveLength(0);
      await expect(connected.databricks?.listWorkflows()).resolves.not.toHaveLength(0);
    } finally {
      process.env = saved;
    }
  });

  it('close() stops the simulators', async () => {
    const demo = await connectDemo();
    const url = demo.context.airflow?.url ?? '';
    await demo.close();
    await expect(fetch(`${url}/api/v2/version`)).rejects.toThrow();
  });
});
