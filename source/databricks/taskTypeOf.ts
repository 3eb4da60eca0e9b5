// A Databricks task's type, named by the one *_task field it carries (notebook_task → "notebook"),
// for the console's operator column: jobs/get settings and runs/get tasks carry the same fields.
const TASK_TYPES = [
  'notebook_task',
  'spark_python_task',
  'python_wheel_task',
  'spark_jar_task',
  'sql_task',
  'dbt_task',
  'pipeline_task',
  'run_job_task',
  'for_each_task',
  'condition_task',
] as const;

export function taskTypeOf(task: Readonly<Record<string, unknown>>): string | undefined {
  const type = TASK_TYPES.find((name) => task[name] !== undefined);
  return type?.replace(/_task$/, '');
}
