// Operating Airflow from the console (issue 10): each write is offered where the operator looks,
// previewed (the server's own dry run where Airflow has one), confirmed once, sent once, audited,
// and refused up front on a read-only session. Both simulators over real HTTP, the App as a user
// drives it.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Run } from '../../../source/core/model.js';
import { KEY, press } from '../../support/ink.js';
import { createRecordingHttpClient } from '../../support/recordingHttpClient.js';
import { waitFor } from '../../support/wait.js';
import { type StoryHarness, startStoryHarness } from '../screens/support/storyHarness.js';
import { memoryAudit, renderConsole, session } from '../support/renderConsole.js';

const DAG = 'fintech_eod_risk';
const RISK = 'risk_modelling.run_risk_models';

let h: StoryHarness;
let http: ReturnType<typeof createRecordingHttpClient>;
let failed: Run;
const apps: { unmount(): void }[] = [];

beforeAll(async () => {
  http = createRecordingHttpClient();
  h = await startStoryHarness(3, http);
});
afterAll(() => h.close());
afterEach(() => {
  for (const app of apps.splice(0)) app.unmount();
});

async function failedRun(): Promise<Run> {
  const runs = await h.airflow.listRuns(DAG);
  const run = runs.find((r) => r.state === 'failed');
  if (!run) throw new Error('the seed fails the latest fintech_eod_risk run');
  return run;
}

const frameOf = (app: { lastFrame(): string | undefined }) => app.lastFrame() ?? '';
const writes = () => http.requests.filter((r) => r.method !== 'GET' && !r.url.endsWith('/auth/token'));

async function openConsole(extra: Parameters<typeof session>[1] = {}) {
  const audit = memoryAudit();
  const app = await renderConsole({
    session: session(
      { airflow: h.airflow, databricks: h.databricks },
      { protection: 'open', ...extra },
      audit,
    ),
    size: { columns: 140, rows: 40 },
  });
  apps.push(app);
  await waitFor(() => expect(frameOf(app)).toContain(DAG));
  return { app, audit };
}

/** Home → the fintech_eod_risk grid, on the failed risk task of the failed run. */
async function openFailedCell(app: Awaited<ReturnType<typeof openConsole>>['app']) {
  await press(app.stdin, '/', ...DAG, KEY.enter, KEY.enter);
  await waitFor(() => expect(frameOf(app)).toContain(`${RISK.split('.')[1]}`));
  await waitFor(() => expect(frameOf(app)).toMatch(/risk_modelling\.run_risk_models ✗ failed/));
}

describe('clear from the grid', () => {
  it('previews the server dry run with its task instances, then clears once and audits it', async () => {
    failed = await failedRun();
    const { app, audit } = await openConsole();
    await openFailedCell(app);
    await press(app.stdin, 'c');
    // The risk task started a Databricks run: both ways back are offered; clear is the first.
    await waitFor(() => expect(frameOf(app)).toContain('Two ways back for risk_modelling.run_risk_models'));
    expect(frameOf(app)).toMatch(/repair → rerun stress_tests/);
    await press(app.stdin, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toContain("from the server's own dry run"));
    const preview = frameOf(app);
    expect(preview).toContain(`Clear ${RISK}`);
    expect(preview).toContain(`${RISK} (failed)`);
    expect(preview).toContain('load_reporting_db (upstream_failed)');
    expect(preview).toContain('[x] downstream (d)');
    // Upstream added: the preview asks the server again and lists more.
    await press(app.stdin, 'u');
    await waitFor(() => expect(frameOf(app)).toContain('data_ingestion.ingest_trades (success)'));
    await press(app.stdin, 'u');
    await waitFor(() => expect(frameOf(app)).not.toContain('data_ingestion.ingest_trades (success)'));
    const before = writes().length;
    // A double enter: the second one lands while the first is in flight and sends nothing.
    await press(app.stdin, KEY.enter, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toContain('✓ Cleared 2 task instance(s)'));
    expect(writes().length - before).toBe(1);
    expect(audit.records.map((r) => `${r.phase}:${r.result ?? ''}`)).toEqual(['intent:', 'outcome:ok']);
    expect(audit.records[0]).toMatchObject({
      action: 'clearTasks',
      preview: { count: 2, serverDryRun: true },
    });
    // The grid reads again: the cleared cells are no longer failed.
    const state = (await h.airflow.listTasks(DAG, failed.id)).find((t) => t.taskId === RISK)?.state;
    expect(state).not.toBe('failed');
    await waitFor(() => expect(frameOf(app)).not.toMatch(/run_risk_models +[^\n]*✗\s*$/m));
  });

  it('esc on the preview sends nothing', async () => {
    const { app, audit } = await openConsole();
    await press(app.stdin, '/', ...DAG, KEY.enter, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toMatch(/ {4}run_risk_models +✓/));
    const before = writes().length;
    // C: the selected run's failed tasks (no Databricks run to compare with).
    await press(app.stdin, 'C');
    await waitFor(() => expect(frameOf(app)).toContain("server's own dry run"));
    const dryRuns = writes().length - before;
    await press(app.stdin, KEY.esc);
    await waitFor(() => expect(frameOf(app)).toContain('runs ×'));
    expect(writes().length - before).toBe(dryRuns);
    expect(audit.records).toEqual([]);
  });
});

