// The Databricks operators push XCom `run_id` and `run_page_url` as soon as they submit the run
// (reference airflow-api.md §5.10). v1 stringifies values by default ("123"), v2 returns them
// natively (123) or as a JSON string, so both are normalised here.
import type { CrossLink } from '../core/model.js';

export function toDatabricksLinks(runIdValue: unknown, runPageUrlValue: unknown): CrossLink[] {
  const url = asText(runPageUrlValue);
  let runId = asText(runIdValue);
  if (runId !== undefined && !/^\d+$/.test(runId)) runId = undefined;
  runId ??= url ? /\/run\/(\d+)/.exec(url)?.[1] : undefined;
  if (runId === undefined) return [];
  const link: CrossLink = { backend: 'databricks', runId, label: `Databricks run ${runId}` };
  if (url) link.url = url;
  const jobId = url ? /#job\/(\d+)\//.exec(url)?.[1] : undefined;
  if (jobId) link.workflowId = jobId;
  return [link];
}

function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  // A JSON-encoded string value ("\"https://...\"") as stored by serialize_value.
  if (trimmed.startsWith('"') && trimmed.endsWith('"')) {
    try {
      const decoded: unknown = JSON.parse(trimmed);
      if (typeof decoded === 'string') return decoded;
    } catch {
      // not JSON: keep as is
    }
  }
  return trimmed === '' ? undefined : trimmed;
}
