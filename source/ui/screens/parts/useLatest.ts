// Key handlers read the latest view through a ref, not the render-time closure: several keys can
// arrive in one stdin chunk before React re-renders (fast typing, paste, a slow SSH link), and each
// must move from where the previous one left the cursor (keys are resolved against the
// latest state, not stale closures).
import { useRef } from 'react';

export function useLatest<T>(value: T): { current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
