// Widths in terminal columns, not code points: a CJK character or an emoji takes two columns, a
// combining mark or a zero-width joiner none, so a column counted in code points ends early or late
// and every cell after it is out of line. string-width (ink's own measure) decides; printable
// ASCII, nearly every name, skips the grapheme scan.
import stringWidth from 'string-width';

const PLAIN_ASCII = /^[\x20-\x7e]*$/;
const graphemes = new Intl.Segmenter();

/** The columns `text` takes in a terminal. */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** Cuts to at most `width` columns with a trailing ellipsis, never inside a character. */
export function clipToWidth(text: string, width: number): string {
  if (width <= 0) return '';
  if (PLAIN_ASCII.test(text)) {
    if (text.length <= width) return text;
    return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
  }
  if (stringWidth(text) <= width) return text;
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const columns = stringWidth(segment);
    if (used + columns > width - 1) break;
    kept += segment;
    used += columns;
  }
  return `${kept}…`;
}

/** Pads or cuts to exactly `width` columns (a wide character that does not fit leaves a space). */
export function fitToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = clipToWidth(text, width);
  const pad = ' '.repeat(Math.max(0, width - displayWidth(cut)));
  return align === 'right' ? pad + cut : cut + pad;
}
