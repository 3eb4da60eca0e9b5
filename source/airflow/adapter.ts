// The one interface both Airflow API versions implement: createAirflowAdapter, fed the dialect of
// v1.ts (Airflow 2) or v2.ts (Airflow 3). backend.ts detects the version and hands every Backend
// call to the matching adapter.
import type { Backend } from '../core/backend.js';
import type { AirflowApi } from './airflowApi.js';

export type AirflowOperations = Omit<Backend, 'kind' | 'capabilities' | 'probe' | 'serverInfo'>;

export interface AirflowHealth {
  healthy: boolean;
  detail: string;
}

export interface AirflowAdapter extends AirflowOperations {
  readonly apiVersion: 'v1' | 'v2';
  /** The server's version, e.g. "3.2.1". */
  readonly version: string;
  readonly api: AirflowApi;
  /** GET the health endpoint (unauthenticated in both versions). */
  health(signal?: AbortSignal): Promise<AirflowHealth>;
  /** One cheap authenticated call: throws AuthError when the credentials are refused. */
  checkAuth(signal?: AbortSignal): Promise<void>;
}
