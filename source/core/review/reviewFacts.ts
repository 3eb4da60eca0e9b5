// What the review checks are computed from: the facts read from the backends, kept apart from the
// checks so that those are pure functions (tested without a server).
import type { BackendKind, Run, TaskDefinition, TaskInstance, Workflow } from '../model.js';
import type { AuthKind, Connection, WorkflowSettings, XComSize } from '../platformSettings.js';

export interface BackendFacts {
  kind: BackendKind;
  endpoint: string;
  authKind?: AuthKind;
  credentialSource?: string;
}

/** The connections as read, or why they could not be. */
export type ConnectionFacts =
  | { read: true; connections: Connection[] }
  | { read: false; forbidden: boolean; reason: string };

export interface WorkflowFacts {
  workflow: Workflow;
  /** The tasks as declared; absent when they could not be read. */
  tasks?: TaskDefinition[];
  settings?: WorkflowSettings;
  /** The latest runs, newest first. */
  runs: Run[];
  /** Databricks: the tasks of the latest finished runs (their setup and execution times). */
  runTasks: TaskInstance[][];
  /** Airflow: the XComs of the latest finished run. */
  xcoms?: { runId: string; sizes: XComSize[] };
  /** What could not be read, one line each (the checks that needed it are skipped). */
  unreadable: string[];
}

export interface ReviewFacts {
  /** When the facts were read (epoch ms): "running for" is measured from it. */
  now: number;
  backends: BackendFacts[];
  /** Airflow's connections; absent without an Airflow backend. */
  connections?: ConnectionFacts;
  workflows: WorkflowFacts[];
}
