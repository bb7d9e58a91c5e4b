# shellcheck shell=bash
# Sourced after env.sh. Builds the frontend when its inputs changed, and runs the backend from source through
# Backstage's Node transform (the same loader `backstage-cli package start` uses, without its file watcher).

# A hash of what the built frontend depends on.
frontend_fingerprint() {
  (
    cd "$ATRIUM_ROOT" || exit 1
    cat yarn.lock
    find packages/app packages/api-client packages/ui plugins -path '*/node_modules' -prune -o -path '*/dist' -prune -o -type f \
      \( -path 'packages/app/*' -o -path 'packages/api-client/src/*' -o -path 'packages/ui/src/*' -o -path 'plugins/*/src/*' \
      -o -name package.json \) -print 2>/dev/null \
      | sort | xargs sha256sum
  ) | sha256sum | cut -d' ' -f1
}

ensure_frontend_build() {
  local stamp="$ATRIUM_ROOT/packages/app/dist/.atrium-build" want
  mkdir -p "$ATRIUM_ROOT/.tools"
  # One build at a time: two shells of one checkout (a developer's, a test run's) would both write
  # packages/app/dist. The second waits, then finds the stamp current. The lock goes with this shell's
  # descriptor 9 when the function returns.
  exec 9>"$ATRIUM_ROOT/.tools/app-build.lock"
  flock 9
  want="$(frontend_fingerprint)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "Building the frontend (packages/app)"
    (cd "$ATRIUM_ROOT" && yarn workspace app build >"$ATRIUM_ROOT/.tools/app-build.log" 2>&1) \
      || { flock -u 9; tail -40 "$ATRIUM_ROOT/.tools/app-build.log" >&2; die "frontend build failed (log: .tools/app-build.log)"; }
    echo "$want" >"$stamp"
  fi
  ensure_frontend_precompressed
  flock -u 9
  exec 9>&-
}

# Brotli (quality 11) and gzip variants of the frontend's content-hashed files, in packages/app/dist/.precompressed,
# for the backend's static assets module (packages/backend/src/modules/staticAssets): 17-30 s on 2 cores, once per
# build (the build empties dist/). Each variant is named by the SHA-256 of the bytes it compresses; the backend
# takes those of each file's exact bytes, and compresses a file that has none at startup, faster but less well.
ensure_frontend_precompressed() {
  local dist="$ATRIUM_ROOT/packages/app/dist"
  [ -f "$dist/.precompressed/summary.json" ] && return 0
  log "Precompressing the frontend's static files (brotli, gzip)"
  node --require "$ATRIUM_ROOT/node_modules/@backstage/cli-node/config/nodeTransform.cjs" \
    "$ATRIUM_ROOT/packages/backend/src/modules/staticAssets/precompress.ts" "$dist" >/dev/null \
    || die "precompressing the frontend's static files failed"
}

# The backend's environment defaults: where its data lives and the URL browsers use (the embedded IdP and the
# OIDC client derive theirs from it).
backend_env() {
  export ATRIUM_DATA_DIR="${ATRIUM_DATA_DIR:-$ATRIUM_ROOT/data}"
  export ATRIUM_BASE_URL="${ATRIUM_BASE_URL:-http://localhost:${ATRIUM_PORT:-7007}}"
}

# The config files in ATRIUM_CONFIGS as absolute paths, one per line. ATRIUM_CONFIGS is a list separated by ':' as
# PATH is, so a path may hold spaces; a relative path is taken from the current folder, else from the repository's
# root. A file that does not exist stops the start with its name.
atrium_config_files() {
  local rest="${ATRIUM_CONFIGS:-}" file
  while [ -n "$rest" ]; do
    file="${rest%%:*}"
    if [ "$file" = "$rest" ]; then rest=""; else rest="${rest#*:}"; fi
    [ -n "$file" ] || continue
    case "$file" in
      /*) ;;
      *) if [ -f "$PWD/$file" ]; then file="$PWD/$file"; else file="$ATRIUM_ROOT/$file"; fi ;;
    esac
    if [ ! -f "$file" ]; then
      case "$file" in
        *[[:space:]]*) die "ATRIUM_CONFIGS: no config file \"$file\" (several files are separated by ':', not spaces)" ;;
        *) die "ATRIUM_CONFIGS: no config file \"$file\"" ;;
      esac
    fi
    printf '%s\n' "$file"
  done
}

# run_backend [extra backend args...]: runs in the foreground with app-config.yaml plus ATRIUM_CONFIGS.
run_backend() {
  backend_env
  mkdir -p "$ATRIUM_DATA_DIR/sqlite"
  local args=(--config "$ATRIUM_ROOT/app-config.yaml")
  local extra files
  files="$(atrium_config_files)" || exit 1
  while IFS= read -r extra; do
    [ -n "$extra" ] && args+=(--config "$extra")
  done <<<"$files"
  cd "$ATRIUM_ROOT/packages/backend" || die "packages/backend is missing"
  exec node --enable-source-maps \
    --require "$ATRIUM_ROOT/node_modules/@backstage/cli-node/config/nodeTransform.cjs" \
    src/index.ts "${args[@]}" "$@"
}
