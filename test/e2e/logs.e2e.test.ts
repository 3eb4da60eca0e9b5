// The log pane end to end (issue 12 "Done when"): the built console in a real pseudo-terminal.
//   - --demo: incident view → failed task → `l`: the traceback; `/` finds it, `n` moves through the
//     matches, `s` saves the whole log (not the window) and flashes where;
//   - --demo: the task's log next to the output of the Databricks run it started (`L`), stacked at
//     120 columns and side by side at 200, Tab moving the focus;
//   - `dagdeck sim`: a running task followed while the simulator is killed and restarted on the
//     same ports with the same --seed and --epoch: the pane says it is reconnecting, resumes, and
//     the log it saves equals the simulator's, line for line;
//   - `dagdeck sim --huge-log-line`: hostile lines (title, clipboard and query escapes, C1 controls,
//     bidi and zero-width characters, invalid UTF-8, a 10 MB line) in an Airflow and a Databricks
//     log show safely and never reach the terminal raw.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import { formatLogLine } from '../../source/core/formatLogLine.js';
import type { LogLine } from '../../source/core/model.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createHttpClient } from '../../source/http/client.js';
import { KEY } from '../support/keys.js';
import { filterIncidents } from './support/incidents.js';
import { consoleBin, PtyConsole } from './support/ptyConsole.js';

const RISK_TASK = 'risk_modelling.run_risk_models';
const LONG_DAG = 'ml_feature_store_sync';
const LONG_TASK = 'train_drift_model';

interface Announced {
  airflow: { url: string; username: string; password: string };
  databricks: { host: string; token: string };
}

const consoles: PtyConsole[] = [];
const children: ChildProcess[] = [];
const dirs: string[] = [];
const http = createHttpClient();

afterEach(() => {
  for (const session of consoles.splice(0)) session.kill();
});
afterAll(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGTERM');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  await http.close();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function start(args: string[], env: Record<string, string>, cols = 120, rows = 40): PtyConsole {
  const session = new PtyConsole({ args, cols, rows, env });
  consoles.push(session);
  return session;
}

