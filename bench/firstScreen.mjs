// The first useful screen, measured side by side in one run on the same
// machine: `dagdeck sim --dags 10000 --jobs 5000`, the built console in a real pseudo-terminal
// (160×48) read through a headless terminal, as bench/console.mjs does.
//   near (no added latency), each of --runs starts:
//     first frame          spawn → visible text on the alternate screen
//     first page           spawn → the simulator answered the first page of DAGs (its request log)
//     first rows           spawn → the DAG pane's title counts rows; "after first page" is the difference
//     full lists           spawn → both titles show every DAG and job
//     key → frame          `j` pressed every 60 ms from the first rows until the DAG list is whole:
//                          write → the cursor position in the title moves (pages still arriving)
//     from the cache       the next start on the same context: spawn → the DAG pane full of cached rows
//   far (`--latency-ms 250`, the cache off):
//     first rows, full DAG list, and the incident view (`!` at the first frame) populated: its
//     title counts and a row is drawn
// Usage: npm run build && node bench/firstScreen.mjs [--runs 3] [--dags 10000] [--jobs 5000]
//        [--bin dist/dagdeck.js] [--no-write]
// Writes bench/results/first-screen.json (unless --no-write).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { binary, flag } from './support/args.mjs';
import { hasText, paneTitles as titles } from './support/paneTitles.mjs';
import { PtyConsole } from './support/ptyConsole.mjs';
import { machine, writeResults } from './support/results.mjs';
import { createBenchContext, startSim } from './support/sim.mjs';
import { round, summarise } from './support/stats.mjs';

const runs = Number(flag('--runs', 3));
const dags = Number(flag('--dags', 10_000));
const jobs = Number(flag('--jobs', 5_000));

/** The simulators at the bench's size, logging every request to `requestLog`. */
const simAtSize = (extra, requestLog) =>
  startSim(['--dags', String(dags), '--jobs', String(jobs), '--request-log', requestLog, ...extra]);

// The DAG pane counts rows (the jobs pane has its own, smaller list).
const dagRows = (lines) => (titles(lines).dags?.total ?? 0) > 0;
const full = (lines) => {
  const t = titles(lines);
  return (t.dags?.total ?? 0) >= dags && !t.dags?.partial && (t.jobs?.total ?? 0) >= jobs && !t.jobs?.partial;
};
const dagsFull = (lines) => (titles(lines).dags?.total ?? 0) >= dags && !titles(lines).dags?.partial;
// A screenful of rows under the DAG title: the pane shows as many rows as the terminal allows.
const screenfulOfDags = (lines) => {
  const t = titles(lines).dags;
  return (
    t !== undefined && t.total >= dags && lines.filter((line) => /generated_dag_\d+/.test(line)).length >= 10
  );
};
// The incident view's title counts something, and a row is drawn under its column header.
const incidentsShown = (lines) =>
  lines.some((line) => /^Incidents · last 24h · .*\d+ failed/.test(line)) &&
  lines.some((line) => /^[› ] [ +][✗▶◌↻]/.test(line));

/** When the simulator answered the first page of DAGs after `since` (epoch ms), from its request log. */
function firstDagPageAt(requestLog, since) {
  const lines = readFileSync(requestLog, 'utf8').trim().split('\n');
  for (const line of lines) {
    const entry = JSON.parse(line);
    const at = Date.parse(entry.time);
    // The list's first page (offset 0, a full page), not the one-DAG credential check.
    const query = /\/api\/v\d\/dags\?(.*)$/.exec(entry.path)?.[1];
    if (query === undefined || !/(^|&)offset=0(&|$)/.test(query) || /(^|&)limit=1(&|$)/.test(query)) continue;
    if (at >= since && entry.server === 'airflow' && entry.status === 200) return at;
  }
  return undefined;
}

