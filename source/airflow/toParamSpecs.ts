// DAG `params` (from GET /dags/{id}/details) as ParamSpec for the trigger form. Both versions
// serialise a Param as an object with `value`, `schema` and `description` (v1 adds `__class`);
// a plain value is a param without schema.
import { z } from 'zod';
import type { ParamSpec } from '../core/backend.js';

/** A serialised Param; a plain value (or an object without value and schema) is a param's default. */
const SerializedParam = z.looseObject({
  value: z.unknown().optional(),
  schema: z.unknown().optional(),
  description: z.unknown().optional(),
});
/** The param's JSON Schema, read field by field below; anything but an object is no schema. */
const JsonSchema = z.record(z.string(), z.unknown()).catch({});

const TYPES = new Set<ParamSpec['type']>([
  'string',
  'number',
  'integer',
  'boolean',
  'object',
  'array',
  'null',
]);

export function toParamSpecs(params: Record<string, unknown> | null | undefined): ParamSpec[] {
  if (!params) return [];
  return Object.entries(params).map(([name, raw]) => {
    const param = SerializedParam.safeParse(raw);
    const record =
      param.success && ('value' in param.data || 'schema' in param.data) ? param.data : { value: raw };
    const schema = JsonSchema.parse(record.schema);
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter(
      (t): t is string => typeof t === 'string',
    );
    const value = record.value;
    const spec: ParamSpec = { name, type: pickType(types, value) };
    if (value !== undefined && value !== null) spec.default = value;
    const description = typeof record.description === 'string' ? record.description : schema.description;
    if (typeof description === 'string' && description !== '') spec.description = description;
    if (Array.isArray(schema.enum)) spec.enum = schema.enum;
    if (Object.keys(schema).length > 0) spec.schema = schema;
    // A param without a default whose schema does not allow null must be filled in.
    spec.required = (value === undefined || value === null) && types.length > 0 && !types.includes('null');
    return spec;
  });
}

function pickType(types: string[], value: unknown): ParamSpec['type'] {
  const declared = types.find((t) => t !== 'null') ?? types[0];
  if (declared && TYPES.has(declared as ParamSpec['type'])) return declared as ParamSpec['type'];
  if (value === undefined) return 'unknown';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'object')
    return typeof value as ParamSpec['type'];
  return 'unknown';
}
