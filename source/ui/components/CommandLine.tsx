// The `:` prompt (k9s command mode). The text lives in the App reducer.
import { PromptLine } from './PromptLine.js';

export function CommandLine({ draft }: { draft: string }) {
  // The commands are listed only until typing starts; then the draft needs the room.
  return (
    <PromptLine
      sigil=":"
      draft={draft}
      hint={draft === '' ? 'dags · jobs · now · ctx NAME · q' : undefined}
    />
  );
}
