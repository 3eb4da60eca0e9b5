#!/usr/bin/env bash
# Starts a real Airflow (3 or 2) on 127.0.0.1, components one by one (not `standalone`), with
# SQLite, no example DAGs, our DAG folder and known credentials.
# Usage: start-airflow.sh 3|2 PORT DATABRICKS_URL DATABRICKS_TOKEN
# Prints one JSON line {"url","username","password","viewer","viewerPassword","home","pids"} once the
# API is healthy (viewer: a user of the Viewer role, which may not read connections); each pid
# leads a process group (stop with kill -TERM -- -PID).
set -euo pipefail
flavour=$1 port=$2 databricks_url=$3 databricks_token=$4
here=$(cd "$(dirname "$0")" && pwd)
venv=$("$here/ensure-venv.sh" "$flavour")
home=$(mktemp -d "${TMPDIR:-/tmp}/dagdeck-af$flavour.XXXXXX")
mkdir -p "$home/dags" "$home/markers"
cp "$here/dags/"*.py "$home/dags/"
export PATH="$venv/bin:$PATH"
export AIRFLOW_HOME=$home
export DAGDECK_REAL_MARKERS=$home/markers
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=False
export AIRFLOW__CORE__DAGS_FOLDER=$home/dags
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=sqlite:///$home/airflow.db
export AIRFLOW__LOGGING__BASE_LOG_FOLDER=$home/logs
export AIRFLOW__CORE__PARALLELISM=4
# The provider takes scheme and port from the connection fields, and the OAuth URL from the raw host
# (that is how the Databricks provider's hook reads them), so all three are set.
db_port=${databricks_url##*:}
export AIRFLOW_CONN_DAGDECK_SIM="{\"conn_type\":\"databricks\",\"host\":\"$databricks_url\",\"port\":$db_port,\"schema\":\"http\",\"password\":\"$databricks_token\"}"
password=dagdeck-real-pw
viewer_password=dagdeck-real-viewer-pw
# A connection stored in the database (the AIRFLOW_CONN_ one above is invisible to the API), with a
# personal token in its extra, for the platform review's reads.
review_extra='{"token": "dapi-dagdeck-real-secret", "http_headers": {"X-Team": "real"}}'
pids=()
# Each component leads its own process group (setsid execs in place, so the pid is the group id):
# the caller stops a component with its workers (gunicorn, uvicorn, executor) by killing -pid.
start() { setsid "$@" >>"$home/$(basename "$1")-$2.log" 2>&1 </dev/null & pids+=($!); }

if [ "$flavour" = 3 ]; then
  export AIRFLOW__CORE__EXECUTOR=LocalExecutor
  export AIRFLOW__API__HOST=127.0.0.1 AIRFLOW__API__PORT=$port AIRFLOW__API__WORKERS=1
  export AIRFLOW__API__BASE_URL=http://127.0.0.1:$port
  export AIRFLOW__CORE__EXECUTION_API_SERVER_URL=http://127.0.0.1:$port/execution/
  export AIRFLOW__API__SECRET_KEY=dagdeck-real AIRFLOW__API_AUTH__JWT_SECRET=dagdeck-real-jwt
  export AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL=5 AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL=5
  export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="admin:admin,viewer:viewer"
  export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE=$home/passwords.json
  echo "{\"admin\":\"$password\",\"viewer\":\"$viewer_password\"}" >"$home/passwords.json"
  airflow db migrate >"$home/migrate.log" 2>&1
  airflow connections add databricks_review --conn-type databricks --conn-host https://dbc.example.invalid \
    --conn-extra "$review_extra" >"$home/connections.log" 2>&1
  airflow dags reserialize >"$home/reserialize.log" 2>&1 || true
  start airflow api-server --host 127.0.0.1 --port "$port" --workers 1
  start airflow scheduler --skip-serve-logs
  start airflow dag-processor
  health=/api/v2/monitor/health
else
  export AIRFLOW__CORE__EXECUTOR=SequentialExecutor
  export AIRFLOW__WEBSERVER__WEB_SERVER_HOST=127.0.0.1 AIRFLOW__WEBSERVER__WEB_SERVER_PORT=$port
  export AIRFLOW__WEBSERVER__WORKERS=1 AIRFLOW__WEBSERVER__SECRET_KEY=dagdeck-real
  export AIRFLOW__WEBSERVER__BASE_URL=http://127.0.0.1:$port
  export AIRFLOW__API__AUTH_BACKENDS=airflow.providers.fab.auth_manager.api.auth.backend.basic_auth,airflow.api.auth.backend.session
  export AIRFLOW__SCHEDULER__DAG_DIR_LIST_INTERVAL=5 AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL=5
  export AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC=2
  airflow db migrate >"$home/migrate.log" 2>&1
  airflow users create --username admin --password "$password" --role Admin --firstname dag --lastname deck \
    --email admin@example.invalid >"$home/users.log" 2>&1
  # FAB creates its default roles (Viewer, User, Op) when they are synced, not at db migrate.
  airflow sync-perm >>"$home/users.log" 2>&1
  airflow users create --username viewer --password "$viewer_password" --role Viewer --firstname dag \
    --lastname viewer --email viewer@example.invalid >>"$home/users.log" 2>&1
  airflow connections add databricks_review --conn-type databricks --conn-host https://dbc.example.invalid \
    --conn-extra "$review_extra" >"$home/connections.log" 2>&1
  airflow dags reserialize >"$home/reserialize.log" 2>&1 || true
  start airflow webserver
  start airflow scheduler --skip-serve-logs
  health=/api/v1/health
fi

for _ in $(seq 1 180); do
  if curl -sf "http://127.0.0.1:$port$health" 2>/dev/null |
    python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)["scheduler"]["status"] != "healthy")' 2>/dev/null; then
    printf '{"url":"http://127.0.0.1:%s","username":"admin","password":"%s","viewer":"viewer","viewerPassword":"%s","home":"%s","pids":[%s]}\n' \
      "$port" "$password" "$viewer_password" "$home" "$(IFS=,; echo "${pids[*]}")"
    exit 0
  fi
  sleep 1
done
echo "Airflow $flavour did not become healthy in 180 s; logs in $home" >&2
for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
exit 1
