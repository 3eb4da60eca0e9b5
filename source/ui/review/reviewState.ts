// The platform review of a console's backends, one per session's backends (core/review/reviewStore.ts
// reads it), and how the home rows' markers find a workflow's findings in its latest report.

import type { Finding } from '../../core/review/finding.js';
import type { ReviewReport } from '../../core/review/reviewPlatform.js';
import { createReviewStore, type ReviewStore } from '../../core/review/reviewStore.js';
import type { ConsoleBackends } from '../screens/ScreenProps.js';

const states = new WeakMap<ConsoleBackends, ReviewStore>();

export function reviewStateOf(backends: ConsoleBackends): ReviewStore {
  const existing = states.get(backends);
  if (existing) return existing;
  const state = createReviewStore(backends);
  states.set(backends, state);
  return state;
}

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