describe('bulk', () => {
  it('space marks cells in two runs; c previews and clears them in one plan (one step per run)', async () => {
    const { app, audit } = await openConsole();
    await press(app.stdin, '/', ...DAG, KEY.enter, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toMatch(/run_risk_models +[✓✗·◌▶]/));
    // The cursor starts on the newest run; mark run_risk_models there and one run older.
    const row = frameOf(app)
      .split('\n')
      .filter((line) => /^[› ] /.test(line))
      .findIndex((line) => line.includes('run_risk_models'));
    const cursorRow = frameOf(app)
      .split('\n')
      .filter((line) => /^[› ] /.test(line))
      .findIndex((line) => line.startsWith('›'));
    const moves = Array<string>(Math.abs(row - cursorRow)).fill(row > cursorRow ? 'j' : 'k');
    await press(app.stdin, ...moves, ' ', 'h', ' ');
    await waitFor(() => expect(frameOf(app)).toContain('2 selected (space; c clears them)'));
    await press(app.stdin, 'c');
    await waitFor(() => expect(frameOf(app)).toContain('Clear 2 selected task instances in 2 runs'));
    await waitFor(() => expect(frameOf(app)).toContain("from the server's own dry run"));
    const before = writes().length;
    await press(app.stdin, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toContain('✓ Done: Clear 2 selected task instances in 2 runs'));
    expect(writes().length - before).toBe(2);
    const intents = audit.records.filter((r) => r.phase === 'intent');
    expect(intents).toHaveLength(2);
    expect(new Set(intents.map((r) => r.plan)).size).toBe(1);
    expect(intents.map((r) => r.steps)).toEqual([2, 2]);
    // The marks are spent.
    await waitFor(() => expect(frameOf(app)).not.toContain('selected (space'));
  });
});

describe('policy in the console', () => {
  it('--read-only: c is refused with one line saying how to lift it; no dialog, no request', async () => {
    const { app, audit } = await openConsole({ readOnly: true });
    await press(app.stdin, '/', ...DAG, KEY.enter, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toMatch(/ {4}run_risk_models +✓/));
    const before = http.requests.length;
    await press(app.stdin, 'c');
    await waitFor(() => expect(frameOf(app)).toContain('Refused: this session is read-only (--read-only)'));
    expect(frameOf(app)).not.toContain('dry run');
    expect(http.requests.slice(before).filter((r) => r.method !== 'GET')).toEqual([]);
    expect(audit.records[0]).toMatchObject({ phase: 'refused', action: 'clearTasks' });
  });

  it('protected: enter asks for the DAG id typed back; a wrong one is refused, the right one sends', async () => {
    const { app, audit } = await openConsole({ protection: 'protected' });
    await press(app.stdin, '/', ...DAG, KEY.enter, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toMatch(/ {4}run_risk_models +✓/));
    await press(app.stdin, 'p');
    expect(frameOf(app)).not.toContain('Pause');
    await press(app.stdin, 'M');
    await waitFor(() => expect(frameOf(app)).toContain('as:'));
    // Picker: success is first; j moves to failed; enter picks it.
    await press(app.stdin, 'j', KEY.enter);
    await waitFor(() => expect(frameOf(app)).toContain('our estimate'));
    await press(app.stdin, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toContain(`Protected: type ${DAG} to confirm`));
    // q and j are text here, not quit and down.
    await press(app.stdin, 'q', 'j', KEY.enter);
    await waitFor(() => expect(frameOf(app)).toContain(`That is not "${DAG}"`));
    expect(audit.records).toEqual([]);
    await press(app.stdin, ...Array<string>(2).fill('\u007F'), ...DAG, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toMatch(/✓ Run .* is now failed/));
    expect(audit.records[0]).toMatchObject({ confirm: 'typed', action: 'markRunState' });
  });
});

