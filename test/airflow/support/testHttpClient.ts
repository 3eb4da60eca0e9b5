// Airflow unit tests use the production client, recording what was sent (test/support).
export { createRecordingHttpClient as createTestHttpClient } from '../../support/recordingHttpClient.js';
