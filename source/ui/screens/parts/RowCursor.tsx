// The selection marker of a list row: a `›` (visible without colour and in ANSI-stripped test
// frames) plus inverse video on the selected row.
import { Text } from 'ink';
import type { ReactNode } from 'react';

export function RowCursor({ selected, children }: { selected: boolean; children: ReactNode }) {
  return (
    <Text wrap="truncate-end" inverse={selected}>
      {selected ? '› ' : '  '}
      {children}
    </Text>
  );
}
