# shellcheck shell=bash
# Sourced by scripts/start.sh after env.sh and backend.sh. The embedded default's Prometheus and Alertmanager:
# where both are installed (Debian's prometheus and prometheus-alertmanager), the start command runs them on
# loopback with the demo config of demo/monitoring/ (Prometheus scrapes Atrium's own metrics and the simulated
# workloads' metrics of the Kubernetes API simulator, and evaluates a few demo alert rules), points Atrium's
# operations plugin at them through a generated config file, and stops them with the backend.
# Where they are not installed, Atrium starts as before and the Operations tab's cards say how to configure them.
#
# Environment:
#   ATRIUM_EMBEDDED_MONITORING   1 runs them, 0 does not; unset runs them for the embedded default only (no
#                                ATRIUM_CONFIGS), since other configs (production) have no simulator to scrape.
#   ATRIUM_PROMETHEUS_PORT, ATRIUM_ALERTMANAGER_PORT   loopback ports; spare ones by default.
# State (the TSDB, silences, configs, logs, pid files) lives in $ATRIUM_DATA_DIR/monitoring/.

MONITORING_PIDS=()
MONITORING_DIR=""
BACKEND_PID=""

# Whether to run them at all (see ATRIUM_EMBEDDED_MONITORING above).
monitoring_wanted() {
  case "${ATRIUM_EMBEDDED_MONITORING:-}" in
    0 | false | no | off) return 1 ;;
    1 | true | yes | on) return 0 ;;
  esac
  if [ -n "${ATRIUM_CONFIGS:-}" ]; then
    log "Embedded Prometheus and Alertmanager: off with ATRIUM_CONFIGS (ATRIUM_EMBEDDED_MONITORING=1 runs them)"
    return 1
  fi
}

# <n> spare TCP ports on loopback, chosen by the kernel and all different: each is held until all are chosen (two
# ports chosen one after the other can be the same one, and Prometheus and Alertmanager then fight for it).
spare_ports() {
  node -e 'const net = require("net");
    const servers = [];
    const next = () => {
      if (servers.length === Number(process.argv[1])) {
        console.log(servers.map(s => s.address().port).join(" "));
        for (const s of servers) s.close();
        return;
      }
      const s = net.createServer();
      servers.push(s);
      s.listen(0, "127.0.0.1", next);
    };
    next();' "$1"
}

# Whether http://127.0.0.1:<port><path> answers 200 (plain bash, no curl needed; at most 2 s).
http_ok() {
  local port="$1" path="$2" status=""
  status="$(
    exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n\r\n' "$path" "$port" >&3
    IFS= read -r -t 2 line <&3 && printf '%s' "$line"
  )" || return 1
  [[ "$status" =~ ^HTTP/[0-9.]+\ 200 ]]
}

# The address Prometheus scrapes Atrium at: where the backend listens, loopback for a wildcard.
atrium_scrape_address() {
  local host="${ATRIUM_HOST:-127.0.0.1}"
  case "$host" in
    0.0.0.0 | :: | '') host=127.0.0.1 ;;
    *:*) host="[$host]" ;;
  esac
  printf '%s:%s' "$host" "${ATRIUM_PORT:-7007}"
}