/** `dagdeck sim` with `args`; resolves with its announcement once it listens. */
async function startSim(args: string[]): Promise<{ child: ChildProcess; announced: Announced }> {
  const child = spawn(process.execPath, [consoleBin, 'sim', ...args], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`dagdeck sim exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
  });
  return { child, announced: JSON.parse(line) as Announced };
}

async function stopSim(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A context on the simulators in a fresh config dir, credentials from the environment. */
function contextFor(announced: Announced): Record<string, string> {
  const dir = tempDir('dagdeck-logs-e2e-');
  const env = {
    DAGDECK_CONFIG_DIR: join(dir, 'config'),
    DAGDECK_STATE_DIR: join(dir, 'state'),
    DAGDECK_LOG_DIR: dir,
    DAGDECK_AIRFLOW_PASSWORD: announced.airflow.password,
    DATABRICKS_TOKEN: announced.databricks.token,
  };
  const added = spawnSync(
    process.execPath,
    [
      consoleBin,
      'context',
      'add',
      'sim',
      '--airflow-url',
      announced.airflow.url,
      '--airflow-user',
      announced.airflow.username,
      '--databricks-host',
      announced.databricks.host,
      '--databricks-auth',
      'pat',
      '--use',
    ],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  if (added.status !== 0) throw new Error(added.stderr);
  return env;
}

/** From home, the incident view filtered to `filter`, the first row selected. */
async function incident(session: PtyConsole, filter: string): Promise<void> {
  await session.waitFor(['Airflow DAGs', 'Databricks jobs']);
  await filterIncidents(session, filter);
  await session.waitUntil(
    (screen) =>
      screen.split('\n').some((line) => line.startsWith('›') && line.includes(filter.split(' ')[0] ?? '')),
    `the incident row of ${filter}`,
  );
}

const statusLine = (screen: string) =>
  screen
    .split('\n')
    .find((line) => /^(▼ following|⏸ paused|■ end of log|⟳ reconnecting|✗ stopped)/.test(line)) ?? '';

describe('the log pane in a real terminal (issue 12)', () => {
  it('incident → failed task → l: the traceback; / finds it, n moves, s saves the whole log', async () => {
    const logDir = tempDir('dagdeck-logs-demo-');
    const session = start(['--demo'], { DAGDECK_LOG_DIR: logDir });
    await incident(session, `${RISK_TASK} state:failed`);
    await session.press('l');
    await session.waitFor([
      `Airflow log · ${RISK_TASK} · try 2 · ✗ failed`,
      'Traceback (most recent call last):',
      'airflow.exceptions.AirflowException: Job run failed',
      '■ end of log',
    ]);
    await session.press('/');
    await session.type('Traceback');
    await session.press(KEY.enter);
    await session.waitUntil((screen) => statusLine(screen).includes('/Traceback 1/1'), 'the search at 1/1');
    // The match is drawn in inverse video on the marked line.
    expect(session.output()).toMatch(/\x1b\[7mTraceback\x1b\[27m/);

    // Esc drops that search; a new one starts from the top of the screen, and n / N step through.
    await session.press(KEY.esc);
    await session.waitUntil((screen) => !statusLine(screen).includes('/Traceback'), 'the search dropped');
    await session.press('/');
    await session.type('INFO');
    await session.press(KEY.enter);
    const first = await session.waitUntil(
      (screen) => /\/INFO \d+\/\d+/.test(statusLine(screen)),
      'INFO found',
    );
    const [at, of] = (/\/INFO (\d+)\/(\d+)/.exec(statusLine(first)) ?? []).slice(1).map(Number) as [
      number,
      number,
    ];
    // Which match is "first on screen" depends on how long the seeded log is; what matters is that
    // the search counts from a match on screen and that there are more to step to.
    expect(at).toBeGreaterThanOrEqual(1);
    expect(statusLine(first)).not.toContain('/INFO 0/');
    expect(of).toBeGreaterThan(at + 2);
    await session.press('n', 'n');
    await session.waitUntil(
      (screen) => statusLine(screen).includes(`/INFO ${at + 2}/${of}`),
      'n n: two matches on',
    );
    await session.press('N');
    await session.waitUntil((screen) => statusLine(screen).includes(`/INFO ${at + 1}/${of}`), 'N: one back');

    await session.press('s');
    const saved = await session.waitFor(/Saved to (\S+\.log)/);
    const path = /Saved to (\S+\.log)/.exec(saved)?.[1] ?? '';
    expect(path.startsWith(logDir)).toBe(true);
    const total = Number(/of ([\d,]+)/.exec(statusLine(saved))?.[1]?.replace(/,/g, '') ?? 0);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(total);
    expect(lines.some((line) => line.includes('Executing <Task(DatabricksRunNowOperator)'))).toBe(true);
    expect(lines).toContain('Traceback (most recent call last):');
    expect(lines.at(-1)).toMatch(/Marking task as FAILED/);

    await session.press('q');
    expect(await session.exited).toBe(0);
  }, 60_000);

  it('L: the task log and the linked Databricks output, stacked at 120 columns, side by side at 200; Tab moves the focus', async () => {
    const session = start(['--demo'], { DAGDECK_LOG_DIR: tempDir('dagdeck-logs-split-') });
    await incident(session, `${RISK_TASK} state:failed`);
    await session.press(KEY.enter);
    await session.waitFor([`Task ${RISK_TASK}`, 'Linked Databricks run', 'cause: AirflowException']);
    await session.press('L');
    const stacked = await session.waitFor([
      `▌Airflow log · ${RISK_TASK}`,
      ' Databricks log · stress_tests · attempt 2 · ✗ failed',
      'error: ScenarioShockMissingError',
    ]);
    const rows = (screen: string, text: string) =>
      screen.split('\n').findIndex((line) => line.includes(text));
    expect(rows(stacked, 'Databricks log ·')).toBeGreaterThan(rows(stacked, 'Airflow log ·'));

    session.resize(200, 50);
    await session.waitUntil((screen) => {
      const row = screen.split('\n').find((line) => line.includes('Airflow log ·'));
      return row?.includes('Databricks log ·') === true;
    }, 'the two logs side by side at 200 columns');
    await session.press(KEY.tab);
    await session.waitFor(['▌Databricks log · stress_tests']);
    await session.press(KEY.esc);
    await session.waitFor(`Task ${RISK_TASK}`);
    await session.press('q');
    expect(await session.exited).toBe(0);
  }, 60_000);

  it("follows a running task while the simulator is killed and restarted: it resumes, and the saved log equals the simulator's line for line", async () => {
    // The long-log task writes 6,000 lines at 20 a second (virtual); its run was queued two minutes
    // before the epoch, so at 8× it still writes for some 15-25 s once the console is up.
    const epoch = String(Date.now());
    const simArgs = [
      '--seed',
      '6',
      '--epoch',
      epoch,
      '--speed',
      '8',
      '--log-lines',
      '6000',
      '--log-rate',
      '20',
      '--airflow-version',
      '3.3.2',
    ];
    let sim = await startSim(simArgs);
    const ports = [
      '--airflow-port',
      new URL(sim.announced.airflow.url).port,
      '--databricks-port',
      new URL(sim.announced.databricks.host).port,
    ];
    const env = contextFor(sim.announced);
    const session = start([], env);
    await incident(session, LONG_DAG);
    await session.press('l');
    await session.waitFor([`Airflow log · ${LONG_TASK} · try 1 · ▶ running`, '▼ following']);
    const linesShown = (screen: string) =>
      Number(/of ([\d,]+)/.exec(statusLine(screen))?.[1]?.replace(/,/g, '') ?? 0);
    const before = linesShown(session.screen());
    await session.waitUntil((screen) => linesShown(screen) > before + 100, 'the follow to read more lines');

    await stopSim(sim.child);
    await session.waitUntil(
      (screen) => statusLine(screen).startsWith('⟳ reconnecting…'),
      'the reconnecting mark',
    );
    sim = await startSim([...simArgs, ...ports]);
    await session.waitUntil(
      (screen) => statusLine(screen).startsWith('▼ following'),
      'the follow to resume',
      {
        timeoutMs: 40_000,
      },
    );
    await session.waitUntil((screen) => statusLine(screen).startsWith('■ end of log'), 'the task to finish', {
      timeoutMs: 60_000,
    });
    await session.waitFor('Marking task as SUCCESS');
    await session.press('s');
    const saved = await session.waitFor(/Saved to (\S+\.log)/);
    const path = /Saved to (\S+\.log)/.exec(saved)?.[1] ?? '';

    // The simulator's whole log of that try, read after the fact and written as the console writes it.
    const airflow = createAirflowBackend({
      baseUrl: sim.announced.airflow.url,
      http,
      auth: {
        kind: 'password',
        username: sim.announced.airflow.username,
        password: staticSecret(sim.announced.airflow.password, 'test'),
      },
    });
    const [run] = await airflow.listRuns(LONG_DAG, { limit: 1 });
    const whole: LogLine[] = [];
    for await (const batch of airflow.followLog(
      { backend: 'airflow', workflowId: LONG_DAG, runId: run?.id ?? '', taskId: LONG_TASK, tryNumber: 1 },
      { follow: false },
    )) {
      whole.push(...batch.lines);
    }
    const expected = whole.flatMap((line) => {
      const { prefix, body } = formatLogLine(line);
      return `${prefix}${body}`.split('\n');
    });
    const followed = readFileSync(path, 'utf8').split('\n');
    expect(followed.pop()).toBe('');
    expect(followed.length).toBeGreaterThan(6000);
    expect(followed).toEqual(expected);
    await session.press('q');
    expect(await session.exited).toBe(0);
    await stopSim(sim.child);
  }, 150_000);

  it('hostile lines in an Airflow and a Databricks log (escapes, C1, bidi, zero-width, invalid UTF-8, a 10 MB line) never reach the terminal raw', async () => {
    const sim = await startSim([
      '--seed',
      '7',
      '--speed',
      '0',
      '--airflow-version',
      '3.3.2',
      '--huge-log-line',
      String(10 * 1024 * 1024),
    ]);
    const session = start([], contextFor(sim.announced));
    await incident(session, 'customer_kyc_refresh');
    await session.press('l');
    await session.waitFor([
      'Airflow log · fetch_vendor_results',
      'Vendor response body: {"status":"ok"}',
      'invoice_⟨U+202E⟩exe.pdf⟨U+202C⟩ id=⟨U+200B⟩42',
      'Library colours: FAILED OK blink',
      'Invalid UTF-8 from a file: caf',
      'Vendor payload: AAAAAAAA',
    ]);
    // The 10 MB line is cut to what a pane could show; wrapped, its rows still fit the screen.
    await session.press('w');
    await session.waitUntil((screen) => statusLine(screen).includes('wrap'), 'wrap on');
    await session.press('t');
    await session.waitUntil(
      (screen) => statusLine(screen).includes('no timestamps'),
      'the pane to stay responsive',
    );

    // The Databricks task that echoes the same records.
    await session.press(KEY.esc);
    await session.press(KEY.esc);
    await session.waitFor('Incidents ·');
    await session.press('/');
    await session.type('ml_feature_backfill');
    await session.press(KEY.enter);
    await session.waitUntil(
      (screen) =>
        screen.split('\n').some((line) => line.startsWith('›') && line.includes('ml_feature_backfill')),
      'the ml_feature_backfill row',
    );
    await session.press('l');
    await session.waitFor(['Databricks log · backfill_features', '▼ following']);
    // The pane says "following" before the first read arrives: g on an empty pane has nowhere to go.
    await session.waitUntil((screen) => / of [1-9][\d,]*/.test(statusLine(screen)), 'the first lines');
    // The records were echoed at the start of the output: g goes there.
    await session.press('g');
    await session.waitFor(['Vendor response body: {"status":"ok"}', 'invoice_⟨U+202E⟩exe.pdf']);
    await session.press('q');
    expect(await session.exited).toBe(0);

    const raw = session.output();
    // Nothing the terminal would act on: title, clipboard, link and query escapes, 8-bit controls,
    // blink, and the invisible characters themselves (the line-erasing and cursor moves in the
    // stream are ink's own redraws, so those are checked on the screen above, not here).
    for (const bad of [
      '\x1b]0;PWNED',
      '\x1b]52;',
      '\x1b]8;;https://evil',
      '\x1b]11;?',
      '\x1b[6n',
      '\x1b[21t',
      '\x1bP+q',
      '\x1b[5m',
      '\u009b',
      '\u009d',
      '\u0085',
      '\u202e',
      '\u200b',
      '\u2066',
      '\ufeff',
    ]) {
      expect(raw.includes(bad), JSON.stringify(bad)).toBe(false);
    }
    // The 10 MB line never went to the terminal whole: the session wrote far less than that.
    expect(raw.length).toBeLessThan(2 * 1024 * 1024);
    await stopSim(sim.child);
  }, 90_000);
});
