// The Databricks token pagers (jobs/list, runs/list, and the inner pages of jobs/get) against the
// hostile server (issue 13 "Paging trusts the server"): a token that never changes used to end in
// 100,000 copies of the same 100 jobs with exit 0; each lie is now one BadResponse naming the
// workspace and what it did, and one malformed job is skipped with a note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadResponse, Timeout } from '../../source/core/errors.js';
import type { Workflow } from '../../source/core/model.js';
import { skippedItemsOf } from '../../source/core/skippedItems.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createDatabricksBackend } from '../../source/databricks/backend.js';
import type { ListLimits } from '../../source/http/listLimits.js';
import {
  HOSTILE_TOKEN,
  type HostileCase,
  type HostileServer,
  startHostileServer,
} from '../hostile/hostileServer.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer({ slowPageMs: 300 });
});
afterAll(async () => {
  await server.close();
});

function backend(kind: HostileCase, lists?: ListLimits) {
  return createDatabricksBackend({
    host: server.urlOf(kind),
    http: createRecordingHttpClient(),
    auth: { kind: 'pat', token: staticSecret(HOSTILE_TOKEN, 'test') },
    ...(lists ? { lists } : {}),
  });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('Databricks list paging against a hostile workspace (issue 13)', () => {
  it('an honest workspace: every job once', async () => {
    const jobs = await backend('honest').listWorkflows();
    expect(jobs).toHaveLength(250);
    expect(new Set(jobs.map((job) => job.id)).size).toBe(250);
    expect(skippedItemsOf(jobs)).toBeUndefined();
  });

  it('reports the jobs read so far after each page, sharing the objects of the final list (issue 14)', async () => {
    const seen: Array<readonly Workflow[]> = [];
    const jobs = await backend('honest').listWorkflows({ onProgress: (pages) => seen.push(pages.items()) });
    expect(seen.map((so) => so.length)).toEqual([100, 200, 250]);
    expect(seen[2]?.[249]).toBe(jobs[249]);
    expect(seen[0]?.[0]).toBe(jobs[0]);
  });

  it.each([
    ['token-repeat', 'answered the page token "same" with jobs of an earlier page: it does not page'],
    ['token-cycle', 'answered the page token "t1" with jobs of an earlier page: it does not page'],
    ['has-more-no-token', 'said has_more but sent no next_page_token: the rest of the list is missing'],
    ['empty-pages-forever', 'sent an empty page that promises more (token "e2")'],
  ] as const)('%s: one BadResponse naming the workspace, after at most a few pages', async (kind, said) => {
    const before = server.hits.get(kind) ?? 0;
    const error = await failure(backend(kind).listWorkflows());
    expect(error).toBeInstanceOf(BadResponse);
    expect(error.message).toBe(
      `List jobs failed: Databricks at ${server.urlOf(kind)} ${said}; the server or a proxy in front of it is misbehaving; report it to its operators`,
    );
    expect((server.hits.get(kind) ?? 0) - before).toBeLessThanOrEqual(3);
  });

  it('a job token repeated inside jobs/get is refused instead of read 200 times', async () => {
    const before = server.hits.get('inner-token-repeat') ?? 0;
    const error = await failure(backend('inner-token-repeat').getWorkflow('1000'));
    expect(error.message).toContain('Read job 1000 failed: Databricks at');
    expect(error.message).toContain('sent the page token "again" twice');
    expect((server.hits.get('inner-token-repeat') ?? 0) - before).toBe(2);
  });

  it('one malformed job is skipped with a note; the other 249 are listed', async () => {
    const jobs = await backend('malformed-item').listWorkflows();
    expect(jobs).toHaveLength(249);
    expect(jobs.map((job) => job.id)).not.toContain('1003');
    expect(skippedItemsOf(jobs)).toBe(
      `Databricks at ${server.urlOf('malformed-item')}: skipped 1 malformed job of 250 (job 1003 (settings.name: Invalid input: expected string, received number)); the rest is shown`,
    );
  });

  it('a list that is all malformed is refused', async () => {
    const error = await failure(backend('all-malformed').listWorkflows());
    expect(error.message).toContain('sent 250 malformed jobs out of 250');
  });

  it('the ceiling holds while the tokens keep coming', async () => {
    const error = await failure(backend('honest', { maxItems: 120, deadlineMs: 60_000 }).listWorkflows());
    expect(error.message).toContain(
      "sent more than 120 jobs, the most dagdeck reads in one list; if the list is really that long, raise the context's --max-list-items",
    );
  });

  it('a list slower than its deadline is a Timeout naming the list', async () => {
    const error = await failure(backend('slow-pages', { maxItems: 1000, deadlineMs: 150 }).listWorkflows());
    expect(error).toBeInstanceOf(Timeout);
    expect(error.message).toMatch(
      /^List jobs did not finish within 0.15s \(Databricks at .*, 0 pages read\)/,
    );
  });
});
