// Trigger parameters as typed by an operator (a form field, `-p key=value`) and checked before
// anything is sent: each text is read by its parameter's type, then every value is checked against
// the parameter's own JSON schema (the same check Airflow runs on the server, so a refusal shows on
// the field instead of as a failed run).
import type { ParamSpec } from './backend.js';

export type ParsedParam = { ok: true; value: unknown } | { ok: false; error: string };

/** The text a field starts with: the default, as the operator would type it. */
export function formatParamValue(spec: ParamSpec, value: unknown = spec.default): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Reads `text` as a value of the parameter's type. Empty text is "not given" (undefined): the
 * server's default applies, or the required check fails.
 */
export function parseParamText(spec: ParamSpec, text: string): ParsedParam {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  switch (spec.type) {
    case 'string':
      return { ok: true, value: text };
    case 'integer':
    case 'number': {
      const value = Number(trimmed);
      if (!Number.isFinite(value)) return { ok: false, error: `"${trimmed}" is not a number` };
      if (spec.type === 'integer' && !Number.isInteger(value)) {
        return { ok: false, error: `"${trimmed}" is not a whole number` };
      }
      return { ok: true, value };
    }
    case 'boolean':
      if (/^(true|yes|on|1)$/i.test(trimmed)) return { ok: true, value: true };
      if (/^(false|no|off|0)$/i.test(trimmed)) return { ok: true, value: false };
      return { ok: false, error: `"${trimmed}" is not true or false` };
    case 'null':
      return trimmed === 'null' ? { ok: true, value: null } : { ok: false, error: 'only null is allowed' };
    default:
      return parseJson(spec, trimmed);
  }
}

function parseJson(spec: ParamSpec, text: string): ParsedParam {
  try {
    const value: unknown = JSON.parse(text);
    if (spec.type === 'object' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      return { ok: false, error: 'must be a JSON object, e.g. {"key": "value"}' };
    }
    if (spec.type === 'array' && !Array.isArray(value)) {
      return { ok: false, error: 'must be a JSON array, e.g. ["a", "b"]' };
    }
    return { ok: true, value };
  } catch (error) {
    // A parameter of unknown type takes plain text as a string.
    if (spec.type === 'unknown') return { ok: true, value: text };
    return { ok: false, error: `not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

const DATE_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * A trigger's logical date as typed: ISO 8601 with a time zone (Airflow refuses one without), or
 * empty for none.
 */
export function parseLogicalDate(
  text: string,
): { ok: true; value: string | null } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  if (DATE_WITH_OFFSET.test(trimmed) && !Number.isNaN(Date.parse(trimmed)))
    return { ok: true, value: trimmed };
  if (Number.isNaN(Date.parse(trimmed))) {
    return {
      ok: false,
      error: 'not a date: use ISO 8601 with a zone, e.g. 2026-12-03T18:00:00Z, or leave it empty',
    };
  }
  return {
    ok: false,
    error: 'add a time zone, e.g. 2026-12-03T18:00:00Z (Airflow refuses a date without one)',
  };
}

type Validator = ((value: unknown) => boolean) & {
  errors?: { instancePath?: string; message?: string }[] | null;
};
type CompileSchema = (schema: Record<string, unknown>) => Validator;

let compilerPromise: Promise<CompileSchema> | undefined;

/** ajv, loaded the first time a form or a command validates (it stays off the start-up path). */
function loadCompiler(): Promise<CompileSchema> {
  compilerPromise ??= (async () => {
    const [ajvModule, formatsModule] = await Promise.all([import('ajv'), import('ajv-formats')]);
    // Both are CommonJS modules whose exports also carry themselves as `default`.
    const Ajv = ajvModule.default.default;
    const addFormats = formatsModule.default.default;
    // Airflow adds its own keywords to param schemas (title, section, values_display...): not strict.
    const ajv = new Ajv({ allErrors: false, strict: false });
    addFormats(ajv);
    const cache = new Map<string, Validator>();
    return (schema) => {
      const key = JSON.stringify(schema);
      let validate = cache.get(key);
      if (!validate) {
        validate = ajv.compile(schema) as Validator;
        cache.set(key, validate);
      }
      return validate;
    };
  })();
  return compilerPromise;
}

/**
 * The problems of `values` against `specs`, by parameter name (empty when all is well): required
 * parameters without a value, enum values not offered, and each parameter's JSON schema.
 */
export async function validateParams(
  specs: readonly ParamSpec[],
  values: Readonly<Record<string, unknown>>,
): Promise<Record<string, string>> {
  const problems: Record<string, string> = {};
  let compile: CompileSchema | undefined;
  for (const spec of specs) {
    const value = values[spec.name];
    if (value === undefined) {
      if (spec.required) problems[spec.name] = 'required: give a value';
      continue;
    }
    if (spec.enum && !spec.enum.some((choice) => JSON.stringify(choice) === JSON.stringify(value))) {
      problems[spec.name] = `must be one of ${spec.enum.map((choice) => JSON.stringify(choice)).join(', ')}`;
      continue;
    }
    if (!spec.schema || Object.keys(spec.schema).length === 0) continue;
    compile ??= await loadCompiler();
    let validate: Validator;
    try {
      validate = compile(spec.schema);
    } catch {
      // A schema ajv cannot compile is the server's to check.
      continue;
    }
    if (!validate(value)) {
      const first = validate.errors?.[0];
      problems[spec.name] =
        `${first?.instancePath ? `${first.instancePath} ` : ''}${first?.message ?? 'does not match its schema'}`;
    }
  }
  return problems;
}
