// Writes on real contexts in a real terminal (issue 10 "Done when"): `dagdeck sim` with a request
// log serves the contexts; the built console runs in a pseudo-terminal. A protected context wants
// the DAG id typed; a read-only one refuses with one line and the request log shows no write; a
// double enter, two consoles and a connection reset after the server applied the trigger each make
// exactly one run.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createAirflowBackend } from '../../source/airflow/backend.js';
import type { Backend } from '../../source/core/backend.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createHttpClient } from '../../source/http/client.js';
import { KEY } from '../support/keys.js';
import { consoleBin, PtyConsole } from './support/ptyConsole.js';

const DAG = 'fintech_eod_risk';

interface Sim {
  process: ChildProcess;
  airflow: { url: string; username: string; password: string };
  databricks: { host: string; token: string };
  requestLog: string;
  configDir: string;
  stateDir: string;
  backend: Backend;
  close(): Promise<void>;
}

const sims: Sim[] = [];
const consoles: PtyConsole[] = [];
const http = createHttpClient();

afterEach(() => {
  for (const session of consoles.splice(0)) session.kill();
});
afterAll(async () => {
  for (const sim of sims.splice(0)) await sim.close();
  await http.close();
});

/** `dagdeck sim` with a request log, and three contexts on it: open, protected, read-only. */
async function startSim(extra: string[] = []): Promise<Sim> {
  const dir = mkdtempSync(join(tmpdir(), 'dagdeck-once-'));
  const requestLog = join(dir, 'requests.jsonl');
  const child = spawn(
    process.execPath,
    [consoleBin, 'sim', '--speed', '0', '--seed', '3', '--request-log', requestLog, ...extra],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`dagdeck sim exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
  });
  const announced = JSON.parse(line) as Pick<Sim, 'airflow' | 'databricks'>;
  const configDir = join(dir, 'config');
  const stateDir = join(dir, 'state');
  const dagdeck = (args: string[]) => {
    const result = spawnSync(process.execPath, [consoleBin, ...args], {
      env: { ...process.env, DAGDECK_CONFIG_DIR: configDir },
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`dagdeck ${args.join(' ')}: ${result.stderr}`);
  };
  const { url, username } = announced.airflow;
  dagdeck(['context', 'add', 'open', '--airflow-url', url, '--airflow-user', username]);
  dagdeck([
    'context',
    'add',
    'prod',
    '--airflow-url',
    url,
    '--airflow-user',
    username,
    '--protection',
    'protected',
  ]);
  dagdeck([
    'context',
    'add',
    'ro',
    '--airflow-url',
    url,
    '--airflow-user',
    username,
    '--protection',
    'read-only',
  ]);
  const backend = createAirflowBackend({
    baseUrl: url,
    http,
    auth: { kind: 'password', username, password: staticSecret(announced.airflow.password, 'test') },
  });
  const sim: Sim = {
    process: child,
    ...announced,
    requestLog,
    configDir,
    stateDir,
    backend,
    async close() {
      child.kill('SIGTERM');
      // A console that was just killed may still be writing its cache and audit files here.
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
  sims.push(sim);
  return sim;
}

function consoleOn(sim: Sim, context: string): PtyConsole {
  const session = new PtyConsole({
    args: ['--context', context],
    cols: 140,
    rows: 40,
    env: {
      DAGDECK_CONFIG_DIR: sim.configDir,
      DAGDECK_STATE_DIR: sim.stateDir,
      DAGDECK_AIRFLOW_PASSWORD: sim.airflow.password,
    },
  });
  consoles.push(session);
  return session;
}

interface Logged {
  server: string;
  method: string;
  path: string;
  status: number | null;
}

function requests(sim: Sim): Logged[] {
  if (!existsSync(sim.requestLog)) return [];
  return readFileSync(sim.requestLog, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Logged);
}

/** Writes that change something: not reads, not the login, not a dry run's path. */
const writes = (sim: Sim, from = 0) =>
  requests(sim)
    .slice(from)
    .filter((r) => r.method !== 'GET' && !r.path.endsWith('/auth/token') && !r.path.endsWith('/dry_run'));

const triggers = (sim: Sim, from = 0) =>
  writes(sim, from).filter((r) => r.method === 'POST' && r.path.endsWith(`/dags/${DAG}/dagRuns`));

async function openGrid(session: PtyConsole): Promise<void> {
  await session.waitFor(['Airflow DAGs', DAG]);
  await session.press('/');
  await session.type(DAG);
  await session.press(KEY.enter, KEY.enter);
  // The grid starts on the newest run's failed task once runs and tasks are both in; under load the
  // rows show before the cursor moves there, so wait for the cursor, not the row.
  await session.waitFor(/›\s+run_risk_models +[✓✗·◌▶]/);
}

/** Home → the trigger form of the DAG → its preview. */
async function previewTrigger(session: PtyConsole): Promise<string> {
  await session.waitFor(['Airflow DAGs', DAG]);
  await session.press('/');
  await session.type(DAG);
  await session.press(KEY.enter, 't');
  await session.waitFor('▶ Preview the trigger');
  await session.press('t');
  return session.waitFor(['Trigger fintech_eod_risk as run', 'our estimate']);
}

describe('policy on real contexts (issue 10)', () => {
  it('protected: the clear waits for the DAG id typed back, then is sent once', async () => {
    const sim = await startSim();
    const session = consoleOn(sim, 'prod');
    await session.waitFor('PROTECTED');
    await openGrid(session);
    await session.press('c');
    await session.waitFor("from the server's own dry run");
    const before = requests(sim).length;
    await session.press(KEY.enter);
    await session.waitFor(`Protected: type ${DAG} to confirm`);
    await session.type('fintech');
    await session.press(KEY.enter);
    await session.waitFor(`That is not "${DAG}"`);
    expect(writes(sim, before)).toEqual([]);
    await session.type('_eod_risk');
    await session.press(KEY.enter);
    await session.waitFor(/✓ Cleared \d+ task instance/);
    expect(writes(sim, before).map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /api/v2/dags/${DAG}/clearTaskInstances`,
    ]);
  }, 60_000);

  it('read-only: c is refused with one line and the request log shows no write, not even a dry run', async () => {
    const sim = await startSim();
    const session = consoleOn(sim, 'ro');
    await session.waitFor('READ-ONLY');
    await openGrid(session);
    const before = requests(sim).length;
    await session.press('c');
    await session.waitFor([/Refused: context "ro" is read-only/, '--protection protected']);
    await session.press('t');
    await session.waitFor(/Refused: context "ro" is read-only/);
    expect(
      requests(sim)
        .slice(before)
        .filter((r) => r.method !== 'GET' && !r.path.endsWith('/auth/token')),
    ).toEqual([]);
  }, 60_000);
});

