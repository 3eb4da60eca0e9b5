// `--demo`: both simulators on loopback (one virtual clock, cross-linked; source/sim/index.ts) and a
// context that points at them, connected like any other, so the demo runs the same backends, HTTP
// clients and limits as a real context. The simulators' credentials are generated per run and
// stand in for the credential chain; they never leave this process.
import type { Context } from '../config/schema.js';
import { type ConnectedContext, connectContext } from './connectContext.js';

/** What the header shows as the credential source of both backends. */
export const DEMO_CREDENTIAL_SOURCE = 'demo simulator';

export async function connectDemo(): Promise<ConnectedContext> {
  const [{ startSimulators }, { staticSecret }] = await Promise.all([
    import('../sim/index.js'),
    import('../databricks/auth/staticSecret.js'),
  ]);
  const sims = await startSimulators();
  const context: Context = {
    protection: 'open',
    airflow: {
      url: sims.airflow.url,
      auth: 'password',
      username: sims.airflow.username,
      credential: { kind: 'keychain' },
    },
    databricks: { host: sims.databricks.url, auth: 'pat', credential: { kind: 'keychain' } },
  };
  try {
    const connected = await connectContext(
      { name: 'demo', context },
      {
        // The user's DAGDECK_AIRFLOW_* or DATABRICKS_* variables are for their own contexts.
        env: {},
        prompt: false,
        secrets: {
          airflow: staticSecret(sims.airflow.password, DEMO_CREDENTIAL_SOURCE),
          databricks: staticSecret(sims.databricks.token, DEMO_CREDENTIAL_SOURCE),
        },
      },
    );
    return {
      ...connected,
      close: async () => {
        await connected.close();
        await sims.close();
      },
    };
  } catch (error) {
    await sims.close();
    throw error;
  }
}
