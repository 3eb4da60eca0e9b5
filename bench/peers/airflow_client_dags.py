# Every DAG through the official Airflow Python client (apache-airflow-client), paged by offset as
# its docs show: one request after the other, 100 at a time. Prints the count.
import os

import airflow_client.client as client
from airflow_client.client.api.dag_api import DAGApi

configuration = client.Configuration(host=os.environ["AIRFLOW_URL"])
configuration.access_token = os.environ["AIRFLOW_TOKEN"]
with client.ApiClient(configuration) as api_client:
    api = DAGApi(api_client)
    offset, seen, total = 0, 0, None
    while total is None or offset < total:
        page = api.get_dags(limit=100, offset=offset)
        total = page.total_entries
        seen += len(page.dags)
        offset += len(page.dags)
        if not page.dags:
            break
print(seen)
