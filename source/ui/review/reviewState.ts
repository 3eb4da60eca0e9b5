// The platform review of a console's backends: one resource per session's backends, read when
// `:review` is open (every ten minutes at most: a review reads every workflow), and the latest
// report kept for the home rows' markers, which never start a review of their own.

import { createResource, type Resource } from '../../core/resource.js';
import type { Finding } from '../../core/review/finding.js';
import { readReviewFacts } from '../../core/review/readReviewFacts.js';
import { DEFAULT_REVIEW_OPTIONS } from '../../core/review/reviewOptions.js';
import { type ReviewReport, reviewPlatform } from '../../core/review/reviewPlatform.js';
import type { ConsoleBackends } from '../screens/ScreenProps.js';

const REVIEW_INTERVAL_MS = 10 * 60_000;

export interface ReviewState {
  resource: Resource<ReviewReport>;
  /** The latest report read, undefined until `:review` has run once. */
  latest(): ReviewReport | undefined;
  subscribeLatest(listener: () => void): () => void;
}

const states = new WeakMap<ConsoleBackends, ReviewState>();

export function reviewStateOf(backends: ConsoleBackends): ReviewState {
  const existing = states.get(backends);
  if (existing) return existing;
  let latest: ReviewReport | undefined;
  const listeners = new Set<() => void>();
  const resource = createResource<ReviewReport>({
    async fetch(signal) {
      const present = Object.values(backends).filter((backend) => backend !== undefined);
      const report = reviewPlatform(
        await readReviewFacts(present, { review: DEFAULT_REVIEW_OPTIONS, signal }),
      );
      latest = report;
      for (const listener of listeners) listener();
      return report;
    },
    activeIntervalMs: REVIEW_INTERVAL_MS,
    idleIntervalMs: REVIEW_INTERVAL_MS,
    slowAfterMs: 15_000,
  });
  const state: ReviewState = {
    resource,
    latest: () => latest,
    subscribeLatest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
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
