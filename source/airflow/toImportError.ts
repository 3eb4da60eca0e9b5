// One import error of either API version as the core ImportError.
// The two versions share these fields; v2 adds bundle_name, which the model does not carry.
import type { ImportError } from '../core/model.js';
import { compact } from './compact.js';

export interface ImportErrorFields {
  import_error_id: number;
  timestamp?: string | null | undefined;
  filename: string;
  stack_trace?: string | null | undefined;
}

export function toImportError(error: ImportErrorFields): ImportError {
  return {
    id: error.import_error_id,
    filename: error.filename,
    // Always a string in practice; an empty trace still names the broken file.
    stackTrace: error.stack_trace ?? '',
    ...compact({ timestamp: error.timestamp }),
  };
}
