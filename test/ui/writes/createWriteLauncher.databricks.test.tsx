// Operating Databricks from the console (issue 11): run now with the job's parameters, repair (the
// failed tasks by default, chained on the last repair), cancel, cancel every active run, pause —
// each previewed, confirmed, sent once, and offered only because the workspace can do it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KEY, press } from '../../support/ink.js';
import { createRecordingHttpClient } from '../../support/recordingHttpClient.js';
import { waitFor } from '../../support/wait.js';
import { type StoryHarness, startStoryHarness } from '../screens/support/storyHarness.js';
import { memoryAudit, renderConsole, session } from '../support/renderConsole.js';

const JOB = 'eod_risk_models';

let h: StoryHarness;
let http: ReturnType<typeof createRecordingHttpClient>;
const apps: { unmount(): void }[] = [];

beforeAll(async () => {
  http = createRecordingHttpClient();
  h = await startStoryHarness(3, http);
});
afterAll(() => h.close());
afterEach(() => {
  for (const app of apps.splice(0)) app.unmount();
});

const frameOf = (app: { lastFrame(): string | undefined }) => app.lastFrame() ?? '';
const posts = (path: string) => http.requests.filter((r) => r.method === 'POST' && r.url.endsWith(path));

async function openConsole() {
  const audit = memoryAudit();
  const app = await renderConsole({
    session: session({ airflow: h.airflow, databricks: h.databricks }, { protection: 'open' }, audit),
    size: { columns: 140, rows: 40 },
  });
  apps.push(app);
  await waitFor(() => expect(frameOf(app)).toContain(JOB));
  return { app, audit };
}

/** Home → the jobs pane filtered to `job` → its run list. */
async function openJobRuns(app: Awaited<ReturnType<typeof openConsole>>['app'], job = JOB) {
  await press(app.stdin, '/', ...job, KEY.enter, KEY.tab);
  await waitFor(() => expect(frameOf(app)).toMatch(new RegExp(`› ${job}`)));
  await press(app.stdin, KEY.enter);
  await waitFor(() => expect(frameOf(app)).toMatch(new RegExp(`${job} · job \\d+ · \\d+ runs?`)));
  await waitFor(() => expect(frameOf(app)).toMatch(/^[› ] \d{6,} +\S/m));
}

describe('Databricks writes in the console', () => {
  it('run now: a form from the job parameters, previewed with defaults filled, started once', async () => {
    const { app } = await openConsole();
    await press(app.stdin, '/', ...JOB, KEY.enter, KEY.tab, 't');
    await waitFor(() => expect(frameOf(app)).toContain(`Trigger ${JOB} · 2 parameter(s)`));
    // Databricks runs take no logical date or note: the form does not offer them.
    expect(frameOf(app)).not.toContain('logical date');
    await press(app.stdin, KEY.enter, ...'2026-11-19', KEY.enter, 't');
    await waitFor(() => expect(frameOf(app)).toContain('business_date = 2026-11-19'));
    const before = posts('/jobs/run-now').length;
    await press(app.stdin, KEY.enter, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toMatch(/✓ Started run \d+ of job eod_risk_models/));
    expect(posts('/jobs/run-now').length - before).toBe(1);
  });

  it('repair: the failed tasks are marked in a picker; the preview names what re-runs; J opens the run with its repair', async () => {
    const { app, audit } = await openConsole();
    await openJobRuns(app);
    // The newest failed run (the list is newest first).
    const lines = frameOf(app)
      .split('\n')
      .filter((line) => /^[› ] \d{6,}/.test(line));
    const failedRow = lines.findIndex((line) => line.includes('✗ failed'));
    expect(failedRow).toBeGreaterThanOrEqual(0);
    await press(app.stdin, ...Array<string>(failedRow).fill('j'), 'c');
    await waitFor(() => expect(frameOf(app)).toContain('the tasks to re-run'));
    expect(frameOf(app)).toMatch(/\[x\] stress_tests/);
    expect(frameOf(app)).toMatch(/\[ \] load_positions/);
    await press(app.stdin, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toContain('stress_tests: last FAILED after'));
    expect(frameOf(app)).toContain('[x] downstream (d)');
    await press(app.stdin, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toMatch(/✓ Repair \d+ of run \d+ .*started/));
    expect(audit.records.find((r) => r.phase === 'intent')).toMatchObject({ action: 'repairRun' });
    await press(app.stdin, 'J');
    await waitFor(() => expect(frameOf(app)).toMatch(/REPAIR +STARTED/));
    expect(frameOf(app)).toContain('stress_tests');
    // Once the repair is over, a second one on chosen tasks is chained on it (latest_repair_id).
    h.clock.advance(3 * 3_600_000);
    await press(app.stdin, 'r');
    await waitFor(() => expect(frameOf(app)).toMatch(/repaired 1×/));
    await press(app.stdin, 'c');
    await waitFor(() => expect(frameOf(app)).toContain('the tasks to re-run'));
    await press(app.stdin, ' ', KEY.enter);
    await waitFor(() => expect(frameOf(app)).toMatch(/chained on repair \d+/));
    const before = posts('/jobs/runs/repair').length;
    await press(app.stdin, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toMatch(/✓ Repair \d+ of run/));
    expect(posts('/jobs/runs/repair').length - before).toBe(1);
    expect(http.requests.filter((r) => r.url.endsWith('/jobs/runs/repair')).at(-1)?.json).toMatchObject({
      latest_repair_id: expect.any(Number),
    });
  });

  it('cancel: x on a finished run is refused on one line; X previews every active run', async () => {
    const { app } = await openConsole();
    await openJobRuns(app);
    await press(app.stdin, 'G', 'x');
    await waitFor(() => expect(frameOf(app)).toMatch(/already ended .*nothing to cancel/));
    await press(app.stdin, KEY.esc);
    await waitFor(() => expect(frameOf(app)).toMatch(/runs?\n/));
    // A run started now is queued: X lists it, and cancels it once confirmed.
    h.databricksSim.runNow(JOB, { business_date: '2026-11-20' });
    await press(app.stdin, 'X');
    await waitFor(() => expect(frameOf(app)).toContain('Cancel every active run of job'));
    await waitFor(() => expect(frameOf(app)).toMatch(/run \d+ (QUEUED|PENDING|RUNNING)/));
    const before = posts('/jobs/runs/cancel-all').length;
    await press(app.stdin, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toMatch(/✓ .*cancel/i));
    expect(posts('/jobs/runs/cancel-all').length - before).toBe(1);
  });

  it('pause: p on a scheduled job pauses its schedule after the preview', async () => {
    const { app } = await openConsole();
    await press(app.stdin, '/', ...'customer_360', KEY.enter, KEY.tab);
    await waitFor(() => expect(frameOf(app)).toMatch(/› customer_360_refresh/));
    await press(app.stdin, 'p');
    await waitFor(() => expect(frameOf(app)).toMatch(/Pause the .* schedule of job customer_360_refresh/));
    await press(app.stdin, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toContain('✓ Job customer_360_refresh'));
    const job = (await h.databricks.listWorkflows({ search: 'customer_360_refresh' }))[0];
    expect(job?.paused).toBe(true);
  });
});
