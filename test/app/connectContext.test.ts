// connectContext: the credential chain wired to the backends of a context (issue 4), against the
// Databricks simulator on 127.0.0.1 with the production HTTP client. The source that won is
// reported (for the console header and `context test`), never the secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectContext } from '../../source/app/connectContext.js';
import type { Context } from '../../source/config/schema.js';
import { ConfigError } from '../../source/core/errors.js';
import { createMemoryStore } from '../../source/credentials/secretStore.js';
import { createSimClock } from '../../source/sim/clock.js';
import { type DatabricksSim, startDatabricksSim } from '../../source/sim/databricks/server.js';

let sim: DatabricksSim;
beforeAll(async () => {
  sim = await startDatabricksSim({ clock: createSimClock(), port: 0, host: '127.0.0.1', jobs: 2 });
});
afterAll(async () => {
  await sim.close();
});

const databricks = (auth: 'pat' | 'oauth-m2m', extra: Record<string, unknown> = {}): Context =>
  ({
    protection: 'open',
    databricks: { host: sim.url, auth, credential: { kind: 'keychain' }, ...extra },
  }) as Context;

describe('connectContext', () => {
  it('OAuth M2M: client id from the context, secret from the keychain; the source is named after probe', async () => {
    const connected = await connectContext(
      { name: 'sim', context: databricks('oauth-m2m', { clientId: sim.clientId }) },
      {
        env: {},
        prompt: false,
        secretStore: createMemoryStore({ 'sim/databricks': sim.clientSecret }),
      },
    );
    try {
      expect(connected.sources.databricks).toBe('keychain');
      const info = await connected.databricks?.probe();
      expect(info?.backend).toBe('databricks');
      expect(connected.sources.databricks).toBe('memory');
      expect(info?.credentialSource).toBe('memory');
      expect(JSON.stringify(info)).not.toContain(sim.clientSecret);
    } finally {
      await connected.close();
    }
  });

  it('PAT: --token-stdin goes to the backend it is meant for and wins over the environment', async () => {
    const { PassThrough } = await import('node:stream');
    const stdin = new PassThrough();
    stdin.end(sim.token);
    const connected = await connectContext(
      { name: 'sim', context: databricks('pat') },
      { env: { DATABRICKS_TOKEN: 'wrong' }, prompt: false, explicit: { tokenStdin: true, stdin } },
    );
    try {
      const jobs = await connected.databricks?.listWorkflows();
      expect(jobs?.length).toBeGreaterThanOrEqual(2);
      expect(connected.sources.databricks).toBe('--token-stdin');
    } finally {
      await connected.close();
    }
  });

  it('an Airflow password context without a user is a one-line ConfigError naming the fixes', async () => {
    const context = {
      protection: 'open',
      airflow: { url: 'http://127.0.0.1:1', auth: 'password', credential: { kind: 'keychain' } },
    } as Context;
    const error = await connectContext({ name: 'af', context }, { env: {}, prompt: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /DAGDECK_AIRFLOW_USERNAME or re-add the context with --airflow-user/,
    );
  });

  it('DAGDECK_AIRFLOW_USERNAME supplies the user; DAGDECK_AIRFLOW_TOKEN switches to bearer auth', async () => {
    const context = {
      protection: 'open',
      airflow: { url: 'http://127.0.0.1:1', auth: 'password', credential: { kind: 'keychain' } },
    } as Context;
    const withUser = await connectContext(
      { name: 'af', context },
      { env: { DAGDECK_AIRFLOW_USERNAME: 'ops', DAGDECK_AIRFLOW_PASSWORD: 'pw-value' }, prompt: false },
    );
    expect(withUser.sources.airflow).toBe('env DAGDECK_AIRFLOW_PASSWORD');
    await withUser.close();
    const withToken = await connectContext(
      { name: 'af', context },
      { env: { DAGDECK_AIRFLOW_TOKEN: 'tok-value' }, prompt: false },
    );
    expect(withToken.sources.airflow).toBe('env DAGDECK_AIRFLOW_TOKEN');
    await withToken.close();
  });
});
