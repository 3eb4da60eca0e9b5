// The console at scale (the target: with `dagdeck sim --dags 10000 --jobs 5000` the lists
// stay responsive). Starts the simulators at that size, points a throwaway context at them, then runs
// the built console in a real pseudo-terminal (node-pty, 160×48) whose output feeds a headless
// terminal emulator (@xterm/headless), so every measure is taken on what the screen really shows:
//   - spawn → first frame: visible text on the alternate screen (as bench/startup.mjs);
//   - spawn → full lists: both pane titles show their full counts (≥ --dags / --jobs);
//   - spawn → run states: both panes show a run-state symbol (the recent-runs polls have landed);
//   - keypress → frame: from writing the key to the pty output chunk after which the screen shows
//     the key's effect (the cursor position in the pane title, the focus marker, the filter
//     prompt, the breadcrumbs), for j, down, tab, `/`, each typed filter character, esc (filter),
//     enter (drill down) and esc (back);
//   - the dagdeck process's resident memory (VmRSS) once the lists are loaded and after the keys.
// Usage: npm run build && node bench/console.mjs [--runs 3] [--keys 50] [--dags 10000] [--jobs 5000]
//        [--speed 1] [--bin dist/dagdeck.js] [--cpu-prof DIR] [--no-write]
// --cpu-prof runs the console of the key phase under `node --cpu-prof` and prints its hottest functions.
// Writes bench/results/console.json (unless --no-write).
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { binary, flag } from './support/args.mjs';
import { rssMiB } from './support/memory.mjs';
import { hasText, paneTitles as titles } from './support/paneTitles.mjs';
import { COLS, PtyConsole, ROWS } from './support/ptyConsole.mjs';
import { writeResults } from './support/results.mjs';
import { startSimWithContext } from './support/sim.mjs';
import { round, summarise } from './support/stats.mjs';

const runs = Number(flag('--runs', 3));
const keysPerKind = Number(flag('--keys', 50));
const dags = Number(flag('--dags', 10_000));
const jobs = Number(flag('--jobs', 5_000));
const cpuProfDir = flag('--cpu-prof', undefined);
// Simulator speed: 1 keeps runs moving (so the lists poll every few seconds, as in an incident); 0 freezes them.
const speed = flag('--speed', '1');
const LOAD_TIMEOUT_MS = 120_000;
// A pause between keys, so each key is its own frame (a user's keys are tens of ms apart at best).
const KEY_GAP_MS = 25;

const KEYS = { j: 'j', down: '\x1b[B', tab: '\t', enter: '\r', esc: '\x1b', slash: '/' };

const focusedPane = (lines) => {
  const t = titles(lines);
  return t.dags?.focused ? 'dags' : t.jobs?.focused ? 'jobs' : undefined;
};
// The filter prompt (components/FilterInput.tsx) ends with its hint.
const filterPrompt = (lines) => lines.find((line) => line.includes('enter keeps · esc clears'));
// The breadcrumbs (components/Breadcrumbs.tsx): "home", or "home › DAG" after a drill-down.
const onHome = (lines) => lines.some((line) => line.trim() === 'home') && titles(lines).dags !== undefined;
const drilled = (lines) => lines.some((line) => line.trimStart().startsWith('home › '));

// Run-state symbols of the run strips (ui/stateStyle.ts), without '…' (also the truncation mark).
const STATE_SYMBOL = /[✓✗▶↻◷⊘■↑]/;
/** Both panes show at least one run state: the recent-runs polls have landed (a proxy; see README). */
function runStatesShown(lines) {
  const titleAt = lines.findIndex(
    (line) => line.includes('Airflow DAGs') && line.includes('Databricks jobs'),
  );
  const homeAt = lines.findIndex((line) => line.trim() === 'home');
  if (titleAt < 0 || homeAt < 0) return false;
  const split = lines[titleAt].indexOf('Databricks jobs') - 1;
  // Table rows only: after the title and column header, before the detail line above the breadcrumbs.
  const rows = lines.slice(titleAt + 2, homeAt - 1);
  return (
    rows.some((line) => STATE_SYMBOL.test(line.slice(0, split))) &&
    rows.some((line) => STATE_SYMBOL.test(line.slice(split)))
  );
}

function sizesLoaded(lines) {
  const t = titles(lines);
  return (t.dags?.total ?? 0) >= dags && (t.jobs?.total ?? 0) >= jobs;
}

