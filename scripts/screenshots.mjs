// Real captures of the main console screens: runs the built console on the
// demo simulators inside tmux, drives it with send-keys and saves what tmux shows, as plain text
// (.txt), with colours (.ansi, `cat` it in a terminal) and rendered (.svg, for the README).
// Usage: npm run screenshots  (needs tmux; writes screenshots/). SHOTS=review,review-marker takes
// only those (after the home screen, which every run starts from) and skips the 10,000-DAG one.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}screenshots`;
// A private tmux server, so a user's own tmux sessions are never touched.
const socket = `dagdeck-shots-${process.pid}`;
const target = 'console';

function tmux(...args) {
  return execFileSync('tmux', ['-L', socket, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const capture = (colours) => tmux('capture-pane', '-p', ...(colours ? ['-e'] : []), '-t', target);

/** Polls the pane until it shows every text, then until two captures in a row agree. */
async function waitFor(texts, what) {
  const deadline = Date.now() + 15_000;
  let screen = '';
  while (Date.now() < deadline) {
    screen = capture(false);
    if (texts.every((text) => screen.includes(text))) {
      for (let i = 0; i < 10; i++) {
        await sleep(200);
        const again = capture(false);
        if (again === screen) return;
        screen = again;
      }
      return;
    }
    await sleep(100);
  }
  throw new Error(
    `screenshots: timed out waiting for ${what} (${texts.join(', ')}); the pane shows:\n${screen}`,
  );
}

/** Sends keys: strings in `literal` are typed as text, others are tmux key names (Enter, Escape…). */
async function keys(...sequence) {
  for (const key of sequence) {
    if (typeof key === 'object') tmux('send-keys', '-t', target, '-l', key.literal);
    else tmux('send-keys', '-t', target, key);
    // A lone Escape followed at once by a letter would read as alt+letter.
    await sleep(key === 'Escape' ? 250 : 120);
  }
}

function save(name, title) {
  const ansi = capture(true);
  const plain = capture(false);
  writeFileSync(`${outDir}/${name}.ansi`, ansi);
  writeFileSync(`${outDir}/${name}.txt`, plain);
  const [cols, rows] = tmux('display-message', '-p', '-t', target, '#{pane_width} #{pane_height}')
    .trim()
    .split(' ')
    .map(Number);
  writeFileSync(`${outDir}/${name}.svg`, ansiToSvg(ansi, { cols, rows, title }));
  console.log(`screenshots/${name}.{txt,ansi,svg}`);
}

const shots = [
  {
    name: 'home',
    title: 'dagdeck --demo: Airflow DAGs and Databricks jobs side by side',
    run: async () => {},
    expect: ['Airflow DAGs', 'Databricks jobs', 'fintech_eod_risk', 'eod_risk_models'],
  },
  {
    name: 'help',
    title: 'The ? help overlay, generated from the keymap',
    run: () => keys('?'),
    expect: ['Everywhere'],
    after: ['Escape'],
  },
  {
    name: 'filter',
    title: 'Filtering both panes with /risk',
    run: () => keys('/', { literal: 'risk' }),
    expect: ['/risk', 'fintech_eod_risk', 'eod_risk_models'],
    after: ['Escape', 'Escape'],
  },
  {
    name: 'incidents',
    title:
      'The incident view (:now 3d): one incident per failure with its chain; queued, running, streaming apart',
    run: () => keys(':', { literal: 'now 3d' }, 'Enter'),
    expect: ['Incidents · last 3d', 'AF→DBX', 'recovered', 'DAG paused'],
  },
  {
    name: 'incidents-recovered',
    title: 'Enter on the recovered group: failures a later successful run superseded',
    run: () => keys('End', 'Enter'),
    expect: ['▾', 'recovered by'],
    after: ['Escape'],
  },
  {
    name: 'airflow-grid',
    title: 'fintech_eod_risk: runs × tasks grid',
    run: () => keys('/', { literal: 'fintech_eod_risk' }, 'Enter', 'Enter'),
    expect: ['runs ×', 'run_risk_models'],
  },
  {
    name: 'clear-preview',
    title: "c on the failed cell, then clear: previewed by Airflow's own dry run",
    // c offers both ways back (the task started a Databricks run); enter picks clear, the first.
    run: async () => {
      await keys('c');
      await waitFor(['Two ways back'], 'the two ways back');
      await keys('Enter');
    },
    expect: ["from the server's own dry run", 'risk_modelling.run_risk_models (failed)', '[x] downstream'],
    after: ['Escape'],
  },
  {
    name: 'airflow-task',
    title: 'The failed task run_risk_models and its linked Databricks run',
    run: () => keys('Enter'),
    expect: ['Task risk_modelling.run_risk_models', 'Linked Databricks run'],
  },
  {
    name: 'log-pane',
    title: 'l on the failed task: its log, the traceback coloured, the try shown',
    run: async () => {
      await keys('l');
      // The flash of the clear preview before it fades first (FLASH_MS).
      await sleep(6500);
    },
    expect: [
      'Airflow log · risk_modelling.run_risk_models',
      'Traceback (most recent call last):',
      'end of log',
    ],
  },
  {
    name: 'log-search',
    title: '/ in the log: the match highlighted and counted',
    run: () => keys('/', { literal: 'INFO' }, 'Enter'),
    expect: ['/INFO '],
    after: ['Escape', 'Escape'],
  },
  {
    name: 'log-split',
    title:
      'L on the failed task: its log beside the output of the Databricks run it started (Tab moves between them)',
    run: async () => {
      tmux('resize-window', '-t', target, '-x', '200', '-y', '45');
      await keys('L');
    },
    expect: [
      '▌Airflow log · risk_modelling.run_risk_models',
      'Databricks log · stress_tests',
      'ScenarioShockMissingError',
    ],
    after: async () => {
      await keys('Escape');
      tmux('resize-window', '-t', target, '-x', '120', '-y', '40');
      await waitFor(['Task risk_modelling.run_risk_models'], 'the task screen again');
    },
  },
  {
    name: 'databricks-run',
    title: 'The linked eod_risk_models run, one key (g) from the Airflow task',
    run: () => keys('g'),
    expect: ['load_positions', 'var_model'],
    after: ['Escape', 'Escape', 'Escape', 'Escape'],
  },
  {
    name: 'databricks-job-runs',
    title: 'The runs of a Databricks job',
    run: () => keys('Tab', 'j', 'Enter'),
    expect: ['RUN ID', 'customer_360_refresh'],
    after: ['Escape', 'Tab'],
  },
  {
    name: 'trigger-form',
    title: "t: a trigger form generated from the DAG's params",
    run: () =>
      keys(
        '/',
        { literal: 'fintech_eod_risk' },
        'Enter',
        't',
        'Enter',
        { literal: '2026-12-01' },
        'Enter',
        'j',
        'Space',
      ),
    expect: ['Trigger fintech_eod_risk', '2026-12-01', 'RATES'],
    // Preview, then confirm once it is shown: the trigger is sent (once) and lands in the audit trail.
    after: async () => {
      await keys('t');
      await waitFor(['our estimate'], 'the trigger preview');
      await keys('Enter');
      await waitFor(['Triggered fintech_eod_risk'], 'the trigger');
    },
  },
  {
    name: 'audit',
    title: ':audit: the local audit trail of writes',
    run: () => keys(':', { literal: 'audit' }, 'Enter'),
    expect: ['Audit trail', 'trigger', 'ok'],
    after: ['Escape', 'Escape'],
  },
  {
    name: 'review',
    title: ':review: the platform review of both sides, worst first, with the evidence and the fix',
    run: () => keys(':', { literal: 'review' }, 'Enter'),
    expect: ['Platform review · 1 error', 'databricks_reporting', 'evidence conn_type=databricks'],
    after: ['Escape'],
  },
  {
    name: 'review-marker',
    title: 'After :review, home rows with a finding carry a ! and the detail line names it',
    run: () => keys('/', { literal: 'risk' }, 'Enter', 'Tab'),
    expect: ['!eod_risk_models', 'review warning:'],
    after: ['Tab', 'Escape'],
  },
  {
    name: 'retry-two-ways',
    title: 'c on the failed risk task: clear (a new Databricks run) or repair, side by side with their costs',
    run: () => keys('!', '/', { literal: 'run_risk_models state:failed' }, 'Enter', 'c'),
    expect: ['Two ways back', 'clear →', 'repair →'],
    after: ['Escape', 'Escape', 'Escape'],
  },
  {
    name: 'run-now-form',
    title: "t on a Databricks job: run now, with a form from the job's parameters",
    run: () => keys('/', { literal: 'eod_risk_models' }, 'Enter', 'Tab', 't'),
    expect: ['Trigger eod_risk_models', 'business_date', 'portfolio'],
    after: ['Escape', 'Tab', 'Escape'],
  },
  {
    name: 'home-160x48',
    title: 'A 160×48 terminal',
    run: async () => {
      tmux('resize-window', '-t', target, '-x', '160', '-y', '48');
    },
    expect: ['Airflow DAGs', 'Databricks jobs', 'fintech_eod_risk'],
  },
  {
    name: 'incidents-160x48',
    title: 'The incident view at 160×48: the whole chain of the risk failure',
    run: () => keys('!'),
    expect: ['Incidents · last 24h', 'AF→DBX', 'stress_tests'],
    after: ['Escape'],
  },
  {
    name: 'home-80x24',
    title: 'An 80×24 terminal: the panes stack',
    run: async () => {
      tmux('resize-window', '-t', target, '-x', '80', '-y', '24');
    },
    expect: ['Airflow DAGs', 'Databricks jobs'],
  },
  {
    name: 'incidents-80x24',
    title: 'The incident view at 80×24',
    run: () => keys('!'),
    expect: ['Incidents · last 24h', 'fintech_eod_risk / risk_modelling'],
    after: ['Escape'],
  },
  {
    name: 'too-small',
    title: 'Below 60×16 the console says so instead of drawing half the panes',
    run: async () => {
      tmux('resize-window', '-t', target, '-x', '40', '-y', '12');
    },
    expect: ['terminal too small (need 60×16'],
  },
];

// ---- .svg rendering: a tiny SGR interpreter over tmux's `capture-pane -e` output, no new deps ----

const CELL_W = 8.4;
const CELL_H = 18;
const FG = '#d0d0d0';
const BG = '#1c1c1c';
// xterm's default 16 colours.
const BASE16 = [
  '#000000',
  '#cd0000',
  '#00cd00',
  '#cdcd00',
  '#0000ee',
  '#cd00cd',
  '#00cdcd',
  '#e5e5e5',
  '#7f7f7f',
  '#ff0000',
  '#00ff00',
  '#ffff00',
  '#5c5cff',
  '#ff00ff',
  '#00ffff',
  '#ffffff',
];

function xterm256(n) {
  if (n < 16) return BASE16[n];
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return rgb(v, v, v);
  }
  const i = n - 16;
  const level = (c) => (c === 0 ? 0 : 55 + c * 40);
  return rgb(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
}

function rgb(r, g, b) {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Applies one SGR parameter list to the pen; returns the new pen. */
function applySgr(pen, params) {
  const next = { ...pen };
  const p = params.length === 0 ? [0] : params;
  for (let i = 0; i < p.length; i++) {
    const code = p[i];
    if (code === 0)
      Object.assign(next, {
        fg: undefined,
        bg: undefined,
        bold: false,
        dim: false,
        italic: false,
        underline: false,
        inverse: false,
      });
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 7) next.inverse = true;
    else if (code === 22) Object.assign(next, { bold: false, dim: false });
    else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code === 27) next.inverse = false;
    else if (code >= 30 && code <= 37) next.fg = BASE16[code - 30];
    else if (code >= 90 && code <= 97) next.fg = BASE16[code - 90 + 8];
    else if (code >= 40 && code <= 47) next.bg = BASE16[code - 40];
    else if (code >= 100 && code <= 107) next.bg = BASE16[code - 100 + 8];
    else if (code === 39) next.fg = undefined;
    else if (code === 49) next.bg = undefined;
    else if (code === 38 || code === 48) {
      let colour;
      if (p[i + 1] === 5) {
        colour = xterm256(p[i + 2] ?? 0);
        i += 2;
      } else if (p[i + 1] === 2) {
        colour = rgb(p[i + 2] ?? 0, p[i + 3] ?? 0, p[i + 4] ?? 0);
        i += 4;
      }
      if (code === 38) next.fg = colour;
      else next.bg = colour;
    }
  }
  return next;
}

const escapeXml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Renders captured lines (with SGR colours) as an SVG of a dark terminal window. */
function ansiToSvg(ansi, { cols, rows, title }) {
  const width = Math.ceil(cols * CELL_W) + 20;
  const height = rows * CELL_H + 20;
  const parts = [];
  const lines = ansi.replace(/\n$/, '').split('\n').slice(0, rows);
  lines.forEach((line, y) => {
    let pen = {};
    let x = 0;
    // Split into SGR sequences and text; other escapes (there should be none) are dropped.
    for (const token of line.split(/(\x1b\[[0-9;:]*[A-Za-z])/)) {
      if (token.startsWith('\x1b[')) {
        if (token.endsWith('m'))
          pen = applySgr(pen, token.slice(2, -1).split(/[;:]/).filter(Boolean).map(Number));
        continue;
      }
      if (token === '') continue;
      const chars = [...token];
      let fg = pen.fg ?? FG;
      let bg = pen.bg;
      if (pen.inverse) [fg, bg] = [bg ?? BG, fg];
      const px = 10 + x * CELL_W;
      const py = 10 + y * CELL_H;
      if (bg) {
        parts.push(
          `<rect x="${px.toFixed(1)}" y="${py}" width="${(chars.length * CELL_W).toFixed(1)}" height="${CELL_H}" fill="${bg}"/>`,
        );
      }
      if (token.trim() !== '') {
        const style = [
          pen.bold ? ' font-weight="bold"' : '',
          pen.dim ? ' opacity="0.6"' : '',
          pen.italic ? ' font-style="italic"' : '',
          pen.underline ? ' text-decoration="underline"' : '',
        ].join('');
        parts.push(
          `<text x="${px.toFixed(1)}" y="${py + 14}" fill="${fg}"${style} textLength="${(chars.length * CELL_W).toFixed(1)}" lengthAdjust="spacingAndGlyphs">${escapeXml(token)}</text>`,
        );
      }
      x += chars.length;
    }
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" rx="6" fill="${BG}"/>`,
    `<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14" xml:space="preserve">`,
    ...parts,
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}

/** Opens `command` (run in the repo) in the capture session, 120×40, colours on. */
function openConsole(command, env = {}) {
  tmux(
    '-f',
    '/dev/null',
    'new-session',
    '-d',
    '-s',
    target,
    '-x',
    '120',
    '-y',
    '40',
    '-e',
    'TERM=xterm-256color',
    '-e',
    'FORCE_COLOR=3',
    ...Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`]),
    `cd ${JSON.stringify(root)} && exec ${command}`,
    ';',
    'set-option',
    'status',
    'off',
  );
}

/**
 * The lists at the benchmark's size (`dagdeck sim --dags 10000 --jobs 5000`): a throwaway
 * context on a fresh simulator, credentials from the environment step of the chain, so nothing is
 * stored and the user's config is never touched.
 */
async function scaleShot() {
  const sim = spawn(process.execPath, ['dist/dagdeck.js', 'sim', '--dags', '10000', '--jobs', '5000'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const configDir = mkdtempSync(join(tmpdir(), 'dagdeck-shots-'));
  try {
    const line = await new Promise((resolve, reject) => {
      sim.once('exit', (code) => reject(new Error(`dagdeck sim exited with ${code} before announcing`)));
      createInterface({ input: sim.stdout }).once('line', resolve);
    });
    const { airflow, databricks } = JSON.parse(line);
    const env = {
      DAGDECK_CONFIG_DIR: configDir,
      DAGDECK_AIRFLOW_PASSWORD: airflow.password,
      DATABRICKS_TOKEN: databricks.token,
    };
    execFileSync(
      process.execPath,
      [
        'dist/dagdeck.js',
        'context',
        'add',
        'scale',
        '--airflow-url',
        airflow.url,
        '--airflow-user',
        airflow.username,
        '--databricks-host',
        databricks.host,
        '--databricks-auth',
        'pat',
        '--use',
      ],
      { cwd: root, env: { ...process.env, ...env }, stdio: 'ignore' },
    );
    openConsole('node dist/dagdeck.js', env);
    // The story DAGs take their strips from the 100 newest runs; the generated ones below them,
    // whose runs fall outside those, from their own lookups (source/ui/runStrips.ts).
    await waitFor(
      ['Airflow DAGs 1:10013', 'Databricks jobs 1:5014', 'generated_dag_00000'],
      'the lists at scale',
    );
    await sleep(1500);
    await waitFor(['generated_dag_00000'], 'the strips at scale');
    save('home-10k', 'dagdeck sim --dags 10000 --jobs 5000: 10,013 DAGs and 5,014 jobs');
    await keys('q');
  } finally {
    sim.kill('SIGTERM');
    rmSync(configDir, { recursive: true, force: true });
  }
}

mkdirSync(outDir, { recursive: true });
// The demo's writes are audited into a throwaway state directory, never the user's own.
const stateDir = mkdtempSync(join(tmpdir(), 'dagdeck-shots-state-'));
openConsole('node dist/dagdeck.js --demo', { DAGDECK_STATE_DIR: stateDir });
try {
  await waitFor(shots[0].expect, 'the home screen');
  await sleep(1000);
  const only = process.env.SHOTS?.split(',');
  for (const shot of only ? shots.filter((s, i) => i === 0 || only.includes(s.name)) : shots) {
    await shot.run();
    await waitFor(shot.expect, shot.name);
    save(shot.name, shot.title);
    if (typeof shot.after === 'function') await shot.after();
    else if (shot.after) await keys(...shot.after);
  }
  await keys('q');
  // Quitting ends the session, and with it this tmux server; a new one starts for the next console.
  await sleep(500);
  if (!only) await scaleShot();
} finally {
  try {
    tmux('kill-server');
  } catch {
    // Already gone: the console quit and the server exited with its last session.
  }
  rmSync(stateDir, { recursive: true, force: true });
}
