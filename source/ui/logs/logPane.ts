// One log pane's controller, outside React: it owns the pane's byte-bounded buffer and the follow
// loop that fills it (Backend.followLog, resumed from its last cursor after a failure or `r`), and
// the pane's view (follow or paused, the top line, wrap, timestamps, search, filter, the marked
// line). Keys change the view synchronously, so every key of a burst starts where the previous one
// left it; the pane component renders the window computed here. Change notifications come at most
// ~30 a second from the buffer however fast lines arrive, and at once for keys.
//
// The reads (the follow, the lookup of a run's task when none was named, and the tries offered by
// the try picker) are core's (core/logReads.ts).
import { errorLine, isAbortError } from '../../core/errors.js';
import { formatDuration } from '../../core/formatDuration.js';
import { createLogBuffer, type LogBuffer, type LogFilter, type LogSearch } from '../../core/logBuffer.js';
import { followTaskLog, listLogTries, pickLogTask } from '../../core/logReads.js';
import type { LogCursor, State, TaskInstance } from '../../core/model.js';
import { sanitizeName } from '../../core/sanitize.js';
import type { PickerOption } from '../modes/pickerMode.js';
import type { ConsoleBackends } from '../screens/ScreenProps.js';
import { stateStyle } from '../stateStyle.js';
import { formatTime } from '../text.js';
import { displayWidth } from './layoutLogLine.js';
import { type LogTarget, logRefOf, logTargetLabel } from './logTarget.js';
import { bufferSource, computeWindow, filterSource, type LineSource, type LogWindow } from './logWindow.js';
import { logFileName, saveLogFile } from './saveLogFile.js';

/** Lines kept around each match by the line filter (`&`), as grep -C2. */
export const FILTER_CONTEXT = 2;
/** Lines shown above a line jumped to (a match, an error), so it is read with what led to it. */
const JUMP_CONTEXT = 3;
/** Matches looked at for one inside the line filter before giving up. */
const MAX_FILTERED_HOPS = 10_000;

export interface LogPaneStatus {
  /** resolving: looking up the run's task; following: reading; ended: the task finished; failed: stopped. */
  phase: 'resolving' | 'following' | 'ended' | 'failed';
  /** What the pane shows (its task known once resolved). */
  target: LogTarget;
  /** The task's state, as the last read saw it. */
  state?: State;
  /** The try being read (0: not started yet). */
  tryNumber?: number;
  /** The server does not answer: the follow waits and tries again (one line: what, why). */
  retrying?: string | undefined;
  /** Why the follow stopped (phase failed). */
  error?: string | undefined;
  /** Lines were gone before they could be read (Databricks keeps the last 5 MB of output). */
  missed: boolean;
}

export interface LogPaneView {
  /** At the end, showing new lines as they come. */
  follow: boolean;
  /** First line shown while paused. */
  top: number;
  wrap: boolean;
  timestamps: boolean;
  /** Columns scrolled right (wrap off). */
  scroll: number;
  /** The line the last search or error jump landed on. */
  mark?: number;
  /** The buffer's end when the follow paused: the lines after it are "new". */
  pausedAt: number;
  search?: { query: string; search: LogSearch };
  filter?: { query: string; filter: LogFilter };
}

export interface LogViewport {
  /** Columns for a line's text. */
  width: number;
  /** Rows for lines. */
  height: number;
  /** Keep the lines' own colours (colour on). */
  keepSgr: boolean;
}

export interface LogPaneOptions {
  backends: ConsoleBackends;
  target: LogTarget;
  /** Memory the pane's buffer may hold. */
  maxBytes?: number;
  /** Time between two reads while following (default: the backend's). */
  pollMs?: number;
}

