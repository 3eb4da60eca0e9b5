// The `/` prompt. The text lives in the App reducer (keys resolved there); this only draws it.
import { PromptLine } from './PromptLine.js';

export function FilterInput({ draft }: { draft: string }) {
  return (
    <PromptLine sigil="/" draft={draft} hint="enter keeps · esc clears · !x inverts · tag:x · state:failed" />
  );
}
