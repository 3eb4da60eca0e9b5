"""Drives dagdeck's Databricks simulator with the official Databricks Python SDK (databricks-sdk).

Issue 6: what the SDK cannot parse, or gets wrong, is a simulator bug. Run by test/real/run.mjs with
the simulator's host, token and service-principal credentials in the environment:
  SIM_HOST, SIM_TOKEN, SIM_CLIENT_ID, SIM_CLIENT_SECRET
  SIM_WAIT_SECONDS (optional, default 300): how long to wait for a run to end (real seconds; the
  simulator's --speed decides how much virtual time that is).
Without SIM_HOST it starts `node dist/dagdeck.js sim --speed 20 --seed 7` itself and stops it
at the end. By hand (see test/contract/README.md):
  python3 -m venv /tmp/dbsdk && /tmp/dbsdk/bin/pip install databricks-sdk==0.162.0
  npm run build && /tmp/dbsdk/bin/python test/real/databricks_sdk_check.py
Prints one "ok  " line per check and exits non-zero on the first failure. Besides the reads, it
exercises every write the simulator serves: run-now (idempotency, job parameters with defaults),
cancel, cancel-all (by job, and of queued runs only), repair chains and their history, and the
refusals around them (stale latest_repair_id, a run still repairing, an unknown task, a deleted
run's token).
"""

from __future__ import annotations

import atexit
import json
import os
import pathlib
import subprocess
import sys
import uuid
from datetime import timedelta

from databricks.sdk import WorkspaceClient
from databricks.sdk.core import Config
from databricks.sdk.errors import InvalidParameterValue, InvalidState, ResourceDoesNotExist
from databricks.sdk.service import jobs



def start_simulator() -> None:
    """Without SIM_HOST, start `dagdeck sim` (the built binary) and read its one JSON line."""
    root = pathlib.Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        ["node", str(root / "dist" / "dagdeck.js"), "sim", "--speed", "20", "--seed", "7"],
        stdout=subprocess.PIPE,
        text=True,
    )
    atexit.register(child.terminate)
    line = child.stdout.readline() if child.stdout else ""
    if not line:
        sys.exit("could not start `dagdeck sim`: run `npm run build` first")
    databricks = json.loads(line)["databricks"]
    os.environ.update(
        SIM_HOST=databricks["host"],
        SIM_TOKEN=databricks["token"],
        SIM_CLIENT_ID=databricks["clientId"],
        SIM_CLIENT_SECRET=databricks["clientSecret"],
    )


if "SIM_HOST" not in os.environ:
    start_simulator()
HOST = os.environ["SIM_HOST"]
WAIT = timedelta(seconds=float(os.environ.get("SIM_WAIT_SECONDS", "300")))
# Story jobs of the simulator (source/sim/databricks/seedWorkspace.ts): the Airflow-triggered risk
# job, a short single-task job that ends in seconds at --speed 20, and a 130-task job whose
# jobs/get and runs/get responses are split into 2.2 pages of at most 100 tasks.
RISK_JOB = "eod_risk_models"
SHORT_JOB = "vendor_feed_ingest"
WIDE_JOB = "warehouse_table_sync"
TERMINAL = (jobs.RunLifeCycleState.TERMINATED, jobs.RunLifeCycleState.SKIPPED, jobs.RunLifeCycleState.INTERNAL_ERROR)


def check(name: str, condition: bool, detail: object = "") -> None:
    print(f"{'ok  ' if condition else 'FAIL'} {name} {detail}".rstrip(), flush=True)
    if not condition:
        sys.exit(1)


def refused(call) -> Exception | None:
    try:
        call()
    except Exception as error:  # noqa: BLE001 - the caller checks the SDK's error class
        return error
    return None


def job_named(client: WorkspaceClient, all_jobs: list[jobs.BaseJob], name: str) -> jobs.Job:
    found = [j for j in all_jobs if j.settings and j.settings.name == name]
    check(f"job {name} is listed once", len(found) == 1, f"({len(found)})")
    return client.jobs.get(found[0].job_id)


