// The real clock for what is shown as "elapsed" or "ago": the screen re-renders every `intervalMs`
// while `live` is true (something on it is still running), and every render reads the clock itself,
// so a render caused by anything else is exact too.
import { useEffect, useReducer } from 'react';

export function useNow(live: boolean, intervalMs = 1_000): number {
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(tick, intervalMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }, [live, intervalMs]);
  return Date.now();
}
