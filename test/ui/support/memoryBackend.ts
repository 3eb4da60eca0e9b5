// An in-memory Backend for the UI tests of the Airflow pane while the Airflow simulator is being
// written (source/sim/airflow). It is not an HTTP mock: the UI only ever sees the Backend
// interface, and the Databricks pane in the same tests runs against the real simulator.
import type { Backend } from '../../../source/core/backend.js';
import { NotFound } from '../../../source/core/errors.js';
import { ACTIVE_STATES, type BackendKind, type Run, type Workflow } from '../../../source/core/model.js';

export interface MemoryBackend extends Backend {
  calls: string[];
  workflows: Workflow[];
  runs: Run[];
}

// The model values live with the other fixtures; kept under their old names for the tests here.
export { modelRun as run, workflow as dag } from '../../support/modelFixtures.js';

export function createMemoryBackend(kind: BackendKind, workflows: Workflow[], runs: Run[]): MemoryBackend {
  const calls: string[] = [];
  const backend: MemoryBackend = {
    kind,
    calls,
    workflows,
    runs,
    capabilities: {
      actions: new Set(),
      followLog: false,
      serverDryRun: new Set(),
      trigger: { logicalDate: false, note: false },
      runView: kind === 'airflow' ? 'taskGrid' : 'runList',
      retryWord: kind === 'airflow' ? 'try' : 'attempt',
    },
    async probe() {
      calls.push('probe');
      return {
        backend: kind,
        endpoint: 'http://airflow.test:8080',
        version: '3.0.2',
        credentialSource: 'env DAGDECK_AIRFLOW_PASSWORD',
      };
    },
    async serverInfo() {
      return { backend: kind, endpoint: 'http://airflow.test:8080', version: '3.0.2' };
    },
    async listWorkflows() {
      calls.push('listWorkflows');
      return backend.workflows;
    },
    async getWorkflow(id) {
      const found = backend.workflows.find((w) => w.id === id);
      if (!found) throw new NotFound(`DAG ${id} not found`);
      return found;
    },
    async listImportErrors() {
      return [];
    },
    async getTriggerParams() {
      return [];
    },
    async listRuns(workflowId) {
      calls.push(`listRuns ${workflowId}`);
      return backend.runs.filter((r) => r.workflowId === workflowId);
    },
    async listRecentRuns(options) {
      calls.push(`listRecentRuns ${options?.limit}`);
      // As the servers filter: active runs only, or finished runs in the states asked for.
      const wanted = backend.runs.filter((r) => {
        if (options?.activeOnly) return ACTIVE_STATES.has(r.state);
        if (options?.finishedStates) return options.finishedStates.includes(r.state);
        return true;
      });
      return wanted.slice(0, options?.limit ?? 100);
    },
    async getRun(workflowId, runId) {
      const found = backend.runs.find((r) => r.workflowId === workflowId && r.id === runId);
      if (!found) throw new NotFound(`run ${runId} not found`);
      return found;
    },
    async listTaskDefinitions() {
      return [];
    },
    async listTasks() {
      return [];
    },
    async listTries() {
      return [];
    },
    async *followLog() {
      yield { lines: [], cursor: { tryNumber: 1, position: 0 }, done: true };
    },
    async findFailureReason() {
      return undefined;
    },
    async findLinks() {
      return [];
    },
    async listConnections() {
      return [];
    },
    async getWorkflowSettings() {
      return { clusters: [] };
    },
    async listXComSizes() {
      return [];
    },
    async preview() {
      throw new Error('not in these tests');
    },
    async execute() {
      throw new Error('not in these tests');
    },
  };
  return backend;
}
