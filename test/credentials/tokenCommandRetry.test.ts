// "re-run once after a 401" (issue 4 "Credentials"): a token
// command whose first token the server rejects runs again exactly once and the call carries on;
// a command that keeps printing a rejected token fails with one AuthError line, run twice in all.
// Against the Databricks simulator on 127.0.0.1 through the credential chain.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, Forbidden } from '../../source/core/errors.js';
import { createSecretProvider } from '../../source/credentials/createSecretProvider.js';
import { createDatabricksBackend } from '../../source/databricks/backend.js';
import { createSimClock } from '../../source/sim/clock.js';
import { type DatabricksSim, startDatabricksSim } from '../../source/sim/databricks/server.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';

let dir: string;
let sim: DatabricksSim;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dagdeck-retry-'));
  sim = await startDatabricksSim({ clock: createSimClock(), port: 0, host: '127.0.0.1', jobs: 3 });
});
afterEach(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Prints `stale` on the first run, then the good token; counts its runs in a file. */
const ROTATING = `
const fs = require('node:fs');
const [file, good, mode] = process.argv.slice(1);
fs.appendFileSync(file, 'x');
const runs = fs.readFileSync(file, 'utf8').length;
process.stdout.write(mode === 'always-stale' || runs === 1 ? 'stale-token-value' : good);
`;

function backendWith(mode: 'rotate' | 'always-stale') {
  const counter = join(dir, 'runs');
  const token = createSecretProvider({
    context: 'sim',
    backend: 'databricks',
    purpose: 'databricks-token',
    credential: { kind: 'command', argv: [process.execPath, '-e', ROTATING, counter, sim.token, mode] },
    env: {},
    prompt: false,
  });
  const backend = createDatabricksBackend({
    host: sim.url,
    http: createRecordingHttpClient(),
    auth: { kind: 'pat', token },
    credentialSource: token.description,
  });
  return { backend, token, runs: () => readFileSync(counter, 'utf8').length };
}

describe('token command re-run after the server rejects its token', () => {
  it('a rejected first token: the command runs once more and the listing succeeds', async () => {
    const { backend, runs, token } = backendWith('rotate');
    const jobs = await backend.listWorkflows();
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    expect(runs()).toBe(2);
    expect(token.description).toMatch(/^token command /);
    // Cached from now on: no third run.
    await backend.listWorkflows();
    expect(runs()).toBe(2);
  });

  it('a token rejected twice: one auth error line, the command ran exactly twice, no secret shown', async () => {
    const { backend, runs } = backendWith('always-stale');
    const error = await backend.listWorkflows().catch((e: unknown) => e);
    expect(error instanceof AuthError || error instanceof Forbidden).toBe(true);
    expect((error as Error).message).not.toContain('stale-token-value');
    expect((error as Error).message).not.toContain('\n');
    expect(runs()).toBe(2);
  });
});
