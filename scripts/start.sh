#!/usr/bin/env bash
# Starts Atrium at http://localhost:7007 with its embedded defaults: SQLite under data/, the demo
# organisation, the built frontend served by the backend, and, where they are installed, Prometheus and
# Alertmanager on loopback with the demo monitoring config (scripts/lib/monitoring.sh). Installs what it needs
# on the first run.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$ATRIUM_ROOT/scripts/lib/backend.sh"
source "$ATRIUM_ROOT/scripts/lib/monitoring.sh"

atrium_env
ensure_frontend_build
# A local, single-user instance: development mode (readable logs, no production-only warnings).
export NODE_ENV="${NODE_ENV:-development}"
backend_env
start_embedded_monitoring
log "Starting Atrium on http://localhost:${ATRIUM_PORT:-7007} (data in ${ATRIUM_DATA_DIR})"
if [ ${#MONITORING_PIDS[@]} -eq 0 ]; then
  run_backend "$@"
fi
run_backend_with_monitoring "$@"