describe('exactly one run (issue 10 "Once")', () => {
  it('a double enter on the trigger preview sends one trigger', async () => {
    const sim = await startSim();
    const session = consoleOn(sim, 'open');
    const runs = (await sim.backend.listRuns(DAG, { limit: 100 })).length;
    await previewTrigger(session);
    const from = requests(sim).length;
    // Both enters in one read, as a bouncing key or an impatient hand sends them.
    await session.type('\r\r');
    await session.waitFor(/✓ Triggered fintech_eod_risk: run dagdeck__/);
    expect(triggers(sim, from)).toHaveLength(1);
    expect((await sim.backend.listRuns(DAG, { limit: 100 })).length).toBe(runs + 1);
  }, 60_000);

  it('two consoles confirming the same trigger make one run; the second is told before it confirms', async () => {
    const sim = await startSim();
    const runs = (await sim.backend.listRuns(DAG, { limit: 100 })).length;
    const first = consoleOn(sim, 'open');
    const second = consoleOn(sim, 'open');
    await previewTrigger(first);
    await first.press(KEY.enter);
    await first.waitFor(/✓ Triggered fintech_eod_risk: run (dagdeck__\S+)/);
    const runId = /run (dagdeck__\S+)/.exec(first.screen())?.[1];
    const preview = await previewTrigger(second);
    expect(preview).toMatch(/same trigger was confirmed/);
    await second.press(KEY.enter);
    await second.waitFor(/fintech_eod_risk already has run dagdeck__/);
    expect(second.screen()).toContain(runId ?? '?');
    expect((await sim.backend.listRuns(DAG, { limit: 100 })).length).toBe(runs + 1);
  }, 60_000);

  it('a reset after the server made the run: the trigger is sent again under its id and no second run is made', async () => {
    const sim = await startSim(['--reset-after-write-rate', '1']);
    const session = consoleOn(sim, 'open');
    const runs = (await sim.backend.listRuns(DAG, { limit: 100 })).length;
    await previewTrigger(session);
    const from = requests(sim).length;
    await session.press(KEY.enter);
    await session.waitFor(/fintech_eod_risk already has run dagdeck__\S+ \(queued\) from an earlier send/);
    const sent = triggers(sim, from);
    // The first answer was lost (no status), the re-send found the run (409): one run.
    expect(sent.map((r) => r.status)).toEqual([null, 409]);
    expect((await sim.backend.listRuns(DAG, { limit: 100 })).length).toBe(runs + 1);
  }, 60_000);

  it('a clear whose answer is lost is reported as maybe applied, never sent again', async () => {
    const sim = await startSim(['--reset-after-write-rate', '1']);
    const session = consoleOn(sim, 'open');
    await openGrid(session);
    await session.press('c');
    await session.waitFor("from the server's own dry run");
    const from = requests(sim).length;
    await session.press(KEY.enter);
    await session.waitFor(
      /Clear task instances failed: the answer was lost after sending: it may have been applied/,
    );
    expect(writes(sim, from).map((r) => `${r.method} ${r.status}`)).toEqual(['POST null']);
  }, 60_000);
});
