// Reads what the review checks from each backend: who the console is, Airflow's connections, and
// per workflow its tasks, settings, latest runs, the task timings of a few finished Databricks runs
// and the XComs of the latest finished Airflow run. A read that fails is noted on its workflow
// (its checks are skipped, never guessed); a role that may not read connections is a fact too.
import type { Backend } from '../backend.js';
import { DagdeckError, errorLine, Forbidden } from '../errors.js';
import type { Workflow } from '../model.js';
import type { BackendFacts, ConnectionFacts, ReviewFacts, WorkflowFacts } from './reviewFacts.js';
import type { ReviewOptions } from './reviewOptions.js';

/** Workflows read at once per backend: each takes a few requests. */
const WORKFLOWS_IN_FLIGHT = 4;

export interface ReadReviewOptions {
  review: ReviewOptions;
  signal?: AbortSignal;
  /** The clock (tests pin it). */
  now?: () => number;
  /** Called as workflows are read: how many of how many. */
  onProgress?: (done: number, total: number) => void;
}

export async function readReviewFacts(
  backends: readonly Backend[],
  options: ReadReviewOptions,
): Promise<ReviewFacts> {
  const { signal } = options;
  const facts: ReviewFacts = { now: 0, backends: [], workflows: [] };
  const perBackend = await Promise.all(
    backends.map(async (backend) => {
      const info = await backend.probe(signal);
      const backendFacts: BackendFacts = { kind: backend.kind, endpoint: info.endpoint };
      if (info.authKind) backendFacts.authKind = info.authKind;
      if (info.credentialSource) backendFacts.credentialSource = info.credentialSource;
      const connections = backend.kind === 'airflow' ? await readConnections(backend, signal) : undefined;
      const workflows = await backend.listWorkflows({}, signal);
      return { backend, backendFacts, connections, workflows };
    }),
  );
  const total = perBackend.reduce((sum, part) => sum + part.workflows.length, 0);
  let done = 0;
  for (const part of perBackend) {
    facts.backends.push(part.backendFacts);
    if (part.connections) facts.connections = part.connections;
  }
  facts.now = (options.now ?? Date.now)();
  const read = await Promise.all(
    perBackend.map((part) =>
      mapLimit(part.workflows, WORKFLOWS_IN_FLIGHT, async (workflow) => {
        const result = await readWorkflow(part.backend, workflow, options);
        done += 1;
        options.onProgress?.(done, total);
        return result;
      }),
    ),
  );
  facts.workflows = read.flat();
  return facts;
}

async function readConnections(backend: Backend, signal: AbortSignal | undefined): Promise<ConnectionFacts> {
  try {
    return { read: true, connections: await backend.listConnections(signal) };
  } catch (error) {
    if (!(error instanceof DagdeckError)) throw error;
    return { read: false, forbidden: error instanceof Forbidden, reason: errorLine(error) };
  }
}

async function readWorkflow(
  backend: Backend,
  workflow: Workflow,
  options: ReadReviewOptions,
): Promise<WorkflowFacts> {
  const { signal, review } = options;
  const facts: WorkflowFacts = { workflow, runs: [], runTasks: [], unreadable: [] };
  /** One read; a server refusal is noted and gives undefined. */
  const attempt = async <T>(read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof DagdeckError)) throw error;
      facts.unreadable.push(errorLine(error));
      return undefined;
    }
  };
  const [tasks, settings, runs] = await Promise.all([
    attempt(() => backend.listTaskDefinitions(workflow.id, signal)),
    attempt(() => backend.getWorkflowSettings(workflow.id, signal)),
    attempt(() => backend.listRuns(workflow.id, { limit: review.runs }, signal)),
  ]);
  if (tasks) facts.tasks = tasks;
  if (settings) facts.settings = settings;
  facts.runs = runs ?? [];
  const finished = facts.runs.filter((run) => run.state === 'success' || run.state === 'failed');
  if (backend.kind === 'databricks') {
    const timed = await Promise.all(
      finished
        .slice(0, review.timedRuns)
        .map((run) => attempt(() => backend.listTasks(workflow.id, run.id, signal))),
    );
    facts.runTasks = timed.filter((tasks) => tasks !== undefined);
  } else {
    const latest = facts.runs.find((run) => run.state === 'success') ?? finished[0];
    if (latest) {
      const sizes = await attempt(() => backend.listXComSizes(workflow.id, latest.id, signal));
      if (sizes) facts.xcoms = { runId: latest.id, sizes };
    }
  }
  return facts;
}

/** `map` with at most `limit` calls in flight, results in input order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
