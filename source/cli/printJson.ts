// The one way the command line prints --json. JSON.stringify escapes C0 controls (so ESC arrives
// as \u001b) but passes C1 controls, bidi overrides and zero-width characters through raw: a
// terminal that reads 8-bit C1 acts on U+009B (CSI) and U+009D (OSC) when someone runs the command
// without a pipe, and U+202E or U+200B make a name read differently from what it is. Every one of
// them is written as a \u escape instead, so a JSON reader gets the data unchanged and a terminal
// gets plain ASCII punctuation.

/**
 * DEL and C1 (U+007F..U+009F), every format character (the Unicode category Cf: bidi controls,
 * zero-width space/joiners, soft hyphen, BOM, tags...), and the line/paragraph separators, which
 * some terminals and editors treat as line breaks.
 */
const UNSAFE = /[\u007f-\u009f\u2028\u2029\p{Cf}]/gu;

function escapeUnit(unit: number): string {
  return `\\u${unit.toString(16).padStart(4, '0')}`;
}

/** A JSON text with every unsafe character written as a \u escape (surrogate pairs for astral ones). */
export function safeJson(value: unknown, indent = 2): string {
  const text = JSON.stringify(value, null, indent) ?? 'null';
  // Outside strings JSON is ASCII punctuation, so every match is inside a string, where an
  // escape means exactly the same character.
  return text.replace(UNSAFE, (ch) => {
    let out = '';
    for (let i = 0; i < ch.length; i++) out += escapeUnit(ch.charCodeAt(i));
    return out;
  });
}

/** Prints `value` as JSON on stdout, one trailing newline. */
export function printJson(value: unknown): void {
  process.stdout.write(`${safeJson(value)}\n`);
}
