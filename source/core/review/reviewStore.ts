// The console's platform review of its backends: one resource over every backend the session has,
// read while `:review` is open (every ten minutes at most: a review reads every workflow), and the
// latest report kept for the home rows' markers, which never start a review of their own.
import type { ConsoleBackends } from '../consoleBackends.js';
import { createResource, type Resource } from '../resource.js';
import { readReviewFacts } from './readReviewFacts.js';
import { DEFAULT_REVIEW_OPTIONS } from './reviewOptions.js';
import { type ReviewReport, reviewPlatform } from './reviewPlatform.js';

const REVIEW_INTERVAL_MS = 10 * 60_000;

export interface ReviewStore {
  resource: Resource<ReviewReport>;
  /** The latest report read, undefined until `:review` has run once. */
  latest(): ReviewReport | undefined;
  subscribeLatest(listener: () => void): () => void;
  dispose(): void;
}

export function createReviewStore(backends: ConsoleBackends): ReviewStore {
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
  return {
    resource,
    latest: () => latest,
    subscribeLatest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      resource.dispose();
      listeners.clear();
    },
  };
}