/** One start: first frame, first rows, full lists, RSS. Leaves the console open for the key phase. */
async function start(env, nodeFlags = []) {
  const tty = new PtyConsole([...nodeFlags, binary], env);
  const firstFrameAt = await tty.until(
    (lines) => tty.altScreen && hasText(lines),
    'first frame',
    LOAD_TIMEOUT_MS,
  );
  const firstRowsAt = await tty.until(
    (lines) => {
      const t = titles(lines);
      return (t.dags?.total ?? 0) > 0 || (t.jobs?.total ?? 0) > 0;
    },
    'first rows',
    LOAD_TIMEOUT_MS,
  );
  const fullAt = await tty.until(sizesLoaded, 'full lists', LOAD_TIMEOUT_MS);
  const t = titles(tty.lines());
  const statesAt = await tty.until(runStatesShown, 'run states in both panes', LOAD_TIMEOUT_MS);
  return {
    tty,
    firstFrameMs: firstFrameAt - tty.started,
    firstRowsMs: firstRowsAt - tty.started,
    fullListsMs: fullAt - tty.started,
    runStatesMs: statesAt - tty.started,
    totals: { dags: t.dags?.total, jobs: t.jobs?.total },
  };
}

const FILTER_WORDS = ['dag_01', 'fintech', 'export', '_0999', 'zzq'];

/** The key phase: N presses of each kind; returns the latency samples by kind. */
async function keyPhase(tty) {
  const samples = {
    j: [],
    down: [],
    tab: [],
    slash: [],
    filterChar: [],
    filterEsc: [],
    enter: [],
    escBack: [],
  };
  const gap = () => sleep(KEY_GAP_MS);
  const pane = () => focusedPane(tty.lines());
  const position = (which) => titles(tty.lines())[which]?.position ?? 0;

  // j in the focused pane (DAGs), then down in the jobs pane: the cursor position in the title moves.
  for (const [kind, key] of [
    ['j', KEYS.j],
    ['down', KEYS.down],
  ]) {
    const which = pane();
    for (let i = 0; i < keysPerKind; i += 1) {
      const before = position(which);
      samples[kind].push(
        await tty.press(key, (lines) => (titles(lines)[which]?.position ?? 0) > before, `${kind} move`),
      );
      await gap();
    }
    // Next kind in the other pane, so both lists are exercised.
    const other = which === 'dags' ? 'jobs' : 'dags';
    await tty.press(KEYS.tab, (lines) => focusedPane(lines) === other, 'tab');
    await gap();
  }

  // Tab: the focus marker moves to the other pane.
  for (let i = 0; i < keysPerKind; i += 1) {
    const target = pane() === 'dags' ? 'jobs' : 'dags';
    samples.tab.push(await tty.press(KEYS.tab, (lines) => focusedPane(lines) === target, 'tab'));
    await gap();
  }
  if (pane() !== 'dags') await tty.press(KEYS.tab, (lines) => focusedPane(lines) === 'dags', 'tab');

  // `/` then a word, one character at a time (the filter applies while typing), then esc.
  for (let i = 0; i < keysPerKind; i += 1) {
    samples.slash.push(
      await tty.press(KEYS.slash, (lines) => filterPrompt(lines) !== undefined, 'filter prompt'),
    );
    await gap();
    const word = FILTER_WORDS[i % FILTER_WORDS.length];
    for (let c = 1; c <= word.length; c += 1) {
      const draft = word.slice(0, c);
      samples.filterChar.push(
        await tty.press(
          word[c - 1],
          (lines) => filterPrompt(lines)?.trimStart().startsWith(`/${draft} `) === true,
          `filter draft ${draft}`,
        ),
      );
      await gap();
    }
    samples.filterEsc.push(
      await tty.press(
        KEYS.esc,
        (lines) => filterPrompt(lines) === undefined && titles(lines).dags?.filtered === false,
        'filter cleared',
      ),
    );
    await gap();
  }

  // Enter opens the runs of the selected DAG; esc goes back to the lists.
  for (let i = 0; i < keysPerKind; i += 1) {
    samples.enter.push(await tty.press(KEYS.enter, drilled, 'drill-down'));
    await gap();
    samples.escBack.push(await tty.press(KEYS.esc, onHome, 'back to home'));
    await gap();
  }
  return samples;
}

/** The hottest functions of a .cpuprofile by self time. */
function hotSpots(file, top = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const selfById = new Map();
  const deltas = profile.timeDeltas ?? [];
  for (const [i, id] of profile.samples.entries())
    selfById.set(id, (selfById.get(id) ?? 0) + (deltas[i] ?? 0));
  const byFunction = new Map();
  let total = 0;
  for (const node of profile.nodes) {
    const self = (selfById.get(node.id) ?? 0) / 1000;
    total += self;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + self);
  }
  return {
    totalMs: round(total),
    top: [...byFunction.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, ms]) => ({ fn, selfMs: round(ms) })),
  };
}

