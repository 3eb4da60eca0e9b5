// How the console names a backend: in full (headers, titles, log panes) and in the few columns a
// row gives its source.
import type { BackendKind } from './model.js';

/** A backend's name as the console writes it. */
export const BACKEND_LABEL: Readonly<Record<BackendKind, string>> = {
  airflow: 'Airflow',
  databricks: 'Databricks',
};

/** A backend's name in a narrow column (the incident view's SRC). */
export const BACKEND_SHORT_LABEL: Readonly<Record<BackendKind, string>> = {
  airflow: 'AF',
  databricks: 'DBX',
};
