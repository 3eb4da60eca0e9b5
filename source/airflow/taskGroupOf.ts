// Airflow prefixes a task in a task group with the group id (`group.task`, nested `a.b.task`), so
// the group is everything before the last dot.
export function taskGroupOf(taskId: string): string | undefined {
  const dot = taskId.lastIndexOf('.');
  return dot > 0 ? taskId.slice(0, dot) : undefined;
}
