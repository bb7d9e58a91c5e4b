#!/usr/bin/env bash
# Starts Atrium at http://localhost:7007 with its embedded defaults: SQLite under data/, the demo
# organisation, the built frontend served by the backend. Installs what it needs on the first run.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$ATRIUM_ROOT/scripts/lib/backend.sh"

atrium_env
ensure_frontend_build
# A local, single-user instance: development mode (readable logs, no production-only warnings).
export NODE_ENV="${NODE_ENV:-development}"
log "Starting Atrium on http://localhost:${ATRIUM_PORT:-7007} (data in ${ATRIUM_DATA_DIR:-data/})"
run_backend "$@"
