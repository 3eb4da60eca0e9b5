// preview() and execute() for both API versions: the flows, summaries and affected lists are the
// same; the requests that differ (clear and mark bodies, dry-run endpoints, trigger body, update
// masks) come from the version's dialect.
import type { ActionPreview, ActionResult } from '../core/actions.js';
import type { Run } from '../core/model.js';
import type { AirflowAdapter } from './adapter.js';
import type { AirflowApi } from './airflowApi.js';
import type { AirflowDialect, ListTasks, TouchedTask } from './airflowDialect.js';
import { apiPath } from './apiPath.js';
import {
  previewMarkRunState,
  previewSetPaused,
  previewTrigger,
  refuseOnAirflow,
  taskLabel,
} from './describeActions.js';
import { mapAirflowState } from './mapAirflowState.js';
import { resolveTriggerConflict } from './resolveTriggerConflict.js';
import type { DagRunFields } from './toRun.js';
import type { TaskInstanceFields } from './toTaskInstance.js';
import type { DagFields } from './toWorkflow.js';

const withState = (task: TouchedTask) => taskLabel(task.taskId, task.mapIndex, task.state);
const touchedTask = (task: TouchedTask) => ({
  taskId: task.taskId,
  ...(task.mapIndex !== undefined && task.mapIndex >= 0 ? { mapIndex: task.mapIndex } : {}),
  ...(task.state ? { state: task.state } : {}),
});
const anyRunning = (tasks: TouchedTask[]) =>
  tasks.some((task) => mapAirflowState(task.state).state === 'running');

export function createAirflowActions<
  Dag extends DagFields,
  DagRun extends DagRunFields,
  Ti extends TaskInstanceFields,
>(options: {
  api: AirflowApi;
  dialect: AirflowDialect<Dag, DagRun, Ti>;
  getRun: (dagId: string, runId: string, signal?: AbortSignal) => Promise<Run>;
  listTasks: ListTasks;
}): Pick<AirflowAdapter, 'preview' | 'execute'> {
  const { api, dialect, getRun, listTasks } = options;

  return {
    async preview(action, signal): Promise<ActionPreview> {
      switch (action.kind) {
        case 'clearTasks': {
          const tasks = await dialect.clearTasks(action, true, listTasks, signal);
          return {
            action,
            summary:
              tasks.length === 0
                ? `Nothing to clear in ${action.workflowId} / ${action.runId}${action.onlyFailed ? ' (only failed tasks were asked for)' : ''}`
                : `Clear ${tasks.length} task instance(s) of ${action.workflowId} / ${action.runId}; they run again${dialect.clearPreviewNote(action)}`,
            affected: tasks.map(withState),
            tasks: tasks.map(touchedTask),
            serverDryRun: true,
            destructive: anyRunning(tasks),
          };
        }
        case 'markTaskState': {
          const tasks = await dialect.markTaskState(action, true, signal);
          return {
            action,
            summary: `Mark ${tasks.length} task instance(s) of ${action.workflowId} / ${action.runId} ${action.state}`,
            affected: tasks.map(withState),
            tasks: tasks.map(touchedTask),
            serverDryRun: true,
            destructive: action.state === 'failed' || anyRunning(tasks),
          };
        }
        case 'markRunState': {
          const [run, tasks] = await Promise.all([
            getRun(action.workflowId, action.runId, signal),
            listTasks(action.workflowId, action.runId, signal),
          ]);
          return previewMarkRunState(action, run, tasks);
        }
        case 'trigger':
          return previewTrigger(action);
        case 'setPaused':
          return previewSetPaused(action);
        default:
          throw refuseOnAirflow(action);
      }
    },

    async execute(action, signal): Promise<ActionResult> {
      switch (action.kind) {
        case 'clearTasks': {
          const tasks = await dialect.clearTasks(action, false, listTasks, signal);
          return {
            action,
            summary: `Cleared ${tasks.length} task instance(s) of ${action.workflowId} / ${action.runId}`,
            runId: action.runId,
            // No state: the answer may list them as they were before the clear.
            affected: tasks.map((task) => taskLabel(task.taskId, task.mapIndex)),
          };
        }
        case 'markTaskState': {
          const tasks = await dialect.markTaskState(action, false, signal);
          return {
            action,
            summary: `Marked ${tasks.length} task instance(s) of ${action.workflowId} / ${action.runId} ${action.state}`,
            runId: action.runId,
            affected: tasks.map(withState),
          };
        }
        case 'markRunState': {
          const { runState } = dialect.patchQuery;
          const run = await api.call(
            {
              method: 'PATCH',
              path: apiPath`/dags/${action.workflowId}/dagRuns/${action.runId}`,
              what: `Marking run ${action.runId} ${action.state}`,
              ...(runState ? { query: runState } : {}),
              json: { state: action.state },
              signal,
            },
            dialect.schemas.dagRun,
          );
          return {
            action,
            summary: `Run ${run.dag_run_id} of ${run.dag_id} is now ${run.state}`,
            runId: run.dag_run_id,
            affected: [`run ${run.dag_run_id} (${run.state})`],
          };
        }
        case 'trigger': {
          try {
            const run = await api.call(
              {
                method: 'POST',
                path: apiPath`/dags/${action.workflowId}/dagRuns`,
                what: `Triggering ${action.workflowId}`,
                json: dialect.triggerBody(action),
                // The client-chosen dag_run_id makes a re-send a 409, never a second run.
                idempotent: true,
                signal,
              },
              dialect.schemas.dagRun,
            );
            return {
              action,
              summary: `Triggered ${run.dag_id}: run ${run.dag_run_id} is ${run.state}`,
              runId: run.dag_run_id,
              affected: [`run ${run.dag_run_id}`],
            };
          } catch (error) {
            return resolveTriggerConflict(error, action, (id) => getRun(action.workflowId, id, signal));
          }
        }
        case 'setPaused': {
          const dag = await api.call(
            {
              method: 'PATCH',
              path: apiPath`/dags/${action.workflowId}`,
              what: `${action.paused ? 'Pausing' : 'Unpausing'} ${action.workflowId}`,
              query: dialect.patchQuery.paused,
              json: { is_paused: action.paused },
              signal,
            },
            dialect.schemas.dag,
          );
          return {
            action,
            summary: `${dag.dag_id} is now ${dag.is_paused ? 'paused' : 'active'}`,
            affected: [dag.dag_id],
          };
        }
        default:
          throw refuseOnAirflow(action);
      }
    },
  };
}
