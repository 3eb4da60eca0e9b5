// The Databricks operators push XCom `run_id` and `run_page_url` as soon as they submit the run
// (DatabricksRunNowOperator, DatabricksSubmitRunOperator). v1 stringifies values by default
// ("123"), v2 returns them natively (123) or as a JSON string, so both are normalised here.
import { z } from 'zod';
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

/**
 * An XCom value as text: a number as its digits, a string trimmed, and a JSON-encoded string
 * ("\"https://...\"", as stored by serialize_value) decoded; anything else (null, an object) or
 * a blank string is no value.
 */
const XComText = z
  .union([
    z.number().transform(String),
    z.string().transform((value) => {
      const trimmed = value.trim();
      return (
        (trimmed.startsWith('"') && trimmed.endsWith('"') ? decodedString(trimmed) : undefined) ?? trimmed
      );
    }),
  ])
  .transform((text) => (text === '' ? undefined : text))
  .catch(undefined);

function asText(value: unknown): string | undefined {
  return XComText.parse(value);
}

function decodedString(json: string): string | undefined {
  try {
    const decoded: unknown = JSON.parse(json);
    return typeof decoded === 'string' ? decoded : undefined;
  } catch {
    // not JSON: kept as is
    return undefined;
  }
}
