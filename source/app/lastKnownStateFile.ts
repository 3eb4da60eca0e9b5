// The last-known state of one context on disk: $XDG_CACHE_HOME/dagdeck/<context>.json (0600 in a
// 0700 directory). Written a moment after each complete list (at most every few seconds, and on
// close) through a temporary file and a rename, so a crash never leaves half a file; read once
// when the console opens. The file is checked like a server's answer (zod): one that is damaged,
// from another version or too large is ignored, never trusted and never fatal.
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import {
  type LastKnownState,
  type LastKnownStore,
  type RememberedListName,
  rememberedRun,
  rememberedWorkflow,
} from '../core/lastKnownState.js';
import type { BackendKind, Run, Workflow } from '../core/model.js';
import { STATES } from '../core/model.js';

const FORMAT = 1;
/** A file larger than this is not ours (200,000 DAGs of names and states stay well under it). */
const MAX_BYTES = 64 * 1024 * 1024;
/** How long a remembered list waits before it is written (several lists land within it). */
const WRITE_DELAY_MS = 3_000;

/**
 * Where the caches live: $XDG_CACHE_HOME/dagdeck (~/.cache/dagdeck) on Linux; beside the config
 * when $DAGDECK_CONFIG_DIR moves it, so a test or a second installation keeps everything together.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DAGDECK_CONFIG_DIR) return join(env.DAGDECK_CONFIG_DIR, 'cache');
  const home = homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'dagdeck');
  if (process.platform === 'win32') {
    return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'dagdeck', 'Cache');
  }
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'dagdeck');
}

const State = z.enum(STATES as [string, ...string[]]);
const iso = z.string().max(64).optional();
const text = z.string().max(4096);

const WorkflowEntry = z.object({
  backend: z.enum(['airflow', 'databricks']),
  id: text,
  name: text,
  tags: z.array(text).max(256),
  owners: z.array(text).max(0),
  paused: z.boolean().optional(),
  schedule: text.optional(),
  hasImportErrors: z.boolean().optional(),
});

const RunEntry = z.object({
  backend: z.enum(['airflow', 'databricks']),
  workflowId: text,
  id: text,
  state: State,
  rawState: text,
  queuedAt: iso,
  startedAt: iso,
  endedAt: iso,
  durationMs: z.number().nonnegative().optional(),
});

const List = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), readAt: z.number().int().nonnegative() }).optional();

const Remembered = z.object({ workflows: List(WorkflowEntry), recentRuns: List(RunEntry) }).optional();

const CacheFile = z.object({
  format: z.literal(FORMAT),
  airflow: Remembered,
  databricks: Remembered,
});

export interface LastKnownStateFileOptions {
  contextName: string;
  env?: NodeJS.ProcessEnv;
  /** Tests: a directory instead of cacheDir(). */
  dir?: string;
  writeDelayMs?: number;
}

export function openLastKnownStateFile(options: LastKnownStateFileOptions): LastKnownStore {
  const dir = options.dir ?? cacheDir(options.env);
  const path = join(dir, `${options.contextName}.json`);
  const delay = options.writeDelayMs ?? WRITE_DELAY_MS;
  let state: LastKnownState = {};
  let loaded = false;
  let timer: NodeJS.Timeout | undefined;

  const load = (): LastKnownState | undefined => {
    loaded = true;
    try {
      if (statSync(path).size > MAX_BYTES) return undefined;
      const parsed = CacheFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      if (!parsed.success) return undefined;
      const { format: _format, ...lists } = parsed.data;
      state = lists as LastKnownState;
      return state;
    } catch {
      // No file yet, or one we cannot read: start without it.
      return undefined;
    }
  };

  const write = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const stat = statSync(dir);
      if ((stat.mode & 0o077) !== 0 && stat.uid === process.getuid?.()) chmodSync(dir, 0o700);
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify({ format: FORMAT, ...state }), { mode: 0o600 });
      renameSync(temporary, path);
    } catch {
      // A cache that cannot be written costs the next start its head start, nothing more.
    }
  };

  const remember = (
    backend: BackendKind,
    list: RememberedListName,
    items: readonly (Workflow | Run)[],
    readAt: number,
  ): void => {
    if (!loaded) load();
    const entry = { ...state[backend] };
    if (list === 'workflows') {
      entry.workflows = { items: (items as readonly Workflow[]).map(rememberedWorkflow), readAt };
    } else {
      entry.recentRuns = { items: (items as readonly Run[]).map(rememberedRun), readAt };
    }
    state = { ...state, [backend]: entry };
    if (!timer) {
      timer = setTimeout(write, delay);
      timer.unref?.();
    }
  };

  return {
    read: load,
    remember: remember as LastKnownStore['remember'],
    close() {
      if (timer) write();
    },
  };
}
