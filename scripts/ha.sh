#!/usr/bin/env bash
# Starts Atrium as several replicas on this machine, all on loopback: PostgreSQL and Redis (Debian's), a test
# OpenID provider with the demo users, the Kubernetes API simulator, two replicas with the production config, and
# HAProxy (Debian's) in front with health checks. Prints the URL and a demo sign-in; Ctrl-C stops everything.
# The HA tests start the same stack (tests/lib/ha.ts). ATRIUM_HA_REPLICAS (2) and ATRIUM_HA_PORT (spare) change it.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$ATRIUM_ROOT/scripts/lib/backend.sh"

atrium_env
for tool in /usr/sbin/haproxy /usr/bin/redis-server; do
  [ -x "$tool" ] || die "$tool is missing: install Debian's haproxy and redis-server (bash scripts/test.sh installs them)"
done
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || die "PostgreSQL's server is missing: install Debian's postgresql"
ensure_frontend_build
cd "$ATRIUM_ROOT"
# exec: Ctrl-C reaches the launcher, which stops every process it started (each runs in a process group of its own).
exec node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON scripts/ha.ts
