// How the home rows' markers find a workflow's findings in the latest review report (the report
// itself is the console session's `review`).

import type { Finding } from '../../core/review/finding.js';
import type { ReviewReport } from '../../core/review/reviewPlatform.js';

/** A workflow's key in the markers: backend and id. */
export const workflowKey = (backend: string, workflowId: string) => `${backend}:${workflowId}`;

/** The warnings and errors of each workflow (a finding on its task or run counts for it). */
export function findingsByWorkflow(report: ReviewReport | undefined): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const finding of report?.findings ?? []) {
    const { workflowId, backend } = finding.object;
    if (!workflowId || finding.severity === 'info') continue;
    const key = workflowKey(backend, workflowId);
    const list = map.get(key);
    if (list) list.push(finding);
    else map.set(key, [finding]);
  }
  return map;
}
