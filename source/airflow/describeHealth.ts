// Airflow's health answer (same keys in v1 and v2) as one status-bar line.
// The scheduler and the metadata database decide "healthy"; a missing triggerer or dag processor
// (null status: never ran) is normal and not a problem.
import type { AirflowHealth } from './adapter.js';

type Part = { status?: string | null | undefined } | null | undefined;

/** The answer of the health endpoint, as far as it is read here. */
export interface HealthFields {
  metadatabase?: Part;
  scheduler?: Part;
  triggerer?: Part;
  dag_processor?: Part;
}

export function describeHealth(health: HealthFields): AirflowHealth {
  const parts: string[] = [];
  for (const [name, part] of [
    ['metadatabase', health.metadatabase],
    ['scheduler', health.scheduler],
    ['triggerer', health.triggerer],
    ['dag processor', health.dag_processor],
  ] as const) {
    if (part?.status) parts.push(`${name} ${part.status}`);
  }
  const healthy = health.scheduler?.status === 'healthy' && health.metadatabase?.status !== 'unhealthy';
  return { healthy, detail: parts.join(', ') || 'no health information' };
}
