// How a failure's reason (core/failureReasons.ts) reads in a cell.
import type { FailureReasonLookup } from '../core/failureReasons.js';

// "airflow.exceptions.AirflowException: …": the module path says little in a cell; the class says it.
const QUALIFIED_EXCEPTION =
  /^(?:[a-z_][a-z0-9_]*\.)+(?=[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Timeout)\b)/;

/**
 * The text for a row: the reason (an exception without its module path), cut to `width` with an
 * ellipsis; `…` while it is looked up, `?` when that failed.
 */
export function formatFailureReason(entry: FailureReasonLookup | undefined, width: number): string {
  if (!entry || entry.status === 'loading') return '…';
  if (entry.status === 'error') return '?';
  const text = (entry.value?.text ?? '').replace(QUALIFIED_EXCEPTION, '');
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}
