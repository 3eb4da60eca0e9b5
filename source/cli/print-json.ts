// The one writer of --json output for the write, run and audit commands: one JSON document on
// stdout, two-space indented, newline-terminated. JSON.stringify escapes C0 controls; C1 controls
// (U+009B is a CSI on some terminals), bidi overrides and zero-width characters are escaped here
// as well, so server text in the output can neither drive the terminal nor disguise itself. Such
// characters only ever occur inside JSON strings, where \uXXXX means the same thing.
const UNSAFE = /[\u0080-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    UNSAFE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function printJson(value: unknown): void {
  process.stdout.write(`${jsonText(value)}\n`);
}
