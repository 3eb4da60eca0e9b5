"""DAGs for the checks that what the console shows matches a real Airflow (test/real/gridTruth-real.test.ts).

They run on Airflow 3.x and 2.10, manual only, no network:
- real_structure: tasks whose ids sort against the graph and that the file defines downstream
  first, so neither the tasks endpoint (by task_id) nor the task-instance list (Airflow 2: the
  database's order, Airflow 3: map_index then a UUIDv7) follows the DAG's structure;
- real_long_task: a task that runs for minutes, to be cleared while it runs;
- real_subsecond: tasks that finish in well under a second.
"""

from __future__ import annotations

import time
from datetime import datetime

try:  # Airflow 3.x
    from airflow.sdk import DAG, TaskGroup, task
except ImportError:  # Airflow 2.x
    from airflow import DAG
    from airflow.decorators import task
    from airflow.utils.task_group import TaskGroup

START = datetime(2026, 1, 1)


with DAG("real_structure", schedule=None, start_date=START, catchup=False, tags=["contract"]):
    # Defined downstream first; the ids sort the other way round from the graph:
    # z_extract >> m_stage.y_clean >> m_stage.b_enrich >> a_load.

    @task
    def a_load():
        print("load")

    @task
    def b_enrich():
        print("enrich")

    @task
    def y_clean():
        print("clean")

    @task
    def z_extract():
        print("extract")

    load = a_load()
    with TaskGroup("m_stage"):
        enrich = b_enrich()
        clean = y_clean()
    z_extract() >> clean >> enrich >> load


with DAG("real_long_task", schedule=None, start_date=START, catchup=False, tags=["contract"]):
    # retries=0: a try that ends is the last one unless the suite clears it; a clear while it runs
    # restarts it as the next try, after retry_delay (1 s here, 5 min by default).

    @task(retries=0, retry_delay=1)
    def long_task():
        for i in range(240):
            print(f"still working {i}", flush=True)
            time.sleep(0.5)

    long_task()


with DAG("real_subsecond", schedule=None, start_date=START, catchup=False, tags=["contract"]):

    @task
    def quick_one():
        return 1

    @task
    def quick_two():
        return 2

    @task
    def quick_three():
        return 3

    quick_one() >> quick_two() >> quick_three()
