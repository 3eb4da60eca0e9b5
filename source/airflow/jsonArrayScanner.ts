// Reads a JSON object of the shape `{"content": [item, item, ...], "other": value}` as it streams
// in, handing over each element of the `content` array as its own bytes. Airflow 3 answers a task
// log this way, the whole log in one body and the continuation token after it: a 1,000,000-line
// log is ~150 MB of JSON, which must neither be held nor parsed at once. The caller decides per
// item whether to JSON.parse it (lines already delivered are only counted). Only the structure is
// scanned: strings are skipped with indexOf, so most bytes are never looked at one by one.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export class JsonArrayScanner {
  readonly #arrayKey: string;
  #depth = 0;
  #inString = false;
  /** The string being read is a key of the top-level object. */
  #stringIsKey = false;
  #expectKey = false;
  #key = '';
  #keyParts: Buffer[] = [];
  /** Inside the array named by arrayKey, at its own depth. */
  #inArray = false;
  /** Bytes of the item (or top-level value) being collected, across chunks. */
  #parts: Buffer[] = [];
  #collecting: 'item' | 'value' | undefined;
  /** Depth at which the current item or value started. */
  #startDepth = 0;
  #primitive = false;
  readonly #values = new Map<string, string>();
  #closed = false;
  #pendingBackslashes = 0;

  constructor(arrayKey: string) {
    this.#arrayKey = arrayKey;
  }

  /** Scans one chunk; returns the array items it completed, each as the bytes of one JSON value. */
  push(chunk: Buffer): Buffer[] {
    const items: Buffer[] = [];
    let collectFrom = this.#collecting ? 0 : -1;
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.#inString) {
        const quote = chunk.indexOf(QUOTE, i);
        if (quote < 0) {
          if (this.#stringIsKey) this.#keyParts.push(chunk.subarray(i));
          // A run of backslashes at the end of the chunk carries over to the next one.
          this.#pendingBackslashes = trailingBackslashes(chunk, i, n, this.#pendingBackslashes);
          i = n;
          break;
        }
        const escapes = trailingBackslashes(chunk, i, quote, this.#pendingBackslashes);
        this.#pendingBackslashes = 0;
        if (this.#stringIsKey) this.#keyParts.push(chunk.subarray(i, quote));
        i = quote + 1;
        if (escapes % 2 === 1) {
          if (this.#stringIsKey) this.#keyParts.push(chunk.subarray(quote, quote + 1));
          continue;
        }
        this.#inString = false;
        if (this.#stringIsKey) {
          this.#key = Buffer.concat(this.#keyParts).toString('utf8');
          this.#keyParts = [];
          this.#stringIsKey = false;
        } else if (this.#collecting && this.#depth === this.#startDepth && !this.#primitive) {
          // A string item or value ends with its closing quote.
          this.#finish(chunk, collectFrom, i, items);
          collectFrom = -1;
        }
        continue;
      }
      const byte = chunk[i] as number;
      if (isSpace(byte)) {
        i++;
        continue;
      }
      if (this.#collecting && this.#primitive && this.#depth === this.#startDepth) {
        if (byte === COMMA || byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
          this.#finish(chunk, collectFrom, i, items);
          collectFrom = -1;
          // The delimiter is handled below as structure.
        } else {
          i++;
          continue;
        }
      }
      if (!this.#collecting) {
        const startsItem = this.#inArray && this.#depth === 2 && byte !== COMMA && byte !== CLOSE_BRACKET;
        const startsValue =
          !this.#inArray && this.#depth === 1 && !this.#expectKey && byte !== COMMA && byte !== COLON;
        if (startsValue && byte === OPEN_BRACKET && this.#key === this.#arrayKey) {
          this.#inArray = true;
          this.#depth = 2;
          i++;
          continue;
        }
        if (startsItem || (startsValue && byte !== CLOSE_BRACE)) {
          this.#collecting = startsItem ? 'item' : 'value';
          this.#startDepth = this.#depth;
          this.#primitive = byte !== OPEN_BRACE && byte !== OPEN_BRACKET && byte !== QUOTE;
          collectFrom = i;
          this.#parts = [];
          if (this.#primitive) {
            i++;
            continue;
          }
        }
      }
      switch (byte) {
        case QUOTE:
          this.#inString = true;
          this.#stringIsKey = this.#depth === 1 && this.#expectKey && !this.#collecting;
          if (this.#stringIsKey) this.#keyParts = [];
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          this.#depth++;
          if (this.#depth === 1) this.#expectKey = true;
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          this.#depth--;
          if (this.#depth === 0) this.#closed = true;
          if (this.#inArray && this.#depth === 1) this.#inArray = false;
          if (this.#collecting && this.#depth === this.#startDepth) {
            this.#finish(chunk, collectFrom, i + 1, items);
            collectFrom = -1;
          }
          break;
        case COMMA:
          if (this.#depth === 1) this.#expectKey = true;
          break;
        case COLON:
          if (this.#depth === 1) this.#expectKey = false;
          break;
      }
      i++;
    }
    if (this.#collecting && collectFrom >= 0 && collectFrom < n)
      this.#parts.push(chunk.subarray(collectFrom));
    return items;
  }

  #finish(chunk: Buffer, from: number, to: number, items: Buffer[]): void {
    if (from >= 0) this.#parts.push(chunk.subarray(from, to));
    const bytes = this.#parts.length === 1 ? (this.#parts[0] as Buffer) : Buffer.concat(this.#parts);
    this.#parts = [];
    if (this.#collecting === 'item') items.push(bytes);
    else this.#values.set(this.#key, bytes.toString('utf8'));
    this.#collecting = undefined;
    this.#primitive = false;
  }

  /** The top-level values other than the array, as JSON text, once the body has ended. */
  values(): ReadonlyMap<string, string> {
    return this.#values;
  }

  /** True once the top-level object's closing brace was read: the body is whole. */
  get complete(): boolean {
    return this.#closed;
  }
}

/** Backslashes right before `end` (down to `from`), plus those carried from the previous chunk. */
function trailingBackslashes(chunk: Buffer, from: number, end: number, carried: number): number {
  let count = 0;
  for (let j = end - 1; j >= from && chunk[j] === BACKSLASH; j--) count++;
  return count === end - from ? count + carried : count;
}
