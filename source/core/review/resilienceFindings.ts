// Resilience: layered retries (the Airflow task that starts a Databricks run retries with a
// growing wait; the Databricks tasks retry too), timeouts on the Airflow side of a Databricks run,
// failure alerts, and paused workflows with runs waiting.
import type { Finding } from './finding.js';
import { isContinuous, names, taskObject, workflowObject } from './objects.js';
import type { WorkflowFacts } from './reviewFacts.js';

/** Operators of the Airflow Databricks provider (DatabricksRunNowOperator, DatabricksSubmitRunOperator...). */
const DATABRICKS_OPERATOR = /databricks/i;

export function resilienceFindings(facts: WorkflowFacts): Finding[] {
  const { workflow, tasks, settings, runs } = facts;
  const findings: Finding[] = [];
  const object = workflowObject(workflow);

  if (workflow.backend === 'airflow') {
    for (const task of tasks ?? []) {
      if (!task.operator || !DATABRICKS_OPERATOR.test(task.operator)) continue;
      const taskAt = taskObject(workflow, task.taskId);
      const operator = { field: 'operator', value: task.operator };
      if (!task.retries) {
        findings.push({
          check: 'airflow-databricks-task-no-retries',
          severity: 'warning',
          kind: 'resilience',
          object: taskAt,
          title: 'starts a Databricks run and is never retried',
          evidence: [operator, { field: 'retries', value: task.retries ?? 0 }],
          fix: 'set retries (2-3) with retry_exponential_backoff on the task, over the Databricks tasks’ own max_retries',
        });
      } else if (!task.retryExponentialBackoff) {
        findings.push({
          check: 'airflow-databricks-task-no-backoff',
          severity: 'info',
          kind: 'resilience',
          object: taskAt,
          title: 'retries a Databricks run at a constant wait',
          evidence: [
            operator,
            { field: 'retries', value: task.retries },
            { field: 'retry_exponential_backoff', value: task.retryExponentialBackoff ?? false },
          ],
          fix: 'set retry_exponential_backoff so a struggling workspace is not hit at a fixed pace',
        });
      }
      if (task.timeoutMs === undefined && settings?.timeoutMs === undefined) {
        findings.push({
          check: 'airflow-databricks-task-no-timeout',
          severity: 'info',
          kind: 'resilience',
          object: taskAt,
          title: 'waits for its Databricks run without a timeout',
          evidence: [
            operator,
            { field: 'execution_timeout', value: null },
            { field: 'dag_run_timeout', value: null },
          ],
          fix: 'set execution_timeout above the run’s usual duration (and timeout_seconds on the Databricks job)',
        });
      }
    }
    if (settings?.failureAlerts === false) {
      findings.push({
        check: 'airflow-dag-no-failure-callback',
        severity: 'info',
        kind: 'resilience',
        object,
        title:
          'likely no failure callback: default_args names none (a callback set on one task is not shown by the API)',
        evidence: [{ field: 'default_args.on_failure_callback', value: null }],
        fix: 'set on_failure_callback in default_args (or a notifier) so a failed run alerts someone',
      });
    }
  }

  if (workflow.backend === 'databricks') {
    const never = (tasks ?? []).filter((task) => !task.retries).map((task) => task.taskId);
    if (!isContinuous(workflow) && never.length > 0) {
      findings.push({
        check: 'databricks-task-no-retries',
        severity: 'warning',
        kind: 'resilience',
        object,
        title: `${never.length === 1 ? 'a task is' : `${never.length} tasks are`} never retried`,
        evidence: [{ field: 'tasks[].max_retries = 0', value: names(never) }],
        fix: 'set max_retries (1-3) and min_retry_interval_millis on the tasks that can fail transiently',
      });
    }
    if (settings?.failureAlerts === false) {
      findings.push({
        check: 'databricks-job-no-failure-alert',
        severity: 'warning',
        kind: 'resilience',
        object,
        title: 'a failed run alerts no one',
        evidence: [
          { field: 'email_notifications.on_failure', value: null },
          { field: 'webhook_notifications.on_failure', value: null },
        ],
        fix: 'add on_failure email or webhook notifications to the job',
      });
    }
  }

  const queued = runs.filter((run) => run.state === 'queued');
  if (workflow.paused && queued.length > 0) {
    findings.push({
      check: 'paused-with-queued-runs',
      severity: 'warning',
      kind: 'resilience',
      object,
      title: `paused with ${queued.length === 1 ? 'a run' : `${queued.length} runs`} waiting in the queue`,
      evidence: [
        { field: 'paused', value: true },
        {
          field: 'queued runs',
          value: names(
            queued.map((run) => run.id),
            3,
          ),
        },
      ],
      fix: 'unpause it, or clear the queued runs that should not run',
    });
  }
  return findings;
}
