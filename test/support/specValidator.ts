// Validates a JSON value against a component schema of a published spec (the copies in test/specs),
// with Ajv: what the simulator answers, and the recorded-shape answers the unit tests serve.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const SPECS = {
  3: '../specs/airflow-3-v2.yaml',
  2: '../specs/airflow-2-v1.yaml',
  auth: '../specs/airflow-3-simple-auth-manager.yaml',
} as const;

export type SpecName = keyof typeof SPECS;

/** A checker of one spec: the list of what is wrong with `value` as `schema` (empty when it fits). */
export function specValidator(which: SpecName): (schema: string, value: unknown) => string[] {
  const spec = parse(readFileSync(new URL(SPECS[which], import.meta.url), 'utf8')) as object;
  // OpenAPI 3.0 `nullable` next to a $ref/allOf (no `type`) is legal there but not in Ajv: drop it.
  const strip = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.nullable === true && !('type' in record)) delete record.nullable;
    for (const child of Object.values(record)) strip(child);
  };
  strip(spec);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  ajv.addFormat('datetime', true);
  ajv.addSchema({ $id: 'spec', ...spec });
  return (schema, value) => {
    const validate = ajv.getSchema(`spec#/components/schemas/${schema}`);
    if (!validate) throw new Error(`no schema ${schema}`);
    const ok = validate(value);
    return ok ? [] : (validate.errors ?? []).map((e) => `${schema}${e.instancePath} ${e.message}`);
  };
}