// A context with both backends in a throwaway config dir; the credentials come from the environment
// step of the chain: nothing is written to a keychain or file, the user's config is never touched.
const sim = await startSimWithContext(['--dags', String(dags), '--jobs', String(jobs), '--speed', speed], {
  databricks: true,
});
const { announcement, env } = sim;
let exitCode = 0;
try {
  // Start-up: N runs; the last one stays open for the key phase (unless profiling, see below).
  const startups = [];
  let open;
  for (let i = 0; i < runs; i += 1) {
    const run = await start(env);
    const { tty, ...measures } = run;
    await sleep(500); // let the first run strips and the header settle before reading memory
    measures.rssAfterLoadMb = rssMiB(tty.pid);
    startups.push(measures);
    console.log(
      `start ${i + 1}/${runs}: first frame ${round(measures.firstFrameMs)} ms, first rows ${round(measures.firstRowsMs)} ms, full lists ${round(measures.fullListsMs)} ms, run states ${round(measures.runStatesMs)} ms (${measures.totals.dags} DAGs, ${measures.totals.jobs} jobs), RSS ${measures.rssAfterLoadMb} MB`,
    );
    if (i === runs - 1 && !cpuProfDir) open = tty;
    else await tty.quit();
  }

  let profileFile;
  if (cpuProfDir) {
    const dir = resolve(cpuProfDir);
    mkdirSync(dir, { recursive: true });
    const before = new Set(readdirSync(dir));
    open = (await start(env, ['--cpu-prof', `--cpu-prof-dir=${dir}`])).tty;
    open.profileDir = dir;
    open.profileBefore = before;
  }

  const keyStart = performance.now();
  const samples = await keyPhase(open);
  const keySeconds = (performance.now() - keyStart) / 1000;
  const rssAfterKeysMb = rssMiB(open.pid);
  const quitSent = performance.now();
  await open.quit();
  const quitMs = (open.exited?.at ?? performance.now()) - quitSent;
  const restored = open.raw.includes('\x1b[?1049l');

  if (cpuProfDir) {
    await sleep(500);
    const fresh = readdirSync(open.profileDir).filter(
      (f) => f.endsWith('.cpuprofile') && !open.profileBefore.has(f),
    );
    profileFile = fresh.length > 0 ? join(open.profileDir, fresh[0]) : undefined;
  }

  const keys = Object.fromEntries(Object.entries(samples).map(([kind, list]) => [kind, summarise(list)]));
  const startup = {
    firstFrame: summarise(startups.map((s) => s.firstFrameMs)),
    firstRows: summarise(startups.map((s) => s.firstRowsMs)),
    fullLists: summarise(startups.map((s) => s.fullListsMs)),
    runStates: summarise(startups.map((s) => s.runStatesMs)),
    rssAfterLoadMb: summarise(startups.map((s) => s.rssAfterLoadMb ?? 0)),
  };

  console.log('\nkeypress → frame (ms)');
  const label = {
    j: 'j (DAG cursor down)',
    down: 'down (job cursor down)',
    tab: 'tab (switch pane)',
    slash: '/ (open filter)',
    filterChar: 'filter character',
    filterEsc: 'esc (clear filter)',
    enter: 'enter (drill down)',
    escBack: 'esc (back to lists)',
  };
  for (const [kind, s] of Object.entries(keys)) {
    console.log(
      `${label[kind].padEnd(24)} n=${String(s.n).padStart(4)}  median ${String(s.median).padStart(7)}  p95 ${String(s.p95).padStart(7)}  max ${String(s.max).padStart(7)}`,
    );
  }
  console.log(
    `\nfirst frame median ${startup.firstFrame.median} ms, full lists median ${startup.fullLists.median} ms, run states median ${startup.runStates.median} ms, RSS after load ${startup.rssAfterLoadMb.median} MB, after keys ${rssAfterKeysMb} MB, quit ${round(quitMs)} ms (alt screen left: ${restored})`,
  );

  let profile;
  if (profileFile) {
    profile = { file: profileFile, ...hotSpots(profileFile) };
    console.log(`\nCPU profile ${profileFile} (${profile.totalMs} ms sampled), hottest by self time:`);
    for (const { fn, selfMs } of profile.top) console.log(`${String(selfMs).padStart(9)} ms  ${fn}`);
  }

  const results = {
    terminal: `${COLS}×${ROWS}`,
    sizes: { dagsRequested: dags, jobsRequested: jobs, ...startups[startups.length - 1]?.totals },
    simulator: { airflow: announcement.airflow.version, speed: Number(speed) },
    startupRuns: startups.map((s) => ({
      ...s,
      firstFrameMs: round(s.firstFrameMs),
      firstRowsMs: round(s.firstRowsMs),
      fullListsMs: round(s.fullListsMs),
      runStatesMs: round(s.runStatesMs),
    })),
    startup,
    keyGapMs: KEY_GAP_MS,
    keySeconds: round(keySeconds),
    keys,
    rssAfterKeysMb,
    quitMs: round(quitMs),
    altScreenRestored: restored,
    ...(cpuProfDir ? { cpuProfiled: true, profile } : {}),
  };
  // A profiled console is slower than a plain one: its numbers are not the ones to keep.
  if (!cpuProfDir) writeResults('console.json', results);
} catch (error) {
  console.error(String(error?.stack ?? error));
  exitCode = 1;
} finally {
  await sim.stop();
}
process.exit(exitCode);
