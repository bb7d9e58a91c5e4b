# shellcheck shell=bash
# Debian packages that tests need: Chromium for the browser tests, PostgreSQL for the production-config test,
# OpenLDAP (slapd, ldap-utils) for the directory sync, docker-registry (distribution) for the artifact registry client,
# Prometheus and its Alertmanager for the operations plugin, buildah and debootstrap for the production image,
# redis-server and haproxy for several replicas.
# Installed with apt where missing (as root, or through sudo). Tests start their own instances on loopback.

ensure_debian_packages() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
  command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
  [ -x /usr/sbin/slapd ] || missing+=(slapd)
  command -v ldapsearch >/dev/null 2>&1 || missing+=(ldap-utils)
  [ -x /usr/bin/docker-registry ] || missing+=(docker-registry)
  [ -x /usr/bin/prometheus ] || missing+=(prometheus)
  [ -x /usr/bin/prometheus-alertmanager ] || missing+=(prometheus-alertmanager)
  # The registry tests' token server makes its signing certificate with openssl.
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  # tests/kubectl.test.ts drives kubectl against the simulator; any kubectl on the PATH will do.
  command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
  # tests/image.test.ts builds the production image with buildah on a base it makes with debootstrap.
  command -v buildah >/dev/null 2>&1 || missing+=(buildah)
  [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
  # The replicas' shared cache and the HA stack's load balancer (scripts/ha.sh, tests/ha*.test.ts).
  [ -x /usr/bin/redis-server ] || missing+=(redis-server)
  [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
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
  # The packages start system instances (PostgreSQL on 5432, slapd on 389, docker-registry on 5000, Prometheus on
  # 9090, Alertmanager on 9093); the tests run their own.
  "${sudo[@]}" service postgresql stop >/dev/null 2>&1 || true
  "${sudo[@]}" service slapd stop >/dev/null 2>&1 || true
  "${sudo[@]}" service redis-server stop >/dev/null 2>&1 || true
  "${sudo[@]}" service haproxy stop >/dev/null 2>&1 || true
  "${sudo[@]}" service docker-registry stop >/dev/null 2>&1 || true
  "${sudo[@]}" service prometheus stop >/dev/null 2>&1 || true
  "${sudo[@]}" service prometheus-alertmanager stop >/dev/null 2>&1 || true
}
