#!/usr/bin/env bash
# Runs Atrium's whole test suite: type check, lint, unit tests (Jest, through backstage-cli), then integration and
# browser tests (node:test) against the production build: real PostgreSQL and Debian's Chromium.
# Installs what it needs on the first run; a second run reuses it.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$ATRIUM_ROOT/scripts/lib/backend.sh"
source "$ATRIUM_ROOT/scripts/lib/services.sh"
source "$ATRIUM_ROOT/scripts/lib/image.sh"

ensure_debian_packages
# The image test's base builds in the background from here to the integration tests (scripts/lib/image.sh);
# its key includes the Node binary, so Node comes first.
ensure_node
start_image_base_build
tsc_pid=
trap 'stop_image_base_build; stop_deps_install; [ -z "$tsc_pid" ] || kill "$tsc_pid" 2>/dev/null || true' EXIT
ensure_yarn
start_deps_install
cd "$ATRIUM_ROOT"

# The type check runs beside the lint: each is one process on one core, and with the dependencies' build scripts
# also running (start_deps_install) the three fill two cores better than one after the other. Its output is
# printed once it is over.
log "Type check (tsc), beside the lint"
mkdir -p "$ATRIUM_ROOT/.tools"
tsc_log="$ATRIUM_ROOT/.tools/tsc.log"
yarn tsc >"$tsc_log" 2>&1 &
tsc_pid=$!

log "Lint (Backstage's ESLint rules, every package)"
yarn backstage-cli repo lint

log "Lint (ESLint over tests/ and bench/)"
yarn lint:scripts

if ! wait "$tsc_pid"; then
  tsc_pid=
  cat "$tsc_log"
  die "type check (tsc) failed"
fi
tsc_pid=
cat "$tsc_log"
log "Type check passed"

# The production build (tests/image.test.ts puts it in an image) builds the frontend too: one build serves both. It
# runs beside the dependencies' build scripts (start_deps_install), which it does not need: of the three, better-sqlite3
# compiles SQLite (~95 s of one core, still going when the lint ends), and @swc/core's and esbuild's only check, under
# Yarn, that their platform packages' binaries load, which the builds load directly. Before, that compile ran on alone
# here for ~45 s.
ensure_production_build
ensure_frontend_build

await_deps_install

log "Unit tests (jest)"
# Two workers: Jest takes one core fewer than the machine has by default, one worker on two cores, while its own
# process mostly waits (session 12: 725 tests in 172 s with two, quiet machine).
CI=true yarn backstage-cli repo test --maxWorkers="${ATRIUM_JEST_WORKERS:-2}"

await_image_base_build

log "Integration and browser tests (node:test)"
rm -rf artifacts/screenshots artifacts/logs
# Two suites at a time: each spends much of its time waiting on the processes it starts (PostgreSQL, slapd,
# Chromium, a backend's startup), so two of them share two cores well (session 12: node:test 20.5 min one at a
# time). Every suite takes spare loopback ports and its own data folder, so they do not meet. The fault suite runs
# alone, after the others: it asserts what happens within time bounds under load (a replica killed inside the action
# stream, recovery within 10 s of PostgreSQL's return), which a neighbour's load would skew. tests/ha.test.ts runs
# with the others: what it asserts after its one kill (HAProxy sends a refused connection to the other replica,
# takes the dead one out within 10 s) does not depend on the machine's load.
# ATRIUM_TEST_CONCURRENCY=1 runs every suite one at a time.
alone=(tests/ha-faults.test.ts)
# tests/run-suites.ts starts the longest suites first (by tests/suite-seconds.json), each in a node --test of its
# own: node --test over all of them starts them in name order, and in session 16's runs a long suite late in the
# alphabet ran on alone for ~40 s at the end.
together=()
for suite in tests/*.test.ts; do
  [[ " ${alone[*]} " == *" $suite "* ]] || together+=("$suite")
done
status=0
node tests/run-suites.ts --concurrency "${ATRIUM_TEST_CONCURRENCY:-2}" "${together[@]}" || status=$?
node --test --test-reporter=spec "${alone[@]}" || status=$?
if ((status != 0)); then
  log "node:test failed (each failed suite's failing tests are listed at the end of its output above)"
  exit "$status"
fi
log "All tests passed. Screenshots and logs: artifacts/"
