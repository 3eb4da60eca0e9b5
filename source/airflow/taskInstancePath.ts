// The API path of one task instance, the same in v1 and v2. A mapped task needs its index in the
// path: without it v2 reads or PATCHes every index at once.
import { apiPath } from './apiPath.js';

export function taskInstancePath(
  dagId: string,
  runId: string,
  taskId: string,
  mapIndex: number | undefined,
): string {
  return mapIndex === undefined || mapIndex < 0
    ? apiPath`/dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}`
    : apiPath`/dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}/${mapIndex}`;
}
