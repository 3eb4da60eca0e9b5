// Validates simulator responses against the Databricks Jobs 2.2 JSON Schema in test/specs
// (JSON Schema 2020-12; every type under `$defs`, responses named by `x-operations`). The schema
// was generated from the Go SDK and never forbids unknown fields, so this copy closes every object
// type (`unevaluatedProperties: false`): a misspelt or invented field fails the test instead of
// slipping through.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';

const SCHEMA_PATH = resolve(import.meta.dirname, '../../specs/databricks-jobs-2.2.schema.json');

type Node = Record<string, unknown>;

function closeObjects(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(closeObjects);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const object = node as Node;
  if (object.type === 'object' && object.properties && object.additionalProperties === undefined) {
    object.unevaluatedProperties = false;
  }
  Object.values(object).forEach(closeObjects);
}

const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Node & { $defs: Node };
closeObjects(schema.$defs);
const ajv = new Ajv2020({ strict: false, allErrors: true });
// int64 ids and epoch milliseconds: JSON numbers that must stay exact in JavaScript.
ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isSafeInteger(value) });
ajv.addSchema(schema, 'jobs');

/** Throws with ajv's messages when `value` does not match `$defs[definition]`. */
export function expectMatchesSchema(definition: string, value: unknown): void {
  const validate = ajv.getSchema(`jobs#/$defs/${definition}`);
  if (!validate) throw new Error(`no $defs/${definition} in ${SCHEMA_PATH}`);
  if (!validate(value)) {
    throw new Error(`${definition}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`);
  }
}

/** The response definition of an operation, read from the schema's x-operations table. */
export function responseDefinition(method: string, path: string): string {
  const operations = schema['x-operations'] as {
    method: string;
    path: string;
    response: { $ref?: string };
  }[];
  const operation = operations.find((op) => op.method === method && op.path === path);
  const ref = operation?.response.$ref;
  if (!ref) throw new Error(`no response $ref for ${method} ${path}`);
  return ref.replace('#/$defs/', '');
}
