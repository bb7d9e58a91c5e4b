# shellcheck shell=bash
# Debian packages that tests need: Chromium for the browser tests, PostgreSQL for the production-config test.
# Installed with apt where missing (as root, or through sudo). Tests start their own instances on loopback.

ensure_debian_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
  command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
  [ ${#missing[@]} -eq 0 ] && return 0

  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "Tests need Debian packages: ${missing[*]}. Install them with apt (no sudo here)."
    sudo=(sudo)
  fi
  command -v apt-get >/dev/null 2>&1 || die "Tests need: ${missing[*]} (Debian packages; apt-get not found)."
  log "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >/dev/null || log "apt-get update failed; trying the install with the lists at hand"
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
  # The package starts a cluster of its own on 5432; the tests run their own, so it is not needed.
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    "${sudo[@]}" service postgresql stop >/dev/null 2>&1 || true
  fi
}
