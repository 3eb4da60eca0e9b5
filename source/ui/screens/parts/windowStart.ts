// Windowed lists render only the rows that fit (Ink redraws every line it renders). The first visible row
// is derived from the cursor during render, no scroll state to keep in sync: the cursor sits in the
// middle of the window once the list is longer than the window, and the window never runs past the end.
export function windowStart(cursor: number, count: number, height: number): number {
  if (height <= 0 || count <= height) return 0;
  const centred = cursor - Math.floor(height / 2);
  return Math.max(0, Math.min(centred, count - height));
}