def lost_in_parsing(raw: object, parsed: object, path: str = "") -> list[str]:
    """Fields the SDK dropped or changed when parsing raw: unknown keys and enum values it does not
    know (its _enum() turns those into None silently). Empty lists are left out by as_dict()."""
    if isinstance(raw, dict):
        lost = []
        for key, value in raw.items():
            if not isinstance(parsed, dict) or key not in parsed:
                if value != []:
                    lost.append(f"{path}.{key}={str(value)[:60]}")
            else:
                lost += lost_in_parsing(value, parsed[key], f"{path}.{key}")
        return lost
    if isinstance(raw, list):
        if not isinstance(parsed, list) or len(parsed) != len(raw):
            return [f"{path}[] length"]
        return [item for i, (a, b) in enumerate(zip(raw, parsed)) for item in lost_in_parsing(a, b, f"{path}[{i}]")]
    return [] if raw == parsed else [f"{path}: {raw!r} -> {parsed!r}"]


def round_trip(client: WorkspaceClient, label: str) -> None:
    """Every field of every response shape dagdeck reads survives the SDK's own dataclasses."""
    api = client.api_client
    lost: dict[str, set[str]] = {}

    def parse(name: str, raw: dict, cls) -> None:
        for item in lost_in_parsing(raw, cls.from_dict(raw).as_dict()):
            lost.setdefault(name, set()).add(item)

    listed = api.do("GET", "/api/2.2/jobs/list", query={"limit": 100, "expand_tasks": "true"})
    parse("jobs/list", listed, jobs.ListJobsResponse)
    for job in listed.get("jobs", [])[:40]:
        parse("jobs/get", api.do("GET", "/api/2.2/jobs/get", query={"job_id": job["job_id"]}), jobs.Job)
        runs = api.do("GET", "/api/2.2/jobs/runs/list", query={"job_id": job["job_id"], "expand_tasks": "true", "limit": 25})
        parse("runs/list", runs, jobs.ListRunsResponse)
        for run in runs.get("runs", [])[:6]:
            got = api.do("GET", "/api/2.2/jobs/runs/get", query={"run_id": run["run_id"], "include_history": "true"})
            parse("runs/get", got, jobs.Run)
            for task in [t for t in got.get("tasks", []) if "run_id" in t][:2]:
                output = api.do("GET", "/api/2.2/jobs/runs/get-output", query={"run_id": task["run_id"]})
                parse("runs/get-output", output, jobs.RunOutput)
    detail = "; ".join(f"{name}: {sorted(items)[:5]}" for name, items in lost.items())
    check(f"{label}: every field and enum value the simulator sends parses in the SDK's dataclasses", not lost, detail)


