// The home screen against both simulators, cross-linked on one frozen clock (source/sim/index.ts):
// the seed story's failed fintech_eod_risk run and the eod_risk_models job show in their panes,
// and `state:failed` narrows to what is broken (issue 5 "Done when").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../../source/airflow/backend.js';
import { staticSecret } from '../../../source/databricks/auth/staticSecret.js';
import { createDatabricksBackend } from '../../../source/databricks/backend.js';
import { type Simulators, startSimulators } from '../../../source/sim/index.js';
import type { ConsoleBackends } from '../../../source/ui/screens/ScreenProps.js';
import { KEY, press } from '../../support/ink.js';
import { createRecordingHttpClient } from '../../support/recordingHttpClient.js';
import { waitFor } from '../../support/wait.js';
import { renderConsole, session } from '../support/renderConsole.js';

let sims: Simulators;
let backends: ConsoleBackends;

beforeAll(async () => {
  sims = await startSimulators({ speed: 0, seed: 7 });
  const http = createRecordingHttpClient();
  backends = {
    airflow: createAirflowBackend({
      baseUrl: sims.airflow.url,
      http,
      auth: {
        kind: 'password',
        username: sims.airflow.username,
        password: staticSecret(sims.airflow.password, 'test'),
      },
    }),
    databricks: createDatabricksBackend({
      host: sims.databricks.url,
      http,
      auth: { kind: 'pat', token: staticSecret(sims.databricks.token, 'test') },
    }),
  };
});
afterAll(async () => {
  await sims.close();
});

describe('home against the Airflow and Databricks simulators', () => {
  it('shows both panes, the Airflow version, and filters to failed work', async () => {
    const app = await renderConsole({
      session: session(backends, { demo: true }),
      size: { columns: 140, rows: 36 },
    });
    await waitFor(
      () => {
        const frame = app.lastFrame() ?? '';
        expect(frame).toContain('fintech_eod_risk');
        expect(frame).toContain('eod_risk_models');
        expect(frame).toMatch(/Airflow 3\.\d+\.\d+ http:\/\/127\.0\.0\.1:\d+/);
        expect(frame).toContain('DEMO');
        // The run strip of the story DAG ends in its failed run (seed story).
        expect(frame.split('\n').find((line) => line.includes('fintech_eod_risk'))).toMatch(
          /fintech_eod_risk.*✗/,
        );
      },
      { timeout: 10_000 },
    );
    await press(app.stdin, '/', 's', 't', 'a', 't', 'e', ':', 'f', 'a', 'i', 'l', KEY.enter);
    const frame = app.lastFrame() ?? '';
    expect(frame).toContain('fintech_eod_risk');
    // The pane titles show shown/total: fewer rows than before, but not none.
    const [, shown, total] = frame.match(/Airflow DAGs \d+:(\d+)\/(\d+)/) ?? [];
    expect(Number(shown)).toBeGreaterThan(0);
    expect(Number(shown)).toBeLessThan(Number(total));
    for (const line of frame.split('\n').filter((l) => /^[› ] [a-z_]+ +(on|off) /.test(l)))
      expect(line).toContain('✗');
    await press(app.stdin, KEY.enter);
    await waitFor(() => expect(app.lastFrame()).toMatch(/home › \S+/));
    app.unmount();
  });
});
