// Import errors are an Airflow notion (DAG files the scheduler failed to parse): the Databricks backend
// refuses listImportErrors locally, as it refuses the actions it does not have.
import { expect, it } from 'vitest';
import { Refused } from '../../source/core/errors.js';
import { staticSecret } from '../../source/databricks/auth/staticSecret.js';
import { createDatabricksBackend } from '../../source/databricks/backend.js';
import { createRecordingHttpClient } from '../support/recordingHttpClient.js';

it('Databricks refuses: jobs have no files to import, and nothing is requested', async () => {
  const http = createRecordingHttpClient();
  const backend = createDatabricksBackend({
    host: 'https://dbc.example.invalid',
    http,
    auth: { kind: 'pat', token: staticSecret('dapi-test', 'test') },
  });
  await expect(backend.listImportErrors()).rejects.toBeInstanceOf(Refused);
  await expect(backend.listImportErrors()).rejects.toThrow(/Airflow/);
  expect(http.requests).toEqual([]);
});
