// How previews and refusals name jobs, runs and lists of names: with the job's name where it is
// known, and never a wall of 130 task keys.
import type { Job, Run } from './schemas.js';

/** How many names a message lists before "…". */
const NAMES_SHOWN = 12;

/** "eod_risk_models (123)". */
export const jobLabel = (job: Job): string =>
  job.settings.name ? `${job.settings.name} (${job.job_id})` : String(job.job_id);

/** "456 of job eod_risk_models". */
export const runLabel = (run: Run): string =>
  run.run_name ? `${run.run_id} of job ${run.run_name}` : run.run_id;

/** '"a", "b", … (3 more)'. */
export function quoteList(names: string[]): string {
  const quoted = names.slice(0, NAMES_SHOWN).map((name) => `"${name}"`);
  if (names.length > NAMES_SHOWN) quoted.push(`… (${names.length - NAMES_SHOWN} more)`);
  return quoted.join(', ');
}