# sed replacement text with its special characters escaped.
sed_escape() { printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'; }

# Waits for a process of ours to exit, and kills it after <grace> seconds. Bash reaps its children as they exit,
# so `kill -0` fails once it is gone.
await_exit() {
  local pid="$1" grace="$2" i
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  log "pid $pid did not stop within ${grace}s: killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

# A Prometheus or Alertmanager left running by an earlier start that was killed outright (SIGKILL gives no chance
# to clean up) still holds its port and data: stop it, if its command line still names this data folder.
stop_leftover() {
  local pidfile="$MONITORING_DIR/$1.pid" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  rm -f "$pidfile"
  [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/cmdline" ] || return 0
  if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$MONITORING_DIR/"; then
    log "Stopping the $1 an earlier start left running (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    await_exit "$pid" 10
  fi
}

# launch_monitoring_server <name> <port> <command...>: runs it in the background, logging to <name>.log, and waits
# (at most 60 s) until /-/ready answers. Fails if it exits or never gets ready.
launch_monitoring_server() {
  local name="$1" port="$2" pid i
  shift 2
  "$@" >"$MONITORING_DIR/$name.log" 2>&1 </dev/null &
  pid=$!
  MONITORING_PIDS+=("$pid")
  echo "$pid" >"$MONITORING_DIR/$name.pid"
  for ((i = 0; i < 240; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited on start; the end of $MONITORING_DIR/$name.log:"
      tail -5 "$MONITORING_DIR/$name.log" >&2
      return 1
    fi
    http_ok "$port" /-/ready && return 0
    sleep 0.25
  done
  log "$name did not get ready on 127.0.0.1:$port within 60 s (log: $MONITORING_DIR/$name.log)"
  return 1
}

# Writes the demo configs into the monitoring folder: Prometheus's from its template, the rules, Alertmanager's,
# and the simulator's token for Prometheus's scrape (readable by this user only).
write_monitoring_configs() {
  local am_port="$1" demo="$ATRIUM_ROOT/demo/monitoring"
  cp "$demo/rules.yml" "$demo/alertmanager.yml" "$MONITORING_DIR/"
  sed -e "s|@ATRIUM_ADDRESS@|$(sed_escape "$(atrium_scrape_address)")|g" \
    -e "s|@ALERTMANAGER_ADDRESS@|127.0.0.1:$am_port|g" \
    "$demo/prometheus.yml" >"$MONITORING_DIR/prometheus.yml"
  (umask 077 && printf '%s' "${ATRIUM_SIMULATOR_TOKEN:-atrium-simulator-demo-token}" >"$MONITORING_DIR/simulator.token")
}

# The app-config file that points the operations plugin at them; it goes first in ATRIUM_CONFIGS, so a config
# the user passes still wins. The dashboard link opens the component's requests in Prometheus's graph page.
write_monitoring_app_config() {
  local prom_port="$1" am_port="$2"
  cat >"$MONITORING_DIR/app-config.monitoring.yaml" <<YAML
# Written by scripts/lib/monitoring.sh at start: the embedded Prometheus and Alertmanager on loopback.
operations:
  prometheus:
    baseUrl: http://127.0.0.1:$prom_port
  alertmanager:
    baseUrl: http://127.0.0.1:$am_port
  dashboards:
    urlTemplate: 'http://127.0.0.1:$prom_port/graph?g0.expr=sum%20by%20(code)%20(rate(http_requests_total%7Bcomponent%3D%22{{name}}%22%7D%5B1m%5D))&g0.tab=0&g0.range_input=1h'
YAML
}

# Starts Alertmanager and Prometheus when wanted and installed. Never fails the start: without them, Atrium runs
# as before and its cards say how to configure them.
start_embedded_monitoring() {
  monitoring_wanted || return 0
  local prometheus alertmanager
  prometheus="$(command -v prometheus || true)"
  alertmanager="$(command -v prometheus-alertmanager || command -v alertmanager || true)"
  if [ -z "$prometheus" ] || [ -z "$alertmanager" ]; then
    log "Prometheus and Alertmanager are not installed (Debian: apt-get install prometheus prometheus-alertmanager): the Operations tab's cards say how to configure them"
    return 0
  fi
  mkdir -p "$ATRIUM_DATA_DIR/monitoring"
  # Absolute: the backend runs from packages/backend and reads the generated config from here.
  MONITORING_DIR="$(cd "$ATRIUM_DATA_DIR/monitoring" && pwd)"
  stop_leftover prometheus
  stop_leftover alertmanager
  local spare prom_port am_port
  read -r -a spare < <(spare_ports 2)
  prom_port="${ATRIUM_PROMETHEUS_PORT:-${spare[0]}}"
  am_port="${ATRIUM_ALERTMANAGER_PORT:-${spare[1]}}"
  write_monitoring_configs "$am_port"
  # Stop them whatever ends this script from here on.
  trap stop_embedded_monitoring EXIT
  if ! launch_monitoring_server alertmanager "$am_port" "$alertmanager" \
    --config.file="$MONITORING_DIR/alertmanager.yml" \
    --storage.path="$MONITORING_DIR/alertmanager" \
    --web.listen-address="127.0.0.1:$am_port" \
    --web.external-url="http://127.0.0.1:$am_port/" \
    --cluster.listen-address= \
    --log.level=warn ||
    ! launch_monitoring_server prometheus "$prom_port" "$prometheus" \
      --config.file="$MONITORING_DIR/prometheus.yml" \
      --storage.tsdb.path="$MONITORING_DIR/prometheus" \
      --storage.tsdb.retention.time=8d \
      --web.listen-address="127.0.0.1:$prom_port" \
      --web.external-url="http://127.0.0.1:$prom_port/" \
      --log.level=warn; then
    stop_embedded_monitoring
    log "Starting without Prometheus and Alertmanager: the Operations tab's cards say how to configure them"
    return 0
  fi
  write_monitoring_app_config "$prom_port" "$am_port"
  export ATRIUM_CONFIGS="$MONITORING_DIR/app-config.monitoring.yaml${ATRIUM_CONFIGS:+:$ATRIUM_CONFIGS}"
  log "Prometheus at http://127.0.0.1:$prom_port and Alertmanager at http://127.0.0.1:$am_port (demo config: demo/monitoring/)"
}

# Stops Prometheus and Alertmanager (SIGTERM, then SIGKILL after 10 s); safe to call more than once.
stop_embedded_monitoring() {
  local pid
  for pid in ${MONITORING_PIDS[@]+"${MONITORING_PIDS[@]}"}; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in ${MONITORING_PIDS[@]+"${MONITORING_PIDS[@]}"}; do await_exit "$pid" 10; done
  MONITORING_PIDS=()
  [ -n "$MONITORING_DIR" ] && rm -f "$MONITORING_DIR/prometheus.pid" "$MONITORING_DIR/alertmanager.pid"
  return 0
}

# Runs the backend beside them, instead of exec'ing it: SIGTERM, SIGINT (Ctrl-C) or SIGHUP stop all three, and
# so does the backend ending on its own. Exits with the backend's status.
run_backend_with_monitoring() {
  run_backend "$@" &
  BACKEND_PID=$!
  trap 'stop_all_on_signal 143' TERM
  trap 'stop_all_on_signal 130' INT
  trap 'stop_all_on_signal 129' HUP
  local rc=0
  wait "$BACKEND_PID" || rc=$?
  stop_embedded_monitoring
  exit "$rc"
}

stop_all_on_signal() {
  trap '' TERM INT HUP
  log "Stopping Atrium, Prometheus and Alertmanager"
  kill -TERM "$BACKEND_PID" 2>/dev/null || true
  stop_embedded_monitoring
  await_exit "$BACKEND_PID" 30
  exit "$1"
}
