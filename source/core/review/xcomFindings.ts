// XCom: values that belong in storage, not in the metadata database (a DataFrame returned from a
// task). Values that only name where their payload is (a custom backend) are not measured.

import type { Finding } from './finding.js';
import { formatBytes } from './formatBytes.js';
import { taskObject } from './objects.js';
import type { WorkflowFacts } from './reviewFacts.js';
import type { ReviewOptions } from './reviewOptions.js';

export function xcomFindings(facts: WorkflowFacts, options: ReviewOptions): Finding[] {
  const { workflow, xcoms } = facts;
  if (!xcoms) return [];
  return xcoms.sizes
    .filter((size) => !size.external && size.bytes > options.xcomBytes)
    .map((size) => ({
      check: 'airflow-xcom-large',
      severity: 'warning' as const,
      kind: 'xcom' as const,
      object: { ...taskObject(workflow, size.taskId), runId: xcoms.runId },
      title: `XCom ${size.key} holds ${formatBytes(size.bytes)} in the metadata database`,
      evidence: [
        { field: 'run', value: xcoms.runId },
        { field: 'key', value: size.key },
        ...(size.mapIndex !== undefined ? [{ field: 'map_index', value: size.mapIndex }] : []),
        { field: 'bytes', value: size.bytes },
      ],
      fix: `pass ids and paths through XCom, never data: write the data to storage and push its path (limit ${formatBytes(options.xcomBytes)})`,
    }));
}
