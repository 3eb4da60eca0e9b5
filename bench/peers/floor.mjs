// The floor of a list read: a bare fetch loop with no checks at all (no schema, no ceilings, no
// retries), the pages of DAGs 16 at a time by offset after the first, the jobs one token after the
// other (the API cannot do otherwise). Prints the count. Usage: node floor.mjs dags|jobs
const what = process.argv[2];
const IN_FLIGHT = 16;

async function getJson(url, headers) {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

if (what === 'dags') {
  const base = `${process.env.AIRFLOW_URL}/api/v2/dags`;
  const headers = { authorization: `Bearer ${process.env.AIRFLOW_TOKEN}` };
  const first = await getJson(`${base}?limit=100&offset=0&order_by=dag_id`, headers);
  let count = first.dags.length;
  const offsets = [];
  for (let offset = first.dags.length; offset < first.total_entries; offset += first.dags.length)
    offsets.push(offset);
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let offset = offsets.shift(); offset !== undefined; offset = offsets.shift()) {
        const page = await getJson(`${base}?limit=100&offset=${offset}&order_by=dag_id`, headers);
        count += page.dags.length;
      }
    }),
  );
  console.log(count);
} else {
  const base = `${process.env.DATABRICKS_HOST}/api/2.2/jobs/list`;
  const headers = { authorization: `Bearer ${process.env.DATABRICKS_TOKEN}` };
  let count = 0;
  let token;
  do {
    const page = await getJson(
      `${base}?limit=100${token ? `&page_token=${encodeURIComponent(token)}` : ''}`,
      headers,
    );
    count += page.jobs?.length ?? 0;
    token = page.has_more ? page.next_page_token : undefined;
  } while (token);
  console.log(count);
}
