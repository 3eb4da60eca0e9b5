// Databricks unit tests use the production client, recording what was sent (test/support).
export { createRecordingHttpClient as createFetchHttpClient } from '../support/recordingHttpClient.js';
