// Plain-fetch helpers for the Airflow simulator tests: log in per flavour, call the API.
import type { AirflowSim } from '../../../source/sim/airflow/server.js';

export interface Caller {
  base: string;
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: unknown; text: string; headers: Headers }>;
}

export async function login(sim: AirflowSim): Promise<string> {
  if (sim.flavour === 2) return `Basic ${Buffer.from(`${sim.username}:${sim.password}`).toString('base64')}`;
  const response = await fetch(`${sim.url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: sim.username, password: sim.password }),
  });
  const { access_token } = (await response.json()) as { access_token: string };
  return `Bearer ${access_token}`;
}

export async function caller(sim: AirflowSim): Promise<Caller> {
  const authorization = await login(sim);
  const base = `${sim.url}/api/${sim.flavour === 3 ? 'v2' : 'v1'}`;
  return {
    base,
    async call(method, path, body, headers = {}) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      return { status: response.status, json, text, headers: response.headers };
    },
  };
}

export const enc = encodeURIComponent;
