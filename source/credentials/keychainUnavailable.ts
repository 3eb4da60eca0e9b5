import { DagdeckError } from '../core/errors.js';

/**
 * The OS keychain cannot be used on this machine or in this session (no D-Bus session, no Secret
 * Service, locked and not answering). The credential chain treats it as "no secret here" and moves
 * on; `dagdeck login` reports it, because storing must never silently fall back to plaintext
 * (as the GitHub CLI learnt, cli/cli#7757).
 */
export class KeychainUnavailable extends DagdeckError {
  readonly code = 'keychain_unavailable';
}
