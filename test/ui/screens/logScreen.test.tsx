// The log pane in the console (issue 12 "The log pane", "Split panes", "The reason, everywhere a
// failure shows") against both simulators wired as in --demo: from the incident view `l` opens the
// failed risk-model task's log with its traceback, `/` finds the exception ("1/1"), `s` saves the
// whole log, Esc drops the search and then goes back; from the task screen `L` opens its log next
// to the output of the Databricks run it started, Tab moves between them; `p` picks another try;
// the cause shows on the incident rows, the task screen and the Databricks run's failed task;
// under NO_COLOR the levels are symbols.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatLogLine } from '../../../source/core/formatLogLine.js';
import type { LogLine } from '../../../source/core/model.js';
import { KEY, press, settle } from '../../support/ink.js';
import { waitFor as waitForState } from '../../support/wait.js';
import { renderConsole, session } from '../support/renderConsole.js';
import { type StoryHarness, startStoryHarness } from './support/storyHarness.js';

const DAG = 'fintech_eod_risk';
const TASK = 'risk_modelling.run_risk_models';
const SGR = /\x1b\[[0-9;]*m/g;

let h: StoryHarness;
let dir: string;
const mounted: { unmount(): void }[] = [];

beforeAll(async () => {
  h = await startStoryHarness(3);
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-logscreen-'));
});
afterEach(() => {
  for (const instance of mounted.splice(0)) instance.unmount();
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string> = {}, size?: { columns: number; rows: number }) {
  const instance = await renderConsole({
    ...(size ? { size } : {}),
    // The incident view windows its failures by the simulator's clock, which starts in the past.
    session: session({ airflow: h.airflow, databricks: h.databricks }, { logDir: dir, now: h.clock.now }),
    env,
  });
  mounted.push(instance);
  const frame = () => (instance.lastFrame() ?? '').replace(SGR, '');
  const waitFor = async (...texts: (string | RegExp)[]) => {
    await waitForState(
      () => {
        const current = frame();
        for (const text of texts) {
          if (typeof text === 'string' ? !current.includes(text) : !text.test(current)) {
            throw new Error(`frame lacks ${String(text)}:\n${current}`);
          }
        }
      },
      { interval: 25 },
    );
    return frame();
  };
  const keys = (...sequence: string[]) => press(instance.stdin, ...sequence);
  const type = async (text: string) => {
    instance.stdin.write(text);
    await settle();
  };
  return { instance, frame, waitFor, keys, type };
}

/** The failed risk-model task among the failures, from the incident view. */
async function toFailedTask(ui: Awaited<ReturnType<typeof start>>) {
  await ui.waitFor('Airflow DAGs');
  await ui.type(':now');
  await ui.keys(KEY.enter);
  await ui.waitFor('Incidents', `${DAG} / ${TASK}`);
  await ui.keys('/');
  await ui.type(`${TASK} state:failed`);
  await ui.keys(KEY.enter);
  await ui.waitFor(/› +✗ failed/);
}

describe('the log pane in the console', () => {
  it('incidents → l: the traceback; / finds it (1/1), n wraps, s saves the whole log, esc clears then goes back', async () => {
    // Wide enough for the whole chain and the cause after it.
    const ui = await start({}, { columns: 220, rows: 40 });
    await toFailedTask(ui);
    // The cause is on the row before the log is opened, after the chain to the Databricks task.
    await ui.waitFor(/risk_modelling\.run_risk_models try 2 → DBX run \d+ → stress_tests — AirflowExcep/);
    await ui.keys('l');
    const log = await ui.waitFor(
      `Airflow log · ${TASK} · try 2 · ✗ failed`,
      'Traceback (most recent call last):',
      /airflow\.exceptions\.AirflowException: Job run failed/,
      '■ end of log',
    );
    expect(log).toContain(`incidents › log ${TASK}`);

    await ui.keys('/');
    await ui.type('AirflowException');
    await ui.waitFor('/AirflowException 1/1');
    await ui.keys(KEY.enter);
    await ui.keys('n');
    await ui.waitFor('Search wrapped to the top');
    await ui.keys('s');
    const saved = await ui.waitFor(/Saved to \S+\.log/);
    const path = /Saved to (\S+\.log)/.exec(saved)?.[1] ?? '';
    expect(path.startsWith(dir)).toBe(true);
    // The file holds the whole log, as the console formats it, not just the window.
    const [run] = (await h.airflow.listRuns(DAG)).filter((r) => r.state === 'failed');
    const whole: LogLine[] = [];
    for await (const batch of h.airflow.followLog(
      { backend: 'airflow', workflowId: DAG, runId: run?.id ?? '', taskId: TASK },
      { follow: false },
    ))
      whole.push(...batch.lines);
    const expected = whole.flatMap((line) => {
      const { prefix, body } = formatLogLine(line);
      return `${prefix}${body}`.split('\n');
    });
    expect(readFileSync(path, 'utf8')).toBe(`${expected.join('\n')}\n`);

    await ui.keys(KEY.esc);
    await ui.waitFor('■ end of log');
    expect(ui.frame()).not.toContain('/AirflowException');
    await ui.keys(KEY.esc);
    await ui.waitFor('Incidents');
  });

  it('L on the task: its log next to the linked Databricks run output; Tab moves the focus; p picks a try', async () => {
    const ui = await start();
    await toFailedTask(ui);
    await ui.keys(KEY.enter);
    await ui.waitFor(`Task ${TASK}`, 'Linked Databricks run', /cause: AirflowException: Job run failed/);
    await ui.keys('L');
    const split = await ui.waitFor(
      `▌Airflow log · ${TASK}`,
      ' Databricks log · stress_tests · attempt 2 · ✗ failed',
      'error: ScenarioShockMissingError',
      'Traceback (most recent call last):',
    );
    // 120 columns: stacked, the Airflow log above the Databricks output.
    const lines = split.split('\n');
    const airflowAt = lines.findIndex((line) => line.includes('Airflow log ·'));
    const databricksAt = lines.findIndex((line) => line.includes('Databricks log ·'));
    expect(databricksAt).toBeGreaterThan(airflowAt);
    await ui.keys(KEY.tab);
    await ui.waitFor('▌Databricks log · stress_tests', ` Airflow log · ${TASK}`);
    // p on the Databricks pane: the run's tasks and their attempts.
    await ui.keys('p');
    await ui.waitFor(
      'Show the log of (task and attempt):',
      'stress_tests · attempt 2',
      'stress_tests · attempt 1',
    );
    await ui.keys(KEY.down, KEY.enter);
    await ui.waitFor('Databricks log · stress_tests · attempt 1 (picked)');
    await ui.keys(KEY.esc);
    await ui.waitFor(`Task ${TASK}`);
  });

  it('the failed Databricks task shows its cause on the run screen, and l opens its output', async () => {
    const ui = await start();
    await toFailedTask(ui);
    await ui.keys(KEY.enter);
    await ui.waitFor('Linked Databricks run');
    await ui.keys('g');
    await ui.waitFor(
      'CAUSE',
      /stress_tests +✗ failed .*ScenarioShockMissingError/,
      "message: 1 of 4 tasks failed. · cause stress_tests: ScenarioShockMissingError: scenario 'EUR_RATES_+200bp'",
    );
    await ui.keys('j', 'j', 'l');
    await ui.waitFor('Databricks log · stress_tests', 'error: ScenarioShockMissingError');
  });

  it("the home detail line says why the selected row's latest run failed, on both panes", async () => {
    const ui = await start();
    await ui.waitFor('Airflow DAGs', 'Databricks jobs');
    await ui.keys('/');
    await ui.type('risk');
    await ui.keys(KEY.enter);
    await ui.waitFor(/last run ✗ failed .*· cause: AirflowException: Job run failed/);
    await ui.keys(KEY.tab);
    await ui.waitFor(/last run ✗ failed .*· cause: ScenarioShockMissingError: scenario/);
  });

  it('NO_COLOR: the levels are a symbol column; ? lists the log keys and no row filter', async () => {
    const ui = await start({ NO_COLOR: '1' });
    await toFailedTask(ui);
    await ui.keys('l');
    await ui.waitFor('Traceback (most recent call last):');
    const frame = ui.frame();
    expect(frame).toMatch(/^ ✗\[\S+\] \{airflow\.task\} ERROR - Task failed with exception/m);
    expect(frame).toMatch(/^ ✗Traceback \(most recent call last\):/m);
    expect(frame).toMatch(/^ {2}\[\S+\] \{airflow\.task\} INFO - Marking task as FAILED/m);
    await ui.keys('?');
    const help = await ui.waitFor('On this screen (log)', 'Search the whole log');
    expect(help).not.toContain('Filter rows');
  });
});
