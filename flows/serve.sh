#!/usr/bin/env bash
# Start a local Prefect server (state in .prefect/server, or Postgres when PEEL_PREFECT_DB_URL is set)
# and serve peel-etl's deployments to it.  Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT="${PEEL_PREFECT_PORT:-4200}"
export PREFECT_HOME="${PREFECT_HOME:-$PWD/.prefect/server}"
export PREFECT_SERVER_ANALYTICS_ENABLED=false
export PREFECT_API_URL="http://127.0.0.1:${PORT}/api"
if [ -n "${PEEL_PREFECT_DB_URL:-}" ]; then
  export PREFECT_SERVER_DATABASE_CONNECTION_URL="$PEEL_PREFECT_DB_URL"
fi
mkdir -p "$PREFECT_HOME"
"$BIN/prefect" server start --host 127.0.0.1 --port "$PORT" > "$PREFECT_HOME/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 120); do
  if "$BIN/python" -c "import urllib.request,sys; urllib.request.urlopen('$PREFECT_API_URL/health', timeout=2)" 2>/dev/null; then
    break
  fi
  if ! kill -0 $SERVER 2>/dev/null; then echo "serve: the Prefect server did not start; see $PREFECT_HOME/server.log" >&2; exit 1; fi
  sleep 1
done
echo "Prefect UI: http://127.0.0.1:${PORT}  (deployments peel-run/nightly and peel-run/backfill)"
"$BIN/python" -m flows.deployments "$@"
