// How findings name the workflows and tasks they are about.
import type { Workflow } from '../model.js';
import type { FindingObject } from './finding.js';

export function workflowObject(workflow: Workflow): FindingObject {
  const airflow = workflow.backend === 'airflow';
  return {
    backend: workflow.backend,
    type: airflow ? 'dag' : 'job',
    label: airflow ? workflow.id : `job ${workflow.name}`,
    workflowId: workflow.id,
  };
}

export function taskObject(workflow: Workflow, taskId: string): FindingObject {
  const airflow = workflow.backend === 'airflow';
  return {
    backend: workflow.backend,
    type: 'task',
    label: airflow ? `${workflow.id}.${taskId}` : `job ${workflow.name} task ${taskId}`,
    workflowId: workflow.id,
    taskId,
  };
}

/** The name of the workflow a finding is about, as its label gives it (a job's name, a DAG's id). */
export function workflowNameOf(object: FindingObject): string | undefined {
  if (!object.workflowId) return undefined;
  return object.backend === 'databricks'
    ? object.label.replace(/^job (.+?)( task .*| run .*)?$/, '$1')
    : object.workflowId;
}

/** A list of names in evidence, shortened past a few. */
export function names(list: readonly string[], most = 5): string {
  return list.length <= most
    ? list.join(', ')
    : `${list.slice(0, most).join(', ')} and ${list.length - most} more`;
}

/** A continuous job's run never ends by design: no timeout, no duration to judge. */
export function isContinuous(workflow: Workflow): boolean {
  return workflow.backend === 'databricks' && workflow.schedule === 'continuous';
}
