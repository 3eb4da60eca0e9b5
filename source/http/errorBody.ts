// The shapes servers explain a refusal in: Databricks {error_code, message}, Airflow 2's
// problem+json {title, detail}, FastAPI's {detail: string | [{loc, msg}]}, OAuth's {error,
// error_description}. Every field is optional and a field of another type counts as absent, so a
// body of any shape parses; what it says is picked by mapHttpError and remapAirflowError.
import { z } from 'zod';

/** A string field; anything else is as good as absent. */
const text = z.string().optional().catch(undefined);

/** One FastAPI validation issue: where (`loc`) and what (`msg`). */
export const ValidationIssue = z.looseObject({
  loc: z.array(z.unknown()).optional().catch(undefined),
  msg: text,
});

export const ErrorBody = z.looseObject({
  error_code: text,
  message: text,
  error_description: text,
  /** A string in most APIs; FastAPI's list of validation issues; anything else is shown as JSON. */
  detail: z.unknown().optional(),
  /** Shown when there is no detail (problem+json), even when it is not a string. */
  title: z.unknown().optional(),
  /** OAuth's error code, or an object with its own message (some gateways). */
  error: z
    .union([z.string(), z.looseObject({ message: text })])
    .optional()
    .catch(undefined),
});
export type ErrorBody = z.output<typeof ErrorBody>;

/** The JSON error body in `text`, or undefined when it is not a JSON object. */
export function parseErrorBody(text: string): ErrorBody | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = ErrorBody.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
