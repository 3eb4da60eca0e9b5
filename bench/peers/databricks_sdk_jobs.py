# Every job through the official Databricks Python SDK (databricks-sdk), as a script would: iterate
# w.jobs.list(), which follows the page tokens. Prints the count.
import os

from databricks.sdk import WorkspaceClient

w = WorkspaceClient(host=os.environ["DATABRICKS_HOST"], token=os.environ["DATABRICKS_TOKEN"], auth_type="pat")
print(sum(1 for _ in w.jobs.list()))
