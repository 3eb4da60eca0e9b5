// The `/` prompt (issue 17): it opens on the filter in force, ctrl+u (clearText) empties it and the
// filter follows while typing, esc gives back the filter from before.
import { describe, expect, it, vi } from 'vitest';
import { createPromptMode } from '../../../source/ui/modes/promptMode.js';

describe('the filter prompt', () => {
  it('starts from the current filter; ctrl+u clears it and says so; accept keeps what is typed', () => {
    const onChange = vi.fn<(draft: string) => void>();
    const onAccept = vi.fn<(draft: string) => void>();
    const mode = createPromptMode({ kind: 'filter', initial: 'eod', onChange, onAccept, onCancel: vi.fn() });
    expect(mode.state.get().draft).toBe('eod');
    mode.onText('x');
    mode.onCommand('clearText');
    expect(mode.state.get().draft).toBe('');
    expect(onChange.mock.calls.map(([draft]) => draft)).toEqual(['eodx', '']);
    mode.onText('ml');
    mode.onCommand('accept');
    expect(onAccept).toHaveBeenCalledWith('ml');
  });

  it('ctrl+u on an empty line changes nothing; esc cancels', () => {
    const onChange = vi.fn<(draft: string) => void>();
    const onCancel = vi.fn<() => void>();
    const mode = createPromptMode({ kind: 'filter', initial: '', onChange, onAccept: vi.fn(), onCancel });
    mode.onCommand('clearText');
    expect(onChange).not.toHaveBeenCalled();
    mode.onCommand('cancel');
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
