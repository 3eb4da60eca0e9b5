// Airflow checks a trigger's conf against the DAG's params before it makes the run:
// each param, with the conf value over its default, goes through jsonschema
// and the first failure is a ParamValidationError, "Invalid input for param <name>: <error>",
// answered 400. <error> is str(jsonschema.ValidationError): the message on the first line, then
// the failed keyword, the schema and the instance, all in Python repr.
//
// Only the JSON-schema keywords the seeded params use are checked (type, enum, minimum, maximum,
// minLength, format "date", items); others are ignored, as jsonschema ignores unknown ones.
import type { ParamDef } from './model.js';
import type { Flavour } from './views.js';

type Schema = Record<string, unknown>;
type Path = (string | number)[];

interface Failure {
  message: string;
  keyword: string;
  /** Where the failing subschema sits (`schema['items']`) and the failing value (`instance[1]`). */
  schemaPath: Path;
  instancePath: Path;
  schema: Schema;
  instance: unknown;
}

/**
 * The detail of the ParamValidationError Airflow raises for this conf, or null when it is valid.
 * Airflow 2 validates the conf keys in the order sent (ParamsDict.update), then every param;
 * Airflow 3 merges first and validates the params in the DAG's order (deep_merge, validate).
 * Conf keys that are not params are accepted as they are on both.
 */
export function paramError(
  flavour: Flavour,
  params: Record<string, ParamDef>,
  conf: Record<string, unknown>,
): string | null {
  const declared = Object.keys(params);
  const names =
    flavour === 2 ? [...Object.keys(conf).filter((name) => name in params), ...declared] : declared;
  for (const name of names) {
    const param = params[name];
    if (!param) continue;
    const value = Object.hasOwn(conf, name) ? conf[name] : param.value;
    const failure = check(param.schema, value, [], []);
    if (failure) return `Invalid input for param ${name}: ${describe(failure)}`;
  }
  return null;
}

/** jsonschema's best match: errors nearer the top win, ties go to the first keyword of the schema. */
function check(schema: Schema, instance: unknown, schemaPath: Path, instancePath: Path): Failure | null {
  const fail = (keyword: string, message: string): Failure => ({
    message,
    keyword,
    schemaPath,
    instancePath,
    schema,
    instance,
  });
  for (const [keyword, expected] of Object.entries(schema)) {
    switch (keyword) {
      case 'type': {
        const types = Array.isArray(expected) ? (expected as string[]) : [expected as string];
        if (!types.some((type) => isType(instance, type)))
          return fail(keyword, `${repr(instance)} is not of type ${types.map(repr).join(', ')}`);
        break;
      }
      case 'enum':
        if (Array.isArray(expected) && !expected.some((option) => equal(option, instance)))
          return fail(keyword, `${repr(instance)} is not one of ${repr(expected)}`);
        break;
      case 'minimum':
        if (isNumber(instance) && typeof expected === 'number' && instance < expected)
          return fail(keyword, `${repr(instance)} is less than the minimum of ${repr(expected)}`);
        break;
      case 'maximum':
        if (isNumber(instance) && typeof expected === 'number' && instance > expected)
          return fail(keyword, `${repr(instance)} is greater than the maximum of ${repr(expected)}`);
        break;
      case 'minLength':
        // Python counts code points, not UTF-16 units.
        if (typeof instance === 'string' && typeof expected === 'number' && [...instance].length < expected)
          return fail(
            keyword,
            expected === 1 ? `${repr(instance)} should be non-empty` : `${repr(instance)} is too short`,
          );
        break;
      case 'format':
        if (expected === 'date' && typeof instance === 'string' && !isDate(instance))
          return fail(keyword, `${repr(instance)} is not a ${repr(expected)}`);
        break;
    }
  }
  // An element's error has a longer path, so it only wins when the array itself passed.
  const items = schema.items;
  if (Array.isArray(instance) && typeof items === 'object' && items !== null && !Array.isArray(items)) {
    for (const [index, element] of instance.entries()) {
      const failure = check(items as Schema, element, [...schemaPath, 'items'], [...instancePath, index]);
      if (failure) return failure;
    }
  }
  return null;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}

function isType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      // A JSON 3.0 arrives as 3 here, and jsonschema counts 3.0 as an integer too.
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

/** jsonschema's "date" format: RFC 3339 full-date that is a real calendar day. */
function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return year >= 1 && day >= 1 && day <= days;
}

function equal(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i]));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a);
    const record = b as Record<string, unknown>;
    return (
      ka.length === Object.keys(b).length &&
      ka.every((k) => Object.hasOwn(b, k) && equal((a as Record<string, unknown>)[k], record[k]))
    );
  }
  return a === b;
}

/** str(ValidationError); pprint's wrapping of values wider than 72 columns is not reproduced. */
function describe(failure: Failure): string {
  const where = (container: string, path: Path) =>
    path.length ? `${container}[${path.map(repr).join('][')}]` : container;
  return [
    failure.message,
    '',
    `Failed validating ${repr(failure.keyword)} in ${where('schema', failure.schemaPath)}:`,
    `    ${repr(failure.schema)}`,
    '',
    `On ${where('instance', failure.instancePath)}:`,
    `    ${repr(failure.instance)}`,
  ].join('\n');
}

/** Python's repr() of a parsed JSON value, as jsonschema writes it into its messages. */
function repr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return reprString(value);
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${reprString(k)}: ${repr(v)}`)
      .join(', ')}}`;
  return String(value);
}

function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '\\' || char === quote) out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${quote}${out}${quote}`;
}