const dir = mkdtempSync(join(tmpdir(), 'dagdeck-first-'));
const result = { near: {}, far: {} };
try {
  // Near: no added latency.
  const nearLog = join(dir, 'near.jsonl');
  const near = await simAtSize(['--speed', '1'], nearLog);
  try {
    const samples = {
      firstFrame: [],
      firstPage: [],
      firstRows: [],
      afterFirstPage: [],
      fullLists: [],
      fromCache: [],
      keys: [],
    };
    for (let run = 0; run < runs; run += 1) {
      // A new context each run: its cache starts empty.
      const { env } = createBenchContext(near.announcement, { databricks: true, under: dir });
      const tty = new PtyConsole([binary], env);
      const frameAt = await tty.until((lines) => tty.altScreen && hasText(lines), 'first frame');
      const rowsAt = await tty.until(dagRows, 'first DAG rows');
      // Keys while the pages are still arriving: j every 60 ms, write → the position moves.
      let loaded = false;
      const fullPromise = tty.until(full, 'full lists').then((at) => {
        loaded = true;
        return at;
      });
      while (!loaded) {
        const before = titles(tty.lines()).dags?.position ?? 0;
        const sent = performance.now();
        tty.pty.write('j');
        const moved = await tty.until((lines) => (titles(lines).dags?.position ?? 0) > before, 'j', 10_000);
        samples.keys.push(moved - sent);
        await sleep(60);
      }
      const fullAt = await fullPromise;
      const pageAt = firstDagPageAt(nearLog, tty.startedAt);
      samples.firstFrame.push(frameAt - tty.started);
      samples.firstRows.push(rowsAt - tty.started);
      samples.fullLists.push(fullAt - tty.started);
      if (pageAt !== undefined) {
        samples.firstPage.push(pageAt - tty.startedAt);
        samples.afterFirstPage.push(rowsAt - tty.started - (pageAt - tty.startedAt));
      }
      await sleep(500);
      await tty.quit();
      // The next session on the same context: the cache the first one left.
      const again = new PtyConsole([binary], env);
      const cachedAt = await again.until(screenfulOfDags, 'a screenful of cached rows');
      samples.fromCache.push(cachedAt - again.started);
      await again.quit();
      console.error(
        `near run ${run + 1}: first rows ${round(rowsAt - tty.started)} ms, full ${round(fullAt - tty.started)} ms, cache ${round(cachedAt - again.started)} ms`,
      );
    }
    for (const [name, values] of Object.entries(samples)) result.near[name] = summarise(values);
  } finally {
    await near.stop();
  }

  // Far: 250 ms added to every answer; the cache off, so every start is cold.
  const farLog = join(dir, 'far.jsonl');
  const far = await simAtSize(['--speed', '1', '--latency-ms', '250'], farLog);
  try {
    const samples = { firstRows: [], fullDags: [], fullLists: [], incidents: [] };
    for (let run = 0; run < runs; run += 1) {
      const { env } = createBenchContext(far.announcement, { databricks: true, under: dir });
      const tty = new PtyConsole([binary, '--no-cache'], env);
      const rowsAt = await tty.until(dagRows, 'first DAG rows');
      const dagsAt = await tty.until(dagsFull, 'the whole DAG list');
      const fullAt = await tty.until(full, 'full lists');
      samples.firstRows.push(rowsAt - tty.started);
      samples.fullDags.push(dagsAt - tty.started);
      samples.fullLists.push(fullAt - tty.started);
      await tty.quit();
      const incidents = new PtyConsole([binary, '--no-cache'], env);
      await incidents.until((lines) => incidents.altScreen && hasText(lines), 'first frame');
      incidents.pty.write('!');
      const shownAt = await incidents.until(incidentsShown, 'the incident view populated');
      samples.incidents.push(shownAt - incidents.started);
      await incidents.quit();
      console.error(
        `far run ${run + 1}: first rows ${round(rowsAt - tty.started)} ms, DAGs ${round(dagsAt - tty.started)} ms, incidents ${round(shownAt - incidents.started)} ms`,
      );
    }
    for (const [name, values] of Object.entries(samples)) result.far[name] = summarise(values);
  } finally {
    await far.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const report = { dags: dags + 13, jobs: jobs + 14, runs, ...result };
console.log(JSON.stringify({ ...machine(), ...report }, null, 2));
writeResults('first-screen.json', report);
