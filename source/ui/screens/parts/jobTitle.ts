import { sanitizeName } from '../../../core/sanitize.js';

/**
 * A Databricks job as the detail screens name it: "eod_risk_models (job 1000)" (the name from
 * runs/get run_name, the id after it), or whichever of the two is known; '' when neither is.
 */
export function jobTitle(name: string | undefined, jobId: string | undefined): string {
  if (name && jobId) return `${sanitizeName(name)} (job ${sanitizeName(jobId)})`;
  if (name) return sanitizeName(name);
  return jobId ? `job ${sanitizeName(jobId)}` : '';
}