describe('trigger form', () => {
  it('a field error blocks the preview; $EDITOR edits the conf as JSON; a value the param schema refuses is caught before sending', async () => {
    const edits: string[] = [];
    const editText = vi.fn(async (text: string) => {
      edits.push(text);
      const conf = JSON.parse(text) as Record<string, unknown>;
      return JSON.stringify({ ...conf, portfolio: 'NOT_A_BOOK', extra_key: [1, 2] });
    });
    const { app } = await openConsole({ editText });
    await press(app.stdin, '/', ...DAG, KEY.enter, 't');
    await waitFor(() => expect(frameOf(app)).toContain('Trigger fintech_eod_risk · 3 parameter(s)'));
    // The logical date without a zone: an error on its field, no preview.
    await press(app.stdin, 'j', 'j', 'j', KEY.enter, ...'2026-12-01T10:00', KEY.enter, 't');
    await waitFor(() => expect(frameOf(app)).toContain('add a time zone'));
    await press(app.stdin, KEY.enter, '\u0015', KEY.enter);
    // $EDITOR: the conf goes out as JSON and comes back with a value the DAG does not allow.
    await press(app.stdin, 'e');
    await waitFor(() => expect(frameOf(app)).toContain('extra_key'));
    expect(JSON.parse(edits[0] ?? '{}')).toMatchObject({ portfolio: 'ALL', recompute_var: false });
    // Our own check catches the enum before anything is sent.
    await press(app.stdin, 't');
    await waitFor(() => expect(frameOf(app)).toContain('must be one of'));
    const before = writes().length;
    // Space steps the choice to an allowed value; a date that is no date stops the preview again.
    await press(app.stdin, ' ', 'j', 'j', KEY.enter, ...'not a date', KEY.enter, 't');
    await waitFor(() => expect(frameOf(app)).toContain('use ISO 8601 with a zone'));
    expect(frameOf(app)).not.toContain('must be one of');
    expect(writes().length).toBe(before);
  });

  it("the server's refusal (a logical date another run holds) shows on the form; nothing is created", async () => {
    const taken = (await h.airflow.listRuns(DAG)).find((run) => run.logicalDate)?.logicalDate;
    if (!taken) throw new Error('the seed has scheduled runs with a logical date');
    const { app, audit } = await openConsole();
    await press(app.stdin, '/', ...DAG, KEY.enter, 't');
    await waitFor(() => expect(frameOf(app)).toContain('▶ Preview the trigger'));
    const runs = (await h.airflow.listRuns(DAG, { limit: 100 })).length;
    await press(app.stdin, 'j', 'j', 'j', KEY.enter, ...taken, KEY.enter, 't');
    await waitFor(() => expect(frameOf(app)).toContain(`logical date ${taken}`));
    await press(app.stdin, KEY.enter);
    await waitFor(() =>
      expect(frameOf(app)).toContain('The server refused the trigger, nothing was created'),
    );
    expect(frameOf(app)).toContain('Trigger fintech_eod_risk · 3 parameter(s)');
    expect((await h.airflow.listRuns(DAG, { limit: 100 })).length).toBe(runs);
    expect(audit.records.at(-1)).toMatchObject({ phase: 'outcome', result: 'error', httpStatus: 409 });
  });

  it('a valid form previews the conf and triggers once; the run appears with our id', async () => {
    const { app, audit } = await openConsole();
    await press(app.stdin, '/', ...DAG, KEY.enter, 't');
    await waitFor(() => expect(frameOf(app)).toContain('▶ Preview the trigger'));
    await press(app.stdin, 't');
    await waitFor(() => expect(frameOf(app)).toContain('conf portfolio = "ALL"'));
    const before = writes().length;
    // One Enter confirms: it is the write, not a walk into the grid while the flash shows.
    await press(app.stdin, KEY.enter);
    await waitFor(() => expect(frameOf(app)).toMatch(/✓ Triggered fintech_eod_risk: run (dagdeck__\S+)/));
    expect(writes().length - before).toBe(1);
    const runId = /run (dagdeck__\S+)/.exec(frameOf(app))?.[1] ?? '';
    expect((await h.airflow.getRun(DAG, runId)).id).toBe(runId);
    expect(audit.records.find((r) => r.phase === 'intent')).toMatchObject({ requestId: runId });
    // J opens the runs grid focused on the new run.
    await press(app.stdin, 'J');
    await waitFor(() => expect(frameOf(app)).toContain(`run ${runId}`));
  });
});