def exercise(client: WorkspaceClient, label: str, wait_for_success: bool) -> None:
    # Jobs API 2.2 jobs/list: pages of at most 100 with next_page_token.
    all_jobs = list(client.jobs.list())
    ids = [j.job_id for j in all_jobs]
    check(f"{label}: jobs.list pages through every job", len(ids) >= 10 and len(set(ids)) == len(ids), f"({len(ids)} jobs)")
    small_pages = [j.job_id for j in client.jobs.list(limit=5)]
    check(f"{label}: jobs.list(limit=5) follows next_page_token to the same jobs", small_pages == ids, f"({len(small_pages)})")

    risk = job_named(client, all_jobs, RISK_JOB)
    task_keys = {t.task_key for t in (risk.settings.tasks or [])}
    check(f"{label}: jobs.get returns the tasks", {"load_positions", "var_model", "stress_tests"} <= task_keys, sorted(task_keys))
    params = {p.name for p in (risk.settings.parameters or [])}
    check(f"{label}: jobs.get returns the job parameters", "business_date" in params, sorted(params))
    wide = job_named(client, all_jobs, WIDE_JOB)
    wide_keys = [t.task_key for t in (wide.settings.tasks or [])]
    check(f"{label}: jobs.get merges the task pages (>100 tasks)", len(wide_keys) > 100 and len(set(wide_keys)) == len(wide_keys), f"({len(wide_keys)} tasks)")

    # run-now: the same idempotency_token gives the same run.
    token = str(uuid.uuid4())
    first = client.jobs.run_now(risk.job_id, idempotency_token=token, job_parameters={"business_date": "2026-01-01"}).response
    again = client.jobs.run_now(risk.job_id, idempotency_token=token, job_parameters={"business_date": "2026-01-01"}).response
    check(f"{label}: run-now with one idempotency token gives one run", first.run_id == again.run_id, first.run_id)
    other = client.jobs.run_now(risk.job_id, idempotency_token=str(uuid.uuid4())).response
    check(f"{label}: run-now with another token gives another run", other.run_id != first.run_id, other.run_id)

    run = client.jobs.get_run(first.run_id, include_history=True)
    check(f"{label}: runs.get has the job's tasks", {t.task_key for t in (run.tasks or [])} == task_keys)
    check(f"{label}: runs.get has the run page url and the trigger", bool(run.run_page_url) and run.trigger == jobs.TriggerType.ONE_TIME, run.run_page_url)
    passed = {p.name: p.value for p in (run.job_parameters or [])}
    check(f"{label}: runs.get echoes job_parameters", passed.get("business_date") == "2026-01-01", passed)
    check(f"{label}: runs.get has state and status", run.state is not None and run.status is not None and run.status.state is not None, run.status and run.status.state)

    # runs/list: newest first, completed_only, the failed history run.
    history = list(client.jobs.list_runs(job_id=risk.job_id, completed_only=True))
    starts = [r.start_time or 0 for r in history]
    check(f"{label}: runs.list completed_only is newest first", len(history) > 0 and starts == sorted(starts, reverse=True), f"({len(history)} runs)")
    check(f"{label}: runs.list completed_only has only ended runs", all(r.state and r.state.life_cycle_state in TERMINAL for r in history))

    # Legacy *_params still work and come back as overriding_parameters.
    legacy = client.jobs.run_now(risk.job_id, python_params=["--portfolio", "RATES"]).response.run_id
    legacy_run = client.jobs.get_run(legacy)
    overriding = legacy_run.overriding_parameters
    check(f"{label}: legacy python_params come back as overriding_parameters", bool(overriding) and overriding.python_params == ["--portfolio", "RATES"], overriding)
    active = list(client.jobs.list_runs(job_id=risk.job_id, active_only=True))
    active_ids = {r.run_id for r in active}
    check(f"{label}: runs.list active_only has the new runs and only active ones", {first.run_id, other.run_id, legacy} <= active_ids and all(r.state.life_cycle_state not in TERMINAL for r in active), f"({len(active)} active)")

    # get-output: only on task runs; a multi-task parent gets 400 INVALID_PARAMETER_VALUE.
    # Any job's failed multi-task run: an earlier pass may already have repaired the risk job's.
    failed = (
        client.jobs.get_run(r.run_id, include_history=True)
        for r in client.jobs.list_runs(completed_only=True)
        if r.state and r.state.result_state == jobs.RunResultState.FAILED
    )
    failed_run = next((r for r in failed if len(r.tasks or []) > 1), None)
    check(f"{label}: runs.list has a failed multi-task run to investigate", failed_run is not None)
    failed_tasks = [t for t in (failed_run.tasks or []) if t.state and t.state.result_state == jobs.RunResultState.FAILED]
    check(f"{label}: the failed run has a failed task run", bool(failed_tasks))
    output = client.jobs.get_run_output(failed_tasks[-1].run_id)
    check(f"{label}: get-output on a failed task run has its error", output.metadata is not None and output.metadata.run_id == failed_tasks[-1].run_id and bool(output.error), output.error)
    error = refused(lambda: client.jobs.get_run_output(failed_run.run_id))
    check(f"{label}: get-output on a multi-task parent is InvalidParameterValue", isinstance(error, InvalidParameterValue), type(error).__name__)
    as_run = client.jobs.get_run(failed_tasks[-1].run_id)
    check(f"{label}: runs.get on a task run id is that task run", as_run.run_id == failed_tasks[-1].run_id and as_run.state.result_state == jobs.RunResultState.FAILED, as_run.run_id)

    wide_runs = list(client.jobs.list_runs(job_id=wide.job_id, completed_only=True, limit=1))
    if wide_runs:
        wide_run = client.jobs.get_run(wide_runs[0].run_id)
        wide_run_keys = {t.task_key for t in (wide_run.tasks or [])}
        check(f"{label}: runs.get merges the task pages (>100 tasks)", len(wide_run_keys) > 100, f"({len(wide_run_keys)} task keys)")

    # Error mapping: a missing run is 400 INVALID_PARAMETER_VALUE "Run N does not exist." The
    # SDK carries an override that turns exactly that body into ResourceDoesNotExist, so this also
    # proves the simulator's status, error_code and message match the real service's.
    error = refused(lambda: client.jobs.get_run(987654321987))
    check(
        f"{label}: a missing run is the SDK's ResourceDoesNotExist (its override of the real body)",
        isinstance(error, ResourceDoesNotExist) and getattr(error, "error_code", None) == "INVALID_PARAMETER_VALUE",
        type(error).__name__,
    )

    # repair: rerun the failed tasks and their dependents; latest_repair_id chains repairs.
    repairs_before = len(failed_run.repair_history or [])
    latest = failed_run.repair_history[-1].id if repairs_before > 1 else None
    if latest is not None:
        error = refused(lambda: client.jobs.repair_run(failed_run.run_id, rerun_all_failed_tasks=True))
        check(f"{label}: a second repair without latest_repair_id is refused", isinstance(error, InvalidParameterValue), error)
    repair = client.jobs.repair_run(failed_run.run_id, rerun_all_failed_tasks=True, rerun_dependent_tasks=True, latest_repair_id=latest)
    check(f"{label}: repair returns a repair id", repair.response.repair_id is not None, repair.response.repair_id)
    repaired = client.jobs.get_run(failed_run.run_id, include_history=True)
    history_ids = [r.id for r in (repaired.repair_history or [])]
    check(f"{label}: repair_history records the repair", repair.response.repair_id in history_ids and len(history_ids) == max(repairs_before, 1) + 1, history_ids)
    rerun = {t.task_key for t in (repaired.tasks or []) if t.attempt_number is not None and t.run_id not in {f.run_id for f in failed_run.tasks or []}}
    check(f"{label}: the failed tasks get new task runs", {t.task_key for t in failed_tasks} <= rerun, sorted(rerun))
    if wait_for_success:
        # A second repair chains on the first: without latest_repair_id it is refused, with it the
        # history grows by one. Repairs apply to ended runs, so wait for this one first.
        client.jobs.wait_get_run_job_terminated_or_skipped(failed_run.run_id, timeout=WAIT)
        again_tasks = [failed_tasks[-1].task_key]
        error = refused(lambda: client.jobs.repair_run(failed_run.run_id, rerun_tasks=again_tasks))
        check(f"{label}: a second repair without latest_repair_id is InvalidParameterValue", isinstance(error, InvalidParameterValue), error)
        again = client.jobs.repair_run(failed_run.run_id, rerun_tasks=again_tasks, latest_repair_id=repair.response.repair_id)
        chained = [r.id for r in (client.jobs.get_run(failed_run.run_id, include_history=True).repair_history or [])]
        check(f"{label}: the second repair chains on latest_repair_id", chained == [*history_ids, again.response.repair_id], chained)

    # cancel: asynchronous; the SDK's waiter sees the run end CANCELED.
    short = job_named(client, all_jobs, SHORT_JOB)
    running = client.jobs.run_now(short.job_id).response.run_id
    cancelled = client.jobs.cancel_run(running).result(timeout=WAIT)
    check(f"{label}: cancel ends the run CANCELED", cancelled.state.result_state == jobs.RunResultState.CANCELED, cancelled.state.result_state)
    # cancel-all: every active run of the job ends. The runs started above may have finished on
    # their own by now (a slow machine spends minutes on the repairs), so start two right here,
    # seconds into a job that runs for the better part of a minute even at --speed 20.
    doomed = [client.jobs.run_now(risk.job_id).response.run_id for _ in range(2)]
    active_now = {r.run_id for r in client.jobs.list_runs(job_id=risk.job_id, active_only=True)}
    check(f"{label}: the runs to cancel are active", set(doomed) <= active_now, sorted(active_now))
    client.jobs.cancel_all_runs(job_id=risk.job_id)
    for run_id in doomed:
        ended = client.jobs.wait_get_run_job_terminated_or_skipped(run_id, timeout=WAIT)
        check(f"{label}: cancel-all ended run {run_id} CANCELED", ended.state.result_state == jobs.RunResultState.CANCELED, ended.state.result_state)

    # delete: a finished run disappears; runs.get then reports it missing.
    client.jobs.delete_run(running)
    error = refused(lambda: client.jobs.get_run(running))
    check(f"{label}: a deleted run is gone", isinstance(error, ResourceDoesNotExist), type(error).__name__)

    if wait_for_success:
        # The SDK's own waiter polls runs/get until TERMINATED: the lifecycle parses end to end.
        ended = client.jobs.run_now(short.job_id).result(timeout=WAIT)
        check(f"{label}: a new run runs to TERMINATED", ended.state.life_cycle_state == jobs.RunLifeCycleState.TERMINATED and ended.end_time and ended.end_time >= ended.start_time, ended.state.result_state)
        task = (ended.tasks or [None])[0]
        output = client.jobs.get_run_output(task.run_id)
        check(f"{label}: get-output on its task run", output.metadata is not None and output.metadata.run_id == task.run_id)