export interface LogPane {
  readonly buffer: LogBuffer;
  status(): LogPaneStatus;
  view(): LogPaneView;
  /** The rows on screen now (computed once per change). */
  window(): LogWindow;
  setViewport(viewport: LogViewport): void;
  /** Lines that arrived since the follow paused. */
  newLines(): number;
  /** The marked match among all matches ("3/120"), or only the count. */
  searchPosition(): { index?: number; count: number } | undefined;
  /** j/k: one line (or more) down or up; the follow pauses above the end and resumes at it. */
  move(lines: number): void;
  page(direction: 1 | -1): void;
  toTop(): void;
  /** G: the end, following again. */
  followEnd(): void;
  /** h/l with wrap off. Returns a message when it cannot. */
  scrollColumns(direction: 1 | -1): string | undefined;
  toggleWrap(): void;
  toggleTimestamps(): void;
  /** Remembers where a search starts; the function returned puts the view back (esc in the prompt). */
  beginSearch(): () => void;
  /** The search while it is typed: jumps to the first match from where it began. */
  search(query: string): string | undefined;
  /** n / N. */
  searchStep(direction: 1 | -1): string | undefined;
  /** `&`: keep matching lines and FILTER_CONTEXT lines around each; '' shows every line again. */
  setFilter(query: string): string | undefined;
  /** Esc: drops the filter, else the search; false when there was neither. */
  clearOne(): boolean;
  /** e / E: the next (previous) block of ERROR lines; from the end of a following pane, the first. */
  jumpToError(direction: 1 | -1): string | undefined;
  /** s: the whole log held, to a new file in `dir`. Resolves with the message to flash. */
  save(dir: string): Promise<string>;
  /** The tries (Databricks: the tasks and their attempts) the try picker offers. */
  choices(signal?: AbortSignal): Promise<PickerOption<LogTarget>[]>;
  /** What one more go of the shown task is called: a try or an attempt (its backend's capability). */
  retryWord(): 'try' | 'attempt';
  /** Shows another try or task from the start. */
  switchTo(target: LogTarget): void;
  /** r: reads again now, from where the follow stopped (a failed or ended follow, or a wait to retry). */
  reconnect(): string;
  subscribe(listener: () => void): () => void;
  getVersion(): number;
  dispose(): void;
}

export function createLogPane(options: LogPaneOptions): LogPane {
  return new Pane(options);
}

function initialView(previous?: LogPaneView): LogPaneView {
  return {
    follow: true,
    top: 0,
    wrap: previous?.wrap ?? false,
    timestamps: previous?.timestamps ?? true,
    scroll: 0,
    pausedAt: 0,
  };
}

class Pane implements LogPane {
  #buffer: LogBuffer;
  #unsubscribeBuffer: () => void;
  #status: LogPaneStatus;
  #view: LogPaneView = initialView();
  #viewport: LogViewport = { width: 80, height: 20, keepSgr: true };
  #version = 0;
  readonly #listeners = new Set<() => void>();
  #window: { version: number; end: number; viewport: LogViewport; window: LogWindow } | undefined;
  #position: { version: number; value: { index?: number; count: number } | undefined } | undefined;
  #follow: AbortController | undefined;
  #cursor: LogCursor | undefined;
  /** The try whose lines came last: a new one gets a `--- try N ---` line. */
  #lastTry: number | undefined;
  /** Where the search being typed started: each draft jumps to its first match from here. */
  #searchOrigin: number | undefined;
  #disposed = false;

  constructor(private readonly options: LogPaneOptions) {
    this.#buffer = this.#newBuffer();
    this.#unsubscribeBuffer = this.#buffer.subscribe(() => this.#changed());
    this.#status = { phase: 'resolving', target: options.target, missed: false };
    void this.#run();
  }

  get buffer(): LogBuffer {
    return this.#buffer;
  }

