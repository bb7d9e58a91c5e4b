# shellcheck shell=bash
# Sourced after env.sh and backend.sh. The production build that the Dockerfile packs, and the base image that
# tests/image.test.ts builds it on (no registry image can be pulled there).

# A hash of everything the production build reads: the workspace's sources and manifests, the lockfile, and the
# config the frontend build reads.
production_fingerprint() {
  (
    cd "$ATRIUM_ROOT" || exit 1
    cat yarn.lock package.json app-config.yaml
    find packages plugins \( -name node_modules -o -name dist -o -name dist-types \) -prune -o -type f -print \
      2>/dev/null | sort | xargs sha256sum
  ) | sha256sum | cut -d' ' -f1
}

# Backstage's production build, skipped when nothing it reads changed: packages/backend/dist/skeleton.tar.gz (every
# workspace package.json the backend needs) and bundle.tar.gz (the backend, Atrium's packages it uses and the
# built frontend), then the frontend's static files precompressed in packages/app/dist/.precompressed
# (`yarn workspace backend build:production`). The Dockerfile packs these.
ensure_production_build() {
  local stamp="$ATRIUM_ROOT/packages/backend/dist/.atrium-build" want dist="$ATRIUM_ROOT/packages/backend/dist"
  want="$(production_fingerprint)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$dist/bundle.tar.gz" ] \
    && [ -f "$dist/skeleton.tar.gz" ] && [ -f "$ATRIUM_ROOT/packages/app/dist/.precompressed/summary.json" ]; then
    return 0
  fi
  log "Production build (yarn workspace backend build:production: the backend bundle with the frontend in it)"
  mkdir -p "$TOOLS_DIR"
  (cd "$ATRIUM_ROOT" && yarn workspace backend build:production >"$TOOLS_DIR/production-build.log" 2>&1) \
    || { tail -40 "$TOOLS_DIR/production-build.log" >&2; die "production build failed (log: .tools/production-build.log)"; }
  # The bundle's build rebuilt packages/app/dist from the inputs ensure_frontend_build hashes: mark it as built.
  frontend_fingerprint >"$ATRIUM_ROOT/packages/app/dist/.atrium-build"
  echo "$want" >"$stamp"
}

# The node@22 that env.sh installed from the npm registry (the official image's /usr/local/bin/node).
image_node_binary() {
  local bin="${npm_config_nodedir:-}/bin/node"
  [ -x "$bin" ] || bin="$(command -v node)"
  printf '%s\n' "$bin"
}

# The first Debian mirror in the machine's apt sources (deb822 .sources or one-line .list).
debian_mirror() {
  local uri
  uri="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs: *\([^ ]*\).*/\1/p' \
    | grep -v security | head -1)"
  [ -n "$uri" ] || uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' | grep -v security | head -1)"
  printf '%s\n' "${uri:-http://deb.debian.org/debian}"
}

# build_image_base <rootfs dir> <tar>: Debian bookworm (debootstrap, minbase) with node@22 at /usr/local/bin/node
# and the user node (uid and gid 1000), as the official node:22-bookworm-slim has them; packed as a tar.
build_image_base() {
  local root="$1" out="$2" node_bin
  node_bin="$(image_node_binary)"
  timeout 900 debootstrap --variant=minbase bookworm "$root" "$(debian_mirror)" >"$root.log" 2>&1 \
    || { tail -20 "$root.log" >&2; return 1; }
  # The image's / is this folder (mktemp made it 0700): others must traverse it.
  chmod 0755 "$root"
  install -D -m 0755 "$node_bin" "$root/usr/local/bin/node"
  chroot "$root" groupadd --gid 1000 node
  chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  # What the official slim images leave out too: the downloaded packages, apt's lists, docs.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/debootstrap
  tar --numeric-owner -C "$root" -cf "$out.partial" . && mv "$out.partial" "$out"
}

# The test base as a tar under .tools/image/, built once per set of inputs (this file's base recipe, the mirror,
# the Node binary); prints its path. A second run with the same inputs reuses it.
ensure_image_base() {
  local dir="$TOOLS_DIR/image" key out root
  key="$(
    {
      declare -f build_image_base
      debian_mirror
      sha256sum "$(image_node_binary)" | cut -d' ' -f1
    } | sha256sum | cut -c1-16
  )"
  out="$dir/base-$key.tar"
  if [ ! -f "$out" ]; then
    mkdir -p "$dir"
    root="$(mktemp -d "$dir/rootfs.XXXXXX")"
    log "Building the image test's base (debootstrap bookworm minbase + node@22) into .tools/image/"
    if ! build_image_base "$root" "$out"; then
      rm -rf "$root" "$root.log" "$out.partial"
      die "building the image base failed"
    fi
    rm -rf "$root" "$root.log"
    find "$dir" -maxdepth 1 -name 'base-*.tar' ! -name "base-$key.tar" -delete
  fi
  printf '%s\n' "$out"
}

# The image base, built while the test command does other things: debootstrap is mostly download and unpacking
# (~50 s on a fresh clone), and tests/image.test.ts finds it cached. In a session of its own (setsid), so that
# stop_image_base_build stops all of it: GNU timeout moves debootstrap to another process group, not session.
start_image_base_build() {
  IMAGE_BASE_LOG="$TOOLS_DIR/image-base.log"
  mkdir -p "$TOOLS_DIR"
  setsid -w bash -c 'source "$1/scripts/lib/env.sh" && source "$1/scripts/lib/backend.sh" \
    && source "$1/scripts/lib/image.sh" && ensure_image_base >/dev/null' image-base "$ATRIUM_ROOT" \
    2>"$IMAGE_BASE_LOG" &
  IMAGE_BASE_PID=$!
}

# Waits for start_image_base_build; its log lines (with their times) follow.
await_image_base_build() {
  [ -n "${IMAGE_BASE_PID:-}" ] || return 0
  local status=0
  wait "$IMAGE_BASE_PID" || status=$?
  IMAGE_BASE_PID=""
  cat "$IMAGE_BASE_LOG" >&2
  [ "$status" = 0 ] || die "building the image test's base failed (exit $status)"
}

# SIGTERM to every process of the build's session (timeout passes it on, debootstrap unmounts what it mounted).
# Read from /proc, since procps (pkill -s) is not in every Debian image.
stop_image_base_build() {
  [ -n "${IMAGE_BASE_PID:-}" ] || return 0
  local stat fields session
  for stat in /proc/[0-9]*/stat; do
    fields="$(cat "$stat" 2>/dev/null)" || continue
    # After the command's name: state, ppid, process group, session.
    read -r _ _ _ session _ <<<"${fields##*) }"
    if [ "$session" = "$IMAGE_BASE_PID" ]; then
      stat="${stat#/proc/}"
      kill "${stat%/stat}" 2>/dev/null || true
    fi
  done
  IMAGE_BASE_PID=""
}