def exercise_writes(client: WorkspaceClient, label: str) -> None:
    """The writes dagdeck's console and CLI make (issue 11), as the SDK sends and parses them: job
    parameters with defaults, repair history, latest_repair_id and the refusals around repair,
    cancel-all of queued runs only, a cancel of an ended run, and run-now idempotency after delete."""
    all_jobs = list(client.jobs.list())

    # Job parameters: every declared one comes back with its default filled in.
    backfill = job_named(client, all_jobs, "ml_feature_backfill")
    declared = {p.name: p.default for p in (backfill.settings.parameters or [])}
    check(f"{label}: jobs.get lists the declared job parameters with defaults", set(declared) == {"start_date", "end_date", "feature_set"}, declared)
    # Start from no active run of the job, so the first new run starts and the second queues.
    client.jobs.cancel_all_runs(job_id=backfill.job_id)
    for active in client.jobs.list_runs(job_id=backfill.job_id, active_only=True):
        client.jobs.wait_get_run_job_terminated_or_skipped(active.run_id, timeout=WAIT)
    first = client.jobs.run_now(backfill.job_id, job_parameters={"end_date": "2025-06-30"}, idempotency_token=str(uuid.uuid4())).response.run_id
    got = {p.name: (p.value, p.default) for p in (client.jobs.get_run(first).job_parameters or [])}
    expected = {name: (default, default) for name, default in declared.items()} | {"end_date": ("2025-06-30", declared["end_date"])}
    check(f"{label}: runs.get has every job parameter, the given value over its default", got == expected, got)

    # cancel-all with all_queued_runs and no job: queued runs end, running ones do not.
    second = client.jobs.run_now(backfill.job_id).response.run_id
    queued = client.jobs.get_run(second)
    check(f"{label}: a second run of a one-at-a-time job waits in the queue", queued.state.life_cycle_state == jobs.RunLifeCycleState.QUEUED, queued.state.life_cycle_state)
    client.jobs.cancel_all_runs(all_queued_runs=True)
    ended = client.jobs.wait_get_run_job_terminated_or_skipped(second, timeout=WAIT)
    check(f"{label}: cancel-all(all_queued_runs) ended the queued run CANCELED", ended.state.result_state == jobs.RunResultState.CANCELED, ended.state.result_state)
    still = client.jobs.get_run(first).state
    check(f"{label}: cancel-all(all_queued_runs) left the started run alone", still.life_cycle_state != jobs.RunLifeCycleState.QUEUED and still.result_state != jobs.RunResultState.CANCELED, still.life_cycle_state)
    client.jobs.cancel_all_runs(job_id=backfill.job_id)
    ended = client.jobs.wait_get_run_job_terminated_or_skipped(first, timeout=WAIT)
    check(f"{label}: cancel-all(job_id) ended the started run CANCELED", ended.state.result_state == jobs.RunResultState.CANCELED, ended.state.result_state)

    # A cancel of a run that already ended leaves it as it was (a documented simulator deviation).
    again = client.jobs.cancel_run(first).result(timeout=WAIT)
    check(f"{label}: cancelling an ended run changes nothing", again.state.result_state == jobs.RunResultState.CANCELED and again.end_time == ended.end_time, again.state.result_state)

    # run-now with the idempotency token of a deleted run is refused.
    token = str(uuid.uuid4())
    short = job_named(client, all_jobs, SHORT_JOB)
    doomed = client.jobs.run_now(short.job_id, idempotency_token=token).response.run_id
    client.jobs.cancel_run(doomed).result(timeout=WAIT)
    client.jobs.delete_run(doomed)
    error = refused(lambda: client.jobs.run_now(short.job_id, idempotency_token=token))
    check(f"{label}: run-now with the token of a deleted run is InvalidParameterValue", isinstance(error, InvalidParameterValue), type(error).__name__)

    # Repair: a failed multi-task run never repaired before (empty repair_history).
    candidates = (
        client.jobs.get_run(r.run_id, include_history=True)
        for r in client.jobs.list_runs(completed_only=True)
        if r.state and r.state.result_state == jobs.RunResultState.FAILED
    )
    run = next((r for r in candidates if len(r.tasks or []) > 1 and len(r.repair_history or []) == 1), None)
    check(f"{label}: a failed multi-task run with no repair yet", run is not None)
    history = run.repair_history or []
    check(f"{label}: an unrepaired run's history is the ORIGINAL entry with all its task runs", [h.type for h in history] == [jobs.RepairHistoryItemType.ORIGINAL] and sorted(history[0].task_run_ids or []) == sorted(t.run_id for t in run.tasks or []), [h.type for h in history])
    error = refused(lambda: client.jobs.repair_run(run.run_id, rerun_tasks=["dagdeck_no_such_task"]))
    check(f"{label}: a repair naming a task the run does not have is InvalidParameterValue", isinstance(error, InvalidParameterValue), type(error).__name__)
    repair_id = client.jobs.repair_run(run.run_id, rerun_all_failed_tasks=True, rerun_dependent_tasks=True).response.repair_id
    error = refused(lambda: client.jobs.repair_run(run.run_id, rerun_all_failed_tasks=True, latest_repair_id=repair_id))
    check(f"{label}: a repair of a run still repairing is InvalidState", isinstance(error, InvalidState), type(error).__name__)
    done = client.jobs.wait_get_run_job_terminated_or_skipped(run.run_id, timeout=WAIT)
    history = client.jobs.get_run(run.run_id, include_history=True).repair_history or []
    check(f"{label}: repair_history is ORIGINAL then the REPAIR", [(h.type, h.id) for h in history] == [(jobs.RepairHistoryItemType.ORIGINAL, None), (jobs.RepairHistoryItemType.REPAIR, repair_id)], [(h.type, h.id) for h in history])
    covered = sorted(i for h in history for i in (h.task_run_ids or []))
    check(f"{label}: the history's task_run_ids name every task run once", covered == sorted(t.run_id for t in done.tasks or []), f"({len(covered)} task runs)")
    check(f"{label}: the REPAIR entry ended with the run", history[-1].state is not None and history[-1].state.life_cycle_state == jobs.RunLifeCycleState.TERMINATED and (history[-1].end_time or 0) > 0, history[-1].state and history[-1].state.result_state)
    error = refused(lambda: client.jobs.repair_run(run.run_id, rerun_all_failed_tasks=True, latest_repair_id=repair_id + 1))
    check(f"{label}: a latest_repair_id that is not the latest is InvalidParameterValue", isinstance(error, InvalidParameterValue), type(error).__name__)
    if done.state.result_state == jobs.RunResultState.SUCCESS:
        error = refused(lambda: client.jobs.repair_run(run.run_id, rerun_all_failed_tasks=True, latest_repair_id=repair_id))
        check(f"{label}: a succeeded run has no failed task to repair (InvalidParameterValue)", isinstance(error, InvalidParameterValue), type(error).__name__)


pat = WorkspaceClient(host=HOST, token=os.environ["SIM_TOKEN"], auth_type="pat")
round_trip(pat, "pat")
exercise(pat, "pat", wait_for_success=True)
exercise_writes(pat, "pat")

# OAuth M2M: a service principal's client id and secret, tokens from /oidc/v1/token.
# No auth_type: the SDK's default credential chain must pick oauth-m2m from the client id and
# secret, through the discovery documents the simulator serves.
m2m = WorkspaceClient(
    config=Config(host=HOST, client_id=os.environ["SIM_CLIENT_ID"], client_secret=os.environ["SIM_CLIENT_SECRET"])
)
check("oauth-m2m: the SDK's default chain chose oauth-m2m", m2m.config.auth_type == "oauth-m2m", m2m.config.auth_type)
bearer = m2m.config.authenticate().get("Authorization", "")
check("oauth-m2m: the SDK fetched its own bearer token", bearer.startswith("Bearer ") and os.environ["SIM_TOKEN"] not in bearer)
exercise(m2m, "oauth-m2m", wait_for_success=False)
# Again, now that repaired, cancelled, queued-then-cancelled and deleted runs exist.
round_trip(m2m, "oauth-m2m after the writes")
print("databricks-sdk: all checks passed")