  #newBuffer(): LogBuffer {
    return createLogBuffer(this.options.maxBytes !== undefined ? { maxBytes: this.options.maxBytes } : {});
  }

  #changed(): void {
    if (this.#disposed) return;
    this.#version += 1;
    for (const listener of [...this.#listeners]) listener();
  }

  /** Changes the status; a batch that changes nothing shown is no change (no render). */
  #setStatus(next: Partial<LogPaneStatus>): void {
    const keys = Object.keys(next) as (keyof LogPaneStatus)[];
    if (keys.every((key) => next[key] === this.#status[key])) return;
    this.#status = { ...this.#status, ...next };
    this.#changed();
  }

  #setView(next: Partial<LogPaneView>): void {
    this.#view = { ...this.#view, ...next };
    this.#changed();
  }

  // ---- the follow ----

  async #run(): Promise<void> {
    const controller = new AbortController();
    this.#follow = controller;
    const { signal } = controller;
    try {
      let target = this.#status.target;
      if (target.taskId === undefined) {
        this.#setStatus({ phase: 'resolving', error: undefined });
        target = await this.#resolve(target, signal);
        if (signal.aborted) return;
        this.#setStatus({ target });
      }
      this.#setStatus({ phase: 'following', error: undefined });
      const log = followTaskLog(this.options.backends, logRefOf({ ...target, taskId: target.taskId ?? '' }), {
        signal,
        ...(this.#cursor ? { cursor: this.#cursor } : {}),
        ...(this.options.pollMs !== undefined ? { pollMs: this.options.pollMs } : {}),
      });
      for await (const batch of log) {
        if (signal.aborted) return;
        if (batch.lines.length > 0) {
          const tryNumber = batch.cursor.tryNumber;
          if (this.#lastTry !== undefined && tryNumber !== this.#lastTry) {
            this.#buffer.append([{ text: `--- try ${tryNumber} ---` }]);
          }
          this.#lastTry = tryNumber;
          this.#buffer.append(batch.lines);
          // A long read arrives as many batches one after another: let a key in between two.
          await yieldToInput();
        }
        this.#cursor = batch.cursor;
        this.#setStatus({
          phase: batch.done ? 'ended' : 'following',
          ...(batch.state ? { state: batch.state } : {}),
          tryNumber: batch.cursor.tryNumber,
          retrying: batch.retrying ? sanitizeName(errorLine(batch.retrying)) : undefined,
          missed: this.#status.missed || batch.missed === true,
        });
      }
      if (!signal.aborted) this.#setStatus({ phase: 'ended', retrying: undefined });
    } catch (error) {
      if (signal.aborted || isAbortError(error)) return;
      this.#setStatus({ phase: 'failed', retrying: undefined, error: sanitizeName(errorLine(error)) });
    }
  }

  /** A run's task to show when none was named: the first failed, else the first active, else the first. */
  async #resolve(target: LogTarget, signal: AbortSignal): Promise<LogTarget> {
    const pick = await pickLogTask(this.options.backends, target, signal);
    return {
      ...target,
      taskId: pick.taskId,
      ...(pick.mapIndex !== undefined && pick.mapIndex >= 0 ? { mapIndex: pick.mapIndex } : {}),
    };
  }

  #stopFollow(): void {
    this.#follow?.abort();
    this.#follow = undefined;
  }

  reconnect(): string {
    const { phase, retrying } = this.#status;
    if (phase === 'following' && retrying === undefined)
      return 'Following: new lines come as they are written';
    if (phase === 'resolving' && this.#status.error === undefined) return 'Looking up the task…';
    this.#stopFollow();
    void this.#run();
    return phase === 'ended' ? 'Reading again from where the log ended…' : 'Reconnecting…';
  }

  switchTo(target: LogTarget): void {
    this.#stopFollow();
    this.#unsubscribeBuffer();
    this.#buffer.dispose();
    this.#buffer = this.#newBuffer();
    this.#unsubscribeBuffer = this.#buffer.subscribe(() => this.#changed());
    this.#cursor = undefined;
    this.#lastTry = undefined;
    this.#view = initialView(this.#view);
    this.#status = { phase: 'resolving', target, missed: false };
    this.#changed();
    void this.#run();
  }

  // ---- what the pane shows ----

  status(): LogPaneStatus {
    return this.#status;
  }

  view(): LogPaneView {
    return this.#view;
  }

  setViewport(viewport: LogViewport): void {
    const now = this.#viewport;
    if (now.width === viewport.width && now.height === viewport.height && now.keepSgr === viewport.keepSgr)
      return;
    this.#viewport = viewport;
    this.#window = undefined;
  }

  #source(): LineSource {
    const filter = this.#view.filter?.filter;
    if (!filter) return bufferSource(this.#buffer);
    filter.refresh();
    return filterSource(this.#buffer, filter);
  }

  #compute(view: LogPaneView): LogWindow {
    return computeWindow(this.#source(), {
      height: this.#viewport.height,
      width: this.#viewport.width,
      follow: view.follow,
      top: view.top,
      wrap: view.wrap,
      scroll: view.scroll,
      timestamps: view.timestamps,
      highlight: view.search?.query ?? view.filter?.query,
      keepSgr: this.#viewport.keepSgr,
    });
  }

  window(): LogWindow {
    const cached = this.#window;
    // Lines appended since the last change notice count too (a key may come before the notice).
    const end = this.#buffer.end;
    if (cached?.version === this.#version && cached.end === end && cached.viewport === this.#viewport)
      return cached.window;
    const window = this.#compute(this.#view);
    this.#window = { version: this.#version, end, viewport: this.#viewport, window };
    return window;
  }

  newLines(): number {
    return this.#view.follow ? 0 : Math.max(0, this.#buffer.end - this.#view.pausedAt);
  }

  searchPosition(): { index?: number; count: number } | undefined {
    const search = this.#view.search?.search;
    if (!search) return undefined;
    if (this.#position?.version === this.#version) return this.#position.value;
    const count = search.count();
    const mark = this.#view.mark;
    const value =
      mark !== undefined && search.matches(mark) ? { index: search.countBefore(mark) + 1, count } : { count };
    this.#position = { version: this.#version, value };
    return value;
  }

  // ---- moving ----

  /** Shows from `top` on; the follow resumes when that reaches the end. */
  #showFrom(top: number, extra: Partial<LogPaneView> = {}): void {
    const paused: LogPaneView = {
      ...this.#view,
      ...extra,
      follow: false,
      top,
      pausedAt: this.#view.follow ? this.#buffer.end : this.#view.pausedAt,
    };
    const atEnd = this.#compute(paused).atEnd;
    this.#setView(atEnd ? { ...paused, follow: true } : paused);
  }

  move(lines: number): void {
    if (lines > 0 && this.#view.follow) return;
    const source = this.#source();
    const first = source.first();
    if (first === undefined) return;
    const from = this.#view.follow
      ? (this.window().firstLine ?? first)
      : (source.atOrAfter(this.#view.top) ?? first);
    this.#showFrom(source.step(from, lines));
  }

  page(direction: 1 | -1): void {
    if (direction > 0 && this.#view.follow) return;
    const source = this.#source();
    const window = this.window();
    if (window.firstLine === undefined || window.lastLine === undefined) return;
    if (direction > 0) {
      const next = window.lastLine === window.firstLine ? source.step(window.lastLine, 1) : window.lastLine;
      this.#showFrom(next);
    } else {
      this.#showFrom(source.step(window.firstLine, -Math.max(1, this.#viewport.height - 1)));
    }
  }

  toTop(): void {
    const first = this.#source().first();
    if (first !== undefined) this.#showFrom(first);
  }

  followEnd(): void {
    if (!this.#view.follow) this.#setView({ follow: true });
  }

  scrollColumns(direction: 1 | -1): string | undefined {
    if (this.#view.wrap) return 'Lines wrap: w turns wrapping off to scroll sideways';
    const step = Math.max(8, Math.floor(this.#viewport.width / 2));
    const window = this.window();
    let widest = 0;
    const seen = new Set<number>();
    for (const row of window.rows) {
      if (seen.has(row.line)) continue;
      seen.add(row.line);
      const line = this.#buffer.line(row.line);
      if (line)
        widest = Math.max(widest, displayWidth(this.#view.timestamps ? line.prefix + line.text : line.text));
    }
    const max = Math.max(0, widest - Math.floor(this.#viewport.width / 2));
    const scroll = Math.max(0, Math.min(max, this.#view.scroll + direction * step));
    if (scroll === this.#view.scroll) return direction > 0 ? 'Nothing more to the right' : undefined;
    this.#setView({ scroll });
    return undefined;
  }

  toggleWrap(): void {
    this.#setView({ wrap: !this.#view.wrap, scroll: 0 });
  }

  toggleTimestamps(): void {
    this.#setView({ timestamps: !this.#view.timestamps });
  }

  /** Marks `line` and brings it on screen (with a few lines above it) unless it is there already. */
  #jumpTo(line: number, extra: Partial<LogPaneView> = {}): void {
    const next = { ...this.#view, ...extra, mark: line };
    const window = this.#compute(next);
    const shown = window.rows.some((row) => row.line === line && row.first);
    if (shown) {
      this.#setView(next);
      return;
    }
    this.#view = next;
    const source = this.#source();
    this.#showFrom(source.step(line, -Math.min(JUMP_CONTEXT, Math.floor(this.#viewport.height / 4))));
  }

  /** Where a step from the screen starts: the marked line when it is on screen, else the screen's edge. */
  #anchor(direction: 1 | -1): number {
    const window = this.window();
    const mark = this.#view.mark;
    if (mark !== undefined && window.firstLine !== undefined && window.lastLine !== undefined) {
      if (mark >= window.firstLine && mark <= window.lastLine) return mark;
    }
    if (direction > 0) return (window.firstLine ?? this.#buffer.first) - 1;
    return (window.lastLine ?? this.#buffer.end - 1) + 1;
  }

  // ---- search, filter, errors ----

  beginSearch(): () => void {
    const before = this.#view;
    const origin = this.#anchor(1);
    this.#searchOrigin = origin;
    return () => {
      this.#view = before;
      this.#changed();
    };
  }

  search(query: string): string | undefined {
    if (query === '') {
      const { search: _search, mark: _mark, ...rest } = this.#view;
      this.#view = rest;
      this.#changed();
      return undefined;
    }
    const search = this.#buffer.search(query);
    const from = this.#searchOrigin ?? this.#anchor(1);
    const hit = this.#nextShown(search, from, 1) ?? this.#nextShown(search, this.#buffer.first - 1, 1);
    if (hit === undefined) {
      const { mark: _mark, ...rest } = this.#view;
      this.#view = { ...rest, search: { query, search } };
      this.#changed();
      return `No line matches "${sanitizeName(query)}"${this.#view.filter ? ' among the filtered lines' : ''}`;
    }
    this.#jumpTo(hit, { search: { query, search } });
    return undefined;
  }

  /** The next (previous) match after `from` that the pane shows (inside the filter, if one is on). */
  #nextShown(search: LogSearch, from: number, direction: 1 | -1): number | undefined {
    const source = this.#view.filter ? this.#source() : undefined;
    let at = from;
    for (let hops = 0; hops < MAX_FILTERED_HOPS; hops++) {
      const hit = direction > 0 ? search.next(at) : search.previous(at);
      if (hit === undefined || !source || source.has(hit)) return hit;
      at = hit;
    }
    return undefined;
  }

  searchStep(direction: 1 | -1): string | undefined {
    const search = this.#view.search?.search;
    if (!search) return 'No search yet: / searches the log';
    const hit = this.#nextShown(search, this.#anchor(direction), direction);
    if (hit !== undefined) {
      this.#jumpTo(hit);
      return undefined;
    }
    const around =
      direction > 0
        ? this.#nextShown(search, this.#buffer.first - 1, 1)
        : this.#nextShown(search, this.#buffer.end, -1);
    if (around === undefined) return `No line matches "${sanitizeName(search.query)}"`;
    this.#jumpTo(around);
    return direction > 0 ? 'Search wrapped to the top' : 'Search wrapped to the bottom';
  }

  setFilter(query: string): string | undefined {
    if (query === '') {
      this.#clearFilter();
      return undefined;
    }
    const filter = this.#buffer.filter(query, FILTER_CONTEXT);
    if (filter.size === 0) {
      return `No line matches "${sanitizeName(query)}": the filter is not applied`;
    }
    const top = this.#view.follow
      ? this.#view.top
      : (filterSource(this.#buffer, filter).atOrAfter(this.#view.top) ?? 0);
    this.#setView({ filter: { query, filter }, top });
    return undefined;
  }

  #clearFilter(): void {
    if (!this.#view.filter) return;
    const { filter: _filter, ...rest } = this.#view;
    this.#view = rest;
    this.#changed();
  }

  clearOne(): boolean {
    if (this.#view.filter) {
      this.#clearFilter();
      return true;
    }
    if (this.#view.search) {
      const { search: _search, mark: _mark, ...rest } = this.#view;
      this.#view = rest;
      this.#changed();
      return true;
    }
    return false;
  }

  jumpToError(direction: 1 | -1): string | undefined {
    const source = this.#view.filter ? this.#source() : undefined;
    const following = this.#view.follow && this.#view.mark === undefined;
    let from = following
      ? direction > 0
        ? this.#buffer.first - 1
        : this.#buffer.end
      : this.#anchor(direction);
    for (let hops = 0; hops < MAX_FILTERED_HOPS; hops++) {
      const hit = this.#buffer.findLevel(from, direction);
      if (hit === undefined) break;
      if (!source || source.has(hit)) {
        this.#jumpTo(hit);
        return undefined;
      }
      from = hit;
    }
    if (this.#buffer.findLevel(this.#buffer.first - 1, 1) === undefined) return 'No ERROR line in this log';
    return direction > 0 ? 'No ERROR below: E looks above' : 'No ERROR above: e looks below';
  }

  // ---- saving, tries ----

  async save(dir: string): Promise<string> {
    const { target, tryNumber, phase } = this.#status;
    const buffer = this.#buffer;
    if (buffer.size === 0) return 'Nothing to save yet: the log is empty';
    const saved = await saveLogFile(buffer, dir, logFileName(target, tryNumber, new Date()));
    const dropped =
      saved.dropped > 0
        ? `; the first ${saved.dropped.toLocaleString('en-US')} lines were dropped for memory`
        : '';
    const still = phase === 'following' ? ' (still following: later lines are not in it)' : '';
    return `Saved to ${saved.path} (${saved.lines.toLocaleString('en-US')} lines, ${formatBytes(saved.bytes)}${dropped})${still}`;
  }

  retryWord(): 'try' | 'attempt' {
    return this.options.backends[this.#status.target.backend]?.capabilities.retryWord ?? 'try';
  }

  async choices(signal?: AbortSignal): Promise<PickerOption<LogTarget>[]> {
    const target = this.#status.target;
    const tries = await listLogTries(this.options.backends, target, signal);
    const base = { backend: target.backend, workflowId: target.workflowId, runId: target.runId };
    const taskOf = (task: TaskInstance): LogTarget => ({
      ...base,
      taskId: task.taskId,
      ...(task.mapIndex !== undefined && task.mapIndex >= 0 ? { mapIndex: task.mapIndex } : {}),
    });
    return tries.map((one): PickerOption<LogTarget> => {
      if (one.kind === 'current')
        return {
          label: 'the current try, then its retries',
          detail: `try ${one.task.tryNumber} · ${stateStyle(one.task.state).symbol} ${stateStyle(one.task.state).word}`,
          value: taskOf(one.task),
        };
      if (one.kind === 'try')
        return {
          label: `try ${one.attempt.attempt}`,
          detail: attemptDetail(one.attempt),
          value: { ...taskOf(one.task), tryNumber: one.attempt.attempt },
        };
      return {
        label: `${logTargetLabel(taskOf(one.task))} · attempt ${one.attempt.attempt}`,
        detail: attemptDetail(one.attempt),
        value: {
          ...taskOf(one.task),
          tryNumber: one.attempt.attempt,
          ...(one.attempt.taskRunId ? { taskRunId: one.attempt.taskRunId } : {}),
        },
      };
    });
  }

  // Arrow functions: useSyncExternalStore calls them unbound.
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  };

  getVersion = (): number => this.#version;

  dispose(): void {
    this.#disposed = true;
    this.#stopFollow();
    this.#unsubscribeBuffer();
    this.#buffer.dispose();
    this.#listeners.clear();
  }
}

function attemptDetail(attempt: {
  state: State;
  startedAt?: string;
  durationMs?: number;
  hostname?: string;
}): string {
  const style = stateStyle(attempt.state);
  return [
    `${style.symbol} ${style.word}`,
    attempt.startedAt ? `started ${formatTime(attempt.startedAt, 'second')}` : 'not started',
    attempt.durationMs !== undefined ? formatDuration(attempt.durationMs) : '',
    attempt.hostname ? sanitizeName(attempt.hostname) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

function yieldToInput(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
