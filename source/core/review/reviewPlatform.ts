// The platform review, from facts to report: every check is a pure function of the facts the
// backends returned (readReviewFacts), so the same facts always give the same findings.

import { costFindings } from './costFindings.js';
import { atLeast, compareFindings, type Finding, type Severity } from './finding.js';
import { workflowObject } from './objects.js';
import { resilienceFindings } from './resilienceFindings.js';
import type { ReviewFacts } from './reviewFacts.js';
import { DEFAULT_REVIEW_OPTIONS, type ReviewOptions } from './reviewOptions.js';
import { connectionFindings, contextAuthFindings } from './securityFindings.js';
import { healthFindings, type WorkflowHealth, workflowHealth } from './workflowHealth.js';
import { xcomFindings } from './xcomFindings.js';

export interface ReviewReport {
  /** When the facts were read (ISO 8601). */
  reviewedAt: string;
  summary: Record<Severity, number>;
  findings: Finding[];
  health: WorkflowHealth[];
}

export function reviewPlatform(
  facts: ReviewFacts,
  options: ReviewOptions = DEFAULT_REVIEW_OPTIONS,
): ReviewReport {
  const findings: Finding[] = [...contextAuthFindings(facts), ...connectionFindings(facts.connections)];
  const health: WorkflowHealth[] = [];
  for (const workflow of facts.workflows) {
    const stats = workflowHealth(workflow, facts.now, options);
    health.push(stats);
    findings.push(
      ...costFindings(workflow, options),
      ...resilienceFindings(workflow),
      ...xcomFindings(workflow, options),
      ...healthFindings(workflow, stats, options),
    );
    if (workflow.unreadable.length > 0) {
      findings.push({
        check: 'workflow-unreadable',
        severity: 'info',
        kind: 'health',
        object: workflowObject(workflow.workflow),
        title: 'could not read everything the review checks: those checks were skipped',
        evidence: workflow.unreadable.map((line, index) => ({ field: `read ${index + 1}`, value: line })),
        fix: 'check the role’s permissions and the server, then run the review again',
      });
    }
  }
  findings.sort(compareFindings);
  const summary: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) summary[finding.severity] += 1;
  return { reviewedAt: new Date(facts.now).toISOString(), summary, findings, health };
}

/** Whether the report holds a finding at `level` or worse (what `--fail-on` gates on). */
export function failsAt(report: ReviewReport, level: Severity): boolean {
  return report.findings.some((finding) => atLeast(finding.severity, level));
}
