// Raw calls to the simulated Airflow, beside dagdeck rather than through it: a bench uses them to
// set the stage (find a finished run, trigger a live one) or to give a peer its token.

/** A JWT from Airflow 3's /auth/token for the announced user. */
export async function airflowToken(announcement) {
  const { url, username, password } = announcement.airflow;
  const response = await fetch(`${url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return (await response.json()).access_token;
}

/** An authenticated call to the REST API (Airflow 3: v2 with a token; Airflow 2: v1 with Basic). */
export async function airflowCall(announcement, method, path, body) {
  const { url, flavour, username, password } = announcement.airflow;
  const authorization =
    flavour === 3
      ? `Bearer ${await airflowToken(announcement)}`
      : `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const response = await fetch(`${url}/api/${flavour === 3 ? 'v2' : 'v1'}${path}`, {
    method,
    headers: { authorization, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return response.json();
}
