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
trap stop_image_base_build EXIT
atrium_env
cd "$ATRIUM_ROOT"

log "Type check (tsc)"
yarn tsc

log "Lint (Backstage's ESLint rules, every package)"
yarn backstage-cli repo lint

log "Unit tests (jest)"
CI=true yarn backstage-cli repo test

# The production build (tests/image.test.ts puts it in an image) builds the frontend too: one build serves both.
ensure_production_build
ensure_frontend_build

await_image_base_build

log "Integration and browser tests (node:test)"
rm -rf artifacts/screenshots artifacts/logs
node --test --test-concurrency=1 --test-reporter=spec tests/*.test.ts
log "All tests passed. Screenshots and logs: artifacts/"
