"""DAGs for dagdeck's real-Airflow contract suite (test/real). They run on Airflow 3.x and 2.10.

Every DAG is manual (schedule=None) so the suite decides what runs. Nothing here reaches the
network except the Databricks operator, which is pointed at dagdeck's Databricks simulator on
127.0.0.1 through the connection `dagdeck_sim` created by the setup script.
"""

from __future__ import annotations

import os
import time
from datetime import datetime

try:  # Airflow 3.x
    from airflow.sdk import DAG, Param, TaskGroup, task
except ImportError:  # Airflow 2.x
    from airflow import DAG
    from airflow.decorators import task
    from airflow.models.param import Param
    from airflow.utils.task_group import TaskGroup

from airflow.providers.databricks.operators.databricks import DatabricksRunNowOperator

from airflow.exceptions import AirflowException

START = datetime(2026, 1, 1)
MARKER_DIR = os.environ.get("DAGDECK_REAL_MARKERS", "/tmp/dagdeck-real-markers")


class RiskModelsRunNowOperator(DatabricksRunNowOperator):
    """The real provider's operator, plus the failure the contract suite needs on demand.

    With the DAG param `fail_risk_models` set, the run is started (so the provider pushes its real
    `run_id` and `run_page_url` XComs), then cancelled through the provider's hook, and the task
    fails: the shape of the simulator's seeded failed run (this task failed, the downstream
    `load_reporting_db` upstream_failed). Cancelling frees the job's single concurrent-run slot
    in the Databricks simulator, which the next runs of this DAG need.
    """

    def execute(self, context):
        fail = bool(context["params"].get("fail_risk_models"))
        if fail:
            self.wait_for_termination = False
        result = super().execute(context)
        if fail:
            self._hook.cancel_run(self.run_id)
            raise AirflowException(f"risk models failed on purpose (fail_risk_models=true); run {self.run_id} cancelled")
        return result


with DAG(
    "fintech_eod_risk",
    schedule=None,
    start_date=START,
    catchup=False,
    tags=["risk", "eod"],
    params={"fail_risk_models": Param(False, type="boolean", description="fail run_risk_models on purpose")},
):
    with TaskGroup("data_ingestion"):

        @task
        def wait_for_trades_file():
            return "trades_20260101.csv"

        @task
        def ingest_trades(name: str):
            print(f"ingesting {name}")
            return 1200

        @task
        def aggregate_positions(count: int):
            print(f"aggregating {count} trades")

        aggregated = aggregate_positions(ingest_trades(wait_for_trades_file()))

    with TaskGroup("risk_modelling"):
        run_risk_models = RiskModelsRunNowOperator(
            task_id="run_risk_models",
            databricks_conn_id="dagdeck_sim",
            job_name="eod_risk_models",
            job_parameters={"business_date": "2026-01-01"},
            polling_period_seconds=1,
            databricks_retry_limit=2,
            databricks_retry_delay=1,
        )

    @task
    def load_reporting_db():
        print("loading the reporting database")

    aggregated >> run_risk_models >> load_reporting_db()


with DAG("real_fail_then_pass", schedule=None, start_date=START, catchup=False, tags=["contract"]):
    # Fails until the marker file exists: the suite clears it after creating the marker and checks
    # that the scheduler really reruns it and it succeeds.

    @task
    def flaky():
        if not os.path.exists(os.path.join(MARKER_DIR, "flaky.ok")):
            raise RuntimeError("marker missing: failing on purpose")
        print("marker found")

    @task
    def after_flaky():
        print("downstream of flaky")

    flaky() >> after_flaky()


with DAG("real_cli_clear", schedule=None, start_date=START, catchup=False, tags=["contract"]):
    # The command-line twin of real_fail_then_pass, with its own marker: `dagdeck tasks clear`
    # (test/real/cli-real.test.ts) must see a failed task rerun to success by the real scheduler.

    @task
    def flaky():
        if not os.path.exists(os.path.join(MARKER_DIR, "cli_flaky.ok")):
            raise RuntimeError("marker missing: failing on purpose")
        print("marker found")

    @task
    def after_flaky():
        print("downstream of flaky")

    flaky() >> after_flaky()


with DAG("real_retry", schedule=None, start_date=START, catchup=False, tags=["contract"]):

    @task(retries=1, retry_delay=1)
    def retry_once(**context):
        if context["ti"].try_number < 2:
            raise RuntimeError("first try fails on purpose")
        print("second try succeeds")

    retry_once()


with DAG("real_mapped", schedule=None, start_date=START, catchup=False, tags=["contract"]):

    @task
    def square(x: int):
        if x == 2:
            raise ValueError("index 1 fails on purpose")
        return x * x

    square.expand(x=[1, 2, 3])


with DAG("real_tail_me", schedule=None, start_date=START, catchup=False, tags=["contract"]):

    @task
    def tail_me():
        for i in range(90):
            print(f"tail line {i}", flush=True)
            time.sleep(0.5)

    tail_me()


with DAG(
    "real_params",
    schedule=None,
    start_date=START,
    catchup=False,
    tags=["contract"],
    params={
        "n": Param(1, type="integer", minimum=0, description="how many"),
        "mode": Param("fast", enum=["fast", "full"]),
    },
):

    @task
    def echo_params(**context):
        print(f"params: {context['params']}")

    echo_params()
