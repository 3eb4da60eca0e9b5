// The terminal sanitiser. Every server-supplied string (DAG, task and
// job names, run ids, error messages, log lines) passes through it before it reaches the terminal,
// because raw escape sequences can retitle the window (OSC 0/2), write the clipboard over SSH
// (OSC 52), spoof links (OSC 8), move the cursor to overwrite lines (CSI, `\r`), or make the terminal
// type a reply into our stdin (CSI 6n), which Ink would read as key presses.
//
// The one sanitiser: the console, the command-line tables and the debug log all use it.
// It is a single linear scan over code points: no backtracking regex ever sees attacker input.
// Kept: printable text, `\n`, and SGR colour codes from an allowlist. Dropped: every other CSI, OSC,
// DCS/SOS/PM/APC string, two-byte ESC sequence, bare ESC and C1 control. Shown visibly: other C0
// controls (BEL → ␇, BS → ␈, NUL → ␀). A lone `\r` keeps only what follows it and marks the line ↻.

export interface SanitizeOptions {
  /** Keep allowlisted SGR colour codes (true for log text; false for names shown in tables). */
  keepSgr?: boolean;
  /** Strip bidi overrides and zero-width characters instead of showing them as ⟨U+XXXX⟩. */
  stripInvisible?: boolean;
  /** Longest output line in characters; longer lines end with "… (+N chars)". */
  maxLineLength?: number;
}

const ESC = 0x1b;
const BEL = 0x07;
const DEFAULT_MAX_LINE = 8192;
const TAB_WIDTH = 8;
// Printable ASCII only: no control character, no ESC, nothing outside U+0020..U+007E.
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Log text: colours kept, invisible characters made visible. */
export function sanitize(text: string, options: SanitizeOptions = {}): string {
  return new Sanitizer(options).run(text);
}

/** Identifiers (names, ids, tags, one-line messages): no escapes at all, one line, invisible characters stripped. */
export function sanitizeName(text: string): string {
  // Nearly every name is plain printable ASCII, which needs no change: skip the scan (with 10,000
  // DAGs the full scan was most of the cost of building the home rows, bench/README.md).
  if (text.length <= 512 && PLAIN_ASCII.test(text)) return text;
  return new Sanitizer({ keepSgr: false, stripInvisible: true, maxLineLength: 512 })
    .run(text)
    .replace(/\n/g, ' ');
}

/**
 * Text written to a file that someone may `cat` later (the debug log): no escape sequence at all,
 * colours included, since they would replay in whatever terminal reads it; every line kept whole,
 * and invisible characters shown as ⟨U+XXXX⟩ so that a line reads as what it holds.
 */
export function sanitizeFileText(text: string): string {
  return new Sanitizer({ keepSgr: false, maxLineLength: Number.POSITIVE_INFINITY }).run(text);
}

const FORMAT = /^\p{Cf}$/u;

/**
 * The whole Unicode format category (bidi controls and isolates, zero-width space and joiners,
 * soft hyphen, BOM, interlinear annotation, tag characters...), and the line and paragraph
 * separators: none draws anything, and each can make a name read differently from what it is.
 */
function isInvisible(cp: number): boolean {
  // Nothing below the soft hyphen (U+00AD) is a format character: most text stops here.
  if (cp < 0xad) return false;
  return cp === 0x2028 || cp === 0x2029 || FORMAT.test(String.fromCodePoint(cp));
}

/** Keeps the allowed SGR parameters of one `CSI … m`, or returns '' when none is left. */
export function filterSgr(params: string): string {
  if (params === '') return '\x1b[m';
  if (!/^[0-9;]*$/.test(params)) return ''; // colon sub-parameters and private markers: drop
  const parts = params.split(';');
  const kept: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i] ?? '';
    const n = raw === '' ? 0 : Number(raw);
    if (n === 38 || n === 48) {
      const mode = Number(parts[i + 1]);
      if (mode === 5 && byte(parts[i + 2])) {
        kept.push(`${n};5;${Number(parts[i + 2])}`);
        i += 2;
        continue;
      }
      if (mode === 2 && byte(parts[i + 2]) && byte(parts[i + 3]) && byte(parts[i + 4])) {
        kept.push(`${n};2;${Number(parts[i + 2])};${Number(parts[i + 3])};${Number(parts[i + 4])}`);
        i += 4;
        continue;
      }
      return kept.length > 0 ? `\x1b[${kept.join(';')}m` : ''; // malformed extended colour: stop here
    }
    if (allowedSgr(n)) kept.push(String(n));
    // 8 (conceal) can hide text, 5/6 blink, 7 reverse video is dropped too: none carries meaning in a log.
  }
  return kept.length > 0 ? `\x1b[${kept.join(';')}m` : '';
}

function byte(value: string | undefined): boolean {
  if (value === undefined || !/^[0-9]{1,3}$/.test(value)) return false;
  return Number(value) <= 255;
}

function allowedSgr(n: number): boolean {
  return (
    n === 0 ||
    n === 1 ||
    n === 2 ||
    n === 3 ||
    n === 4 ||
    n === 22 ||
    n === 23 ||
    n === 24 ||
    n === 39 ||
    n === 49 ||
    (n >= 30 && n <= 37) ||
    (n >= 40 && n <= 47) ||
    (n >= 90 && n <= 97) ||
    (n >= 100 && n <= 107)
  );
}

