// The simulated scheduler: DAGs, runs and task instances, moved along the virtual clock. Every
// random draw is keyed by (seed, dag, run, task, try) so the outcome of a try does not depend on
// when or how often the state is read.
import type { SimClock } from '../clock.js';
import { createRandom, type Random } from '../random.js';
import {
  type Attempt,
  type ConnectionDef,
  type DagDef,
  FINISHED,
  type ImportError,
  RETRY_DELAY_MS,
  type SimDag,
  type SimRun,
  type SimTi,
  type TaskDef,
  type TiState,
} from './model.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOSTS = ['worker-0.airflow-worker', 'worker-1.airflow-worker', 'worker-2.airflow-worker'];

/** Starts the Databricks run of a DatabricksRunNowOperator try; returns its XComs. */
export type DatabricksLauncher = (
  job: string,
  params: Record<string, string>,
  failTasks: string[] | undefined,
  /** When the Airflow try started (virtual epoch ms): seeded history runs start in the past. */
  at: number,
) => { runId: number; runPageUrl: string; endsAt?: number };

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export class AirflowState {
  readonly dags = new Map<string, SimDag>();
  readonly importErrors: ImportError[] = [];
  readonly connections: ConnectionDef[] = [];
  private readonly active = new Set<SimRun>();
  private nextRunDbId = 1;
  private uuidCounter = 0;

  constructor(
    readonly clock: SimClock,
    readonly seed: number,
    private readonly generatedCount: number,
    private readonly generate: (index: number) => DagDef,
    private readonly historyFor: (dag: SimDag, state: AirflowState) => void,
    private readonly launchDatabricks: DatabricksLauncher,
  ) {}

  random(key: string): Random {
    return createRandom((this.seed ^ hash(key)) >>> 0);
  }

  addDag(def: DagDef, paused: boolean): SimDag {
    const dag: SimDag = {
      ...def,
      paused,
      nextRunAfter: null,
      runs: def.generated ? undefined : [],
      lastParsed: this.clock.now() - 30 * SECOND,
    };
    this.dags.set(def.dagId, dag);
    return dag;
  }

  /** Generated DAGs are created on first use, so 10,000 of them cost nothing until listed. */
  private materializeAll(): void {
    if (this.dags.size >= this.storyCount + this.generatedCount) return;
    for (let i = 0; i < this.generatedCount; i++) {
      const def = this.generate(i);
      if (!this.dags.has(def.dagId)) this.addDag(def, i % 7 === 3);
    }
  }

  private storyCount = 0;
  sealStory(): void {
    this.storyCount = this.dags.size;
  }

  allDags(): SimDag[] {
    this.materializeAll();
    return [...this.dags.values()];
  }

  /** How many DAGs exist (every generated one included). */
  dagCount(): number {
    this.materializeAll();
    return this.dags.size;
  }

  dag(dagId: string): SimDag | undefined {
    const found = this.dags.get(dagId);
    if (found) return found;
    const match = /^generated_dag_(\d+)$/.exec(dagId);
    const index = match ? Number(match[1]) : -1;
    if (index < 0 || index >= this.generatedCount) return undefined;
    const def = this.generate(index);
    return def.dagId === dagId ? this.addDag(def, index % 7 === 3) : undefined;
  }

  runsOf(dag: SimDag): SimRun[] {
    if (!dag.runs) {
      dag.runs = [];
      this.historyFor(dag, this);
    }
    return dag.runs;
  }

  allRuns(): SimRun[] {
    return this.allDags().flatMap((dag) => this.runsOf(dag));
  }

  /**
   * A task instance id as Airflow 3 makes them: a UUIDv7, whose first 48 bits are the time in ms
   * and the rest random. Ids made in the same millisecond (a run's instances, created together)
   * sort in random order, and a later id sorts after: the primary key the list endpoints order by
   * after map_index.
   */
  newUuid(at: number): string {
    this.uuidCounter += 1;
    const time = Math.max(0, Math.floor(at)).toString(16).padStart(12, '0').slice(-12);
    const h = hash(`ti-${this.seed}-${this.uuidCounter}`).toString(16).padStart(8, '0');
    const n = this.uuidCounter.toString(16).padStart(12, '0');
    return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${h.slice(0, 3)}-8${h.slice(3, 6)}-${h.slice(6, 8)}${n.slice(2)}`;
  }

  /** Creates a run (queued) with a TI per task and map index. */
  createRun(
    dag: SimDag,
    init: Pick<
      SimRun,
      'runId' | 'runType' | 'logicalDate' | 'runAfter' | 'queuedAt' | 'conf' | 'triggeredBy'
    > & {
      note?: string | null;
      forceFail?: string[];
      dataIntervalStart?: number | null;
      dataIntervalEnd?: number | null;
    },
  ): SimRun {
    const run: SimRun = {
      dagId: dag.dagId,
      runId: init.runId,
      id: this.nextRunDbId++,
      runType: init.runType,
      logicalDate: init.logicalDate,
      dataIntervalStart: init.dataIntervalStart ?? init.logicalDate,
      dataIntervalEnd: init.dataIntervalEnd ?? init.logicalDate,
      runAfter: init.runAfter,
      queuedAt: init.queuedAt,
      start: null,
      end: null,
      state: 'queued',
      conf: init.conf,
      note: init.note ?? null,
      triggeredBy: init.triggeredBy,
      updatedAt: init.queuedAt,
      tis: [],
    };
    for (const def of dag.tasks) {
      const indexes = def.mapped ? Array.from({ length: def.mapped }, (_, i) => i) : [-1];
      for (const mapIndex of indexes) {
        run.tis.push({
          id: this.newUuid(init.queuedAt),
          def,
          mapIndex,
          state: null,
          tryNumber: 0,
          maxTries: def.retries,
          queuedWhen: null,
          scheduledWhen: null,
          start: null,
          end: null,
          retryAt: null,
          heldDuration: null,
          attempts: [],
          xcoms: new Map(),
          note: null,
          forceFail: init.forceFail?.includes(def.taskId) ?? false,
        });
      }
    }
    this.runsOf(dag).push(run);
    this.active.add(run);
    return run;
  }

  /** Brings every active run and the scheduler up to the clock's now. */
  sync(): void {
    const now = this.clock.now();
    for (const dag of this.dags.values()) {
      const every = dag.everyMs;
      if (dag.paused || every === null) continue;
      for (
        let runAfter = dag.nextRunAfter;
        runAfter !== null && runAfter <= now;
        runAfter = dag.nextRunAfter
      ) {
        const logical = runAfter - every;
        const runId = `scheduled__${new Date(logical).toISOString().replace('Z', '+00:00')}`;
        if (!this.runsOf(dag).some((r) => r.runId === runId)) {
          this.createRun(dag, {
            runId,
            runType: 'scheduled',
            logicalDate: logical,
            dataIntervalStart: logical,
            dataIntervalEnd: runAfter,
            runAfter,
            queuedAt: runAfter,
            conf: {},
            triggeredBy: 'timetable',
          });
        }
        dag.nextRunAfter = runAfter + every;
      }
    }
    for (const run of [...this.active]) this.advance(run, now);
  }

  markActive(run: SimRun): void {
    this.active.add(run);
  }

  /** Moves one run up to `now` (seeding uses it to settle history runs at once). */
  advance(run: SimRun, now: number): void {
    const dag = this.dags.get(run.dagId);
    if (!dag) return;
    if (run.state === 'queued') {
      // A run on a paused DAG stays queued (v1 spec text on post_dag_run).
      const startAt = run.queuedAt + 2 * SECOND;
      if (dag.paused || startAt > now) return;
      run.state = 'running';
      run.start = run.start ?? startAt;
      run.updatedAt = startAt;
    }
    if (run.state !== 'running') {
      this.active.delete(run);
      return;
    }
    const runStart = run.start ?? run.queuedAt;
    let changed = true;
    while (changed) {
      changed = false;
      for (const ti of run.tis) if (this.step(run, ti, now, runStart)) changed = true;
    }
    if (run.tis.every((ti) => FINISHED.has(ti.state))) {
      run.state = run.tis.some((ti) => ti.state === 'failed' || ti.state === 'upstream_failed')
        ? 'failed'
        : 'success';
      run.end = Math.max(runStart, ...run.tis.map((ti) => ti.end ?? 0));
      run.updatedAt = run.end;
      this.active.delete(run);
    }
  }

  /** One transition of one TI, at the time it naturally happens; true if it moved. */
  private step(run: SimRun, ti: SimTi, now: number, runStart: number): boolean {
    switch (ti.state) {
      case null:
      case 'scheduled': {
        const ups = run.tis.filter((u) => ti.def.upstream.includes(u.def.taskId));
        if (!ups.every((u) => FINISHED.has(u.state))) return false;
        // A cleared TI runs again from the clear on, not from when its upstream ended long ago.
        const ready = Math.max(runStart, ti.retryAt ?? 0, ...ups.map((u) => u.end ?? 0));
        ti.retryAt = null;
        if (ups.some((u) => u.state === 'failed' || u.state === 'upstream_failed')) {
          ti.state = 'upstream_failed';
          ti.start = null;
          ti.end = ready;
          return true;
        }
        if (ups.some((u) => u.state === 'skipped')) {
          ti.state = 'skipped';
          ti.end = ready;
          return true;
        }
        ti.state = 'queued';
        ti.tryNumber += 1;
        ti.scheduledWhen = ready;
        ti.queuedWhen = ready + SECOND;
        return true;
      }
      case 'queued': {
        const startAt = (ti.queuedWhen ?? runStart) + 2 * SECOND;
        if (startAt > now) return false;
        this.startTry(run, ti, startAt);
        return true;
      }
      case 'running': {
        const attempt = ti.attempts.at(-1);
        if (!attempt || attempt.plannedEnd > now) return false;
        attempt.end = attempt.plannedEnd;
        ti.end = attempt.plannedEnd;
        ti.heldDuration = null;
        if (attempt.ok) {
          attempt.state = 'success';
          ti.state = 'success';
        } else if (ti.tryNumber <= ti.maxTries) {
          attempt.state = 'up_for_retry';
          ti.state = 'up_for_retry';
          ti.retryAt = attempt.plannedEnd + RETRY_DELAY_MS;
          // Airflow 3 records the try in the history and gives the instance a new id.
          ti.id = this.newUuid(attempt.plannedEnd);
        } else {
          attempt.state = 'failed';
          ti.state = 'failed';
        }
        return true;
      }
      case 'up_for_retry':
      case 'restarting': {
        const at = ti.retryAt ?? now;
        if (at > now) return false;
        ti.state = 'queued';
        ti.tryNumber += 1;
        ti.queuedWhen = at;
        ti.retryAt = null;
        return true;
      }
      default:
        return false;
    }
  }

  private startTry(run: SimRun, ti: SimTi, startAt: number): void {
    const random = this.random(`${run.dagId}/${run.runId}/${ti.def.taskId}/${ti.mapIndex}/${ti.tryNumber}`);
    const [lo, hi] = ti.def.minutes;
    const duration = Math.round((lo + random() * (hi - lo)) * MINUTE);
    const ok = !ti.forceFail && random() >= (ti.def.failChance ?? 0);
    const attempt: Attempt = {
      tryNumber: ti.tryNumber,
      state: 'running',
      start: startAt,
      end: null,
      plannedEnd: startAt + duration,
      ok,
      hostname: HOSTS[Math.floor(random() * HOSTS.length)] ?? 'worker-0.airflow-worker',
      pid: 1000 + Math.floor(random() * 60000),
      logLines: ti.def.logLines ?? 12 + Math.floor(random() * 18),
    };
    ti.attempts.push(attempt);
    ti.state = 'running';
    ti.start = startAt;
    ti.end = null;
    if (ti.def.databricksJob) {
      // The operator pushes run_id and run_page_url right after submission.
      const params = { business_date: new Date(run.logicalDate ?? run.runAfter).toISOString().slice(0, 10) };
      const linked = this.launchDatabricks(
        ti.def.databricksJob,
        params,
        ok ? undefined : ['stress_tests'],
        startAt,
      );
      // DatabricksRunNowOperator polls until its run ends, so the try cannot end before it.
      if (linked.endsAt !== undefined)
        attempt.plannedEnd = Math.max(attempt.plannedEnd, linked.endsAt + 30 * SECOND);
      ti.xcoms.set('run_id', { value: linked.runId, timestamp: startAt + 5 * SECOND });
      ti.xcoms.set('run_page_url', { value: linked.runPageUrl, timestamp: startAt + 5 * SECOND });
    } else if (ok) {
      // Drawn either way: every later draw of the story stays where it was.
      const rows = Math.floor(random() * 1e6);
      ti.xcoms.set('return_value', {
        value: ti.def.xcomBytes ? dataFrameRecords(ti.def.xcomBytes) : { rows },
        timestamp: attempt.plannedEnd,
      });
    }
  }

  /** Task ids related to `taskId` through upstream (or downstream) edges, transitively. */
  relatives(dag: DagDef, taskId: string, direction: 'upstream' | 'downstream'): Set<string> {
    const found = new Set<string>();
    const visit = (id: string) => {
      const next =
        direction === 'upstream'
          ? (dag.tasks.find((t) => t.taskId === id)?.upstream ?? [])
          : dag.tasks.filter((t) => t.upstream.includes(id)).map((t) => t.taskId);
      for (const n of next) {
        if (!found.has(n)) {
          found.add(n);
          visit(n);
        }
      }
    };
    visit(taskId);
    return found;
  }

  /** Airflow's clear_task_instances: running TIs restart, others go back to no state. */
  clear(run: SimRun, tis: SimTi[], resetRun: boolean): void {
    const now = this.clock.now();
    for (const ti of tis) {
      // Airflow 3 records the try in the history and gives the instance a new id, so a cleared
      // instance moves to the end of its run's list (the default order is map_index, then id).
      ti.id = this.newUuid(now);
      if (ti.state === 'running') {
        ti.state = 'restarting';
        ti.retryAt = now;
        ti.heldDuration = ti.start === null ? null : (now - ti.start) / 1000;
      } else {
        ti.state = null;
        ti.end = null;
        ti.start = null;
        ti.retryAt = now;
      }
      ti.maxTries = ti.tryNumber + ti.def.retries;
      ti.forceFail = false;
    }
    run.updatedAt = now;
    if (resetRun) {
      run.state = 'queued';
      run.queuedAt = now;
      run.end = null;
      this.active.add(run);
    }
  }

  setTiState(ti: SimTi, state: TiState): void {
    const now = this.clock.now();
    ti.state = state;
    ti.end = now;
    ti.start = ti.start ?? now;
    const attempt = ti.attempts.at(-1);
    if (attempt && attempt.end === null) {
      attempt.end = now;
      attempt.state = state;
    }
  }

  /** set_dag_run_state_to_success/failed: unfinished TIs follow the run. */
  setRunState(run: SimRun, state: 'queued' | 'success' | 'failed'): void {
    const now = this.clock.now();
    run.updatedAt = now;
    if (state === 'queued') {
      run.state = 'queued';
      run.queuedAt = now;
      run.end = null;
      this.active.add(run);
      return;
    }
    for (const ti of run.tis) {
      if (FINISHED.has(ti.state)) continue;
      if (state === 'success') this.setTiState(ti, 'success');
      else this.setTiState(ti, ti.state === 'running' || ti.state === 'queued' ? 'failed' : 'skipped');
    }
    run.state = state;
    run.end = now;
    this.active.delete(run);
  }
}

export type { TaskDef };

/** A pandas DataFrame pushed to XCom as records: about `bytes` bytes of JSON rows. */
function dataFrameRecords(bytes: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const row = (i: number) => ({
    customer_id: `C${String(100000 + i)}`,
    risk_score: (i % 97) / 97,
    screened_at: '2026-12-03T21:00:00+00:00',
    sanctions_hit: i % 211 === 0,
  });
  const size = JSON.stringify(row(0)).length + 1;
  for (let i = 0; i < Math.ceil(bytes / size); i++) rows.push(row(i));
  return rows;
}
