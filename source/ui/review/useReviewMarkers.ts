// The home rows' review markers: the findings of each workflow from the latest `:review`, without
// reading anything (no review has run: no markers).
import { useMemo, useSyncExternalStore } from 'react';
import type { Finding } from '../../core/review/finding.js';
import type { ReviewStore } from '../../core/review/reviewStore.js';
import { findingsByWorkflow } from './reviewState.js';

/** `review` is the session's (`session.review`). */
export function useReviewMarkers(review: ReviewStore): Map<string, Finding[]> {
  const report = useSyncExternalStore(review.subscribeLatest, review.latest);
  return useMemo(() => findingsByWorkflow(report), [report]);
}

/** The detail line's words for a row's findings: the worst first, and how many more. */
export function describeFindings(findings: readonly Finding[] | undefined): string {
  if (!findings || findings.length === 0) return '';
  const [first] = findings;
  const more = findings.length > 1 ? ` (+${findings.length - 1} more, :review)` : ' (:review)';
  return `review ${first?.severity}: ${first?.title}${more}`;
}
