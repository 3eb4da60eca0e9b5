// The terminal size as React state (after Shopify cli-kit use-layout.ts): ink
// 6.8 re-lays out on resize but never tells components the new row count. Components read the
// size from this context, never from process.stdout; tests inject a fixed size.
import { useStdout } from 'ink';
import { createContext, type ReactNode, useContext, useLayoutEffect, useState } from 'react';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** ink-testing-library's stdout has 100 columns and no rows. */
const FALLBACK: TerminalSize = { columns: 100, rows: 30 };

const TerminalSizeContext = createContext<TerminalSize>(FALLBACK);

function measure(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || FALLBACK.columns, rows: stdout.rows || FALLBACK.rows };
}

/** Follows the real terminal, unless `fixed` is given (tests, screenshots). */
export function TerminalSizeProvider({ fixed, children }: { fixed?: TerminalSize; children: ReactNode }) {
  const { stdout } = useStdout();
  const [size, setSize] = useState<TerminalSize>(() => fixed ?? measure(stdout));
  useLayoutEffect(() => {
    if (fixed) {
      setSize(fixed);
      return;
    }
    const onResize = () => setSize(measure(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, fixed]);
  return <TerminalSizeContext.Provider value={size}>{children}</TerminalSizeContext.Provider>;
}

export function useTerminalSize(): TerminalSize {
  return useContext(TerminalSizeContext);
}