class Sanitizer {
  readonly #keepSgr: boolean;
  readonly #stripInvisible: boolean;
  readonly #max: number;
  #out: string[] = [];
  #line = '';
  #column = 0;
  #overflow = 0;
  #rewritten = false;

  constructor(options: SanitizeOptions) {
    this.#keepSgr = options.keepSgr ?? true;
    this.#stripInvisible = options.stripInvisible ?? false;
    this.#max = options.maxLineLength ?? DEFAULT_MAX_LINE;
  }

  run(text: string): string {
    const cps = Array.from(text, (ch) => ch.codePointAt(0) ?? 0);
    let i = 0;
    while (i < cps.length) {
      const cp = cps[i] ?? 0;
      if (cp === ESC) {
        i = this.#escape(cps, i + 1);
      } else if (cp === 0x9b) {
        i = this.#csi(cps, i + 1);
      } else if (cp === 0x9d || cp === 0x90 || cp === 0x98 || cp === 0x9e || cp === 0x9f) {
        i = skipString(cps, i + 1);
      } else if (cp >= 0x80 && cp <= 0x9f) {
        i++; // other C1 controls: drop
      } else if (cp === 0x0a) {
        this.#newline();
        i++;
      } else if (cp === 0x0d) {
        if (cps[i + 1] === 0x0a) {
          i++; // CRLF is a plain newline
          continue;
        }
        // A lone CR would let later text overwrite earlier text on screen: keep only the last segment.
        this.#line = '';
        this.#column = 0;
        this.#overflow = 0;
        this.#rewritten = true;
        i++;
      } else if (cp === 0x09) {
        const spaces = TAB_WIDTH - (this.#column % TAB_WIDTH);
        this.#text(' '.repeat(spaces), spaces);
        i++;
      } else if (cp < 0x20) {
        this.#text(String.fromCodePoint(0x2400 + cp), 1);
        i++;
      } else if (cp === 0x7f) {
        this.#text('\u2421', 1);
        i++;
      } else if (isInvisible(cp)) {
        if (!this.#stripInvisible) {
          const label = `⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩`;
          this.#text(label, label.length);
        }
        i++;
      } else {
        this.#text(String.fromCodePoint(cp), 1);
        i++;
      }
    }
    this.#flush();
    return this.#out.join('\n');
  }

  #text(value: string, width: number): void {
    if (this.#column >= this.#max) {
      this.#overflow += width;
      return;
    }
    this.#line += value;
    this.#column += width;
  }

  #sgr(sequence: string): void {
    if (sequence !== '' && this.#column < this.#max) this.#line += sequence;
  }

  #newline(): void {
    this.#flush();
    this.#line = '';
    this.#column = 0;
    this.#overflow = 0;
    this.#rewritten = false;
  }

  #flush(): void {
    let line = this.#line;
    if (this.#overflow > 0) line += `… (+${this.#overflow} chars)`;
    if (this.#rewritten) line = `↻ ${line}`;
    this.#out.push(line);
  }

  /** After ESC: CSI, a string sequence, or a two-byte escape. Returns the next index. */
  #escape(cps: number[], i: number): number {
    const next = cps[i];
    if (next === undefined) return i; // bare ESC at the end
    if (next === 0x5b) return this.#csi(cps, i + 1); // [
    if (next === 0x5d || next === 0x50 || next === 0x58 || next === 0x5e || next === 0x5f) {
      return skipString(cps, i + 1); // ] P X ^ _
    }
    // Two-byte (or nF with intermediates) escapes: ESC c (reset), ESC 7/8, ESC ( B...
    let j = i;
    while (j < cps.length && (cps[j] ?? 0) >= 0x20 && (cps[j] ?? 0) <= 0x2f) j++;
    if (j < cps.length && (cps[j] ?? 0) >= 0x30 && (cps[j] ?? 0) <= 0x7e) return j + 1;
    return j; // bare ESC followed by a control or text: drop the ESC only
  }

  /** After CSI: parameters, intermediates, a final byte. Keeps SGR (allowlisted); drops the rest. */
  #csi(cps: number[], i: number): number {
    let j = i;
    let params = '';
    while (j < cps.length && (cps[j] ?? 0) >= 0x30 && (cps[j] ?? 0) <= 0x3f) {
      params += String.fromCharCode(cps[j] ?? 0);
      j++;
    }
    let intermediates = false;
    while (j < cps.length && (cps[j] ?? 0) >= 0x20 && (cps[j] ?? 0) <= 0x2f) {
      intermediates = true;
      j++;
    }
    const final = cps[j];
    if (final === undefined || final < 0x40 || final > 0x7e) return j; // malformed: drop what was read
    if (final === 0x6d && !intermediates && this.#keepSgr) this.#sgr(filterSgr(params));
    return j + 1;
  }
}

/**
 * Skips an OSC/DCS/SOS/PM/APC payload up to its terminator (BEL, ESC \, or 8-bit ST). A newline
 * also ends it, so an unterminated sequence cannot swallow the rest of a log.
 */
function skipString(cps: number[], i: number): number {
  let j = i;
  while (j < cps.length) {
    const cp = cps[j];
    if (cp === BEL || cp === 0x9c) return j + 1;
    if (cp === ESC) return cps[j + 1] === 0x5c ? j + 2 : j;
    if (cp === 0x0a) return j;
    j++;
  }
  return j;
}
