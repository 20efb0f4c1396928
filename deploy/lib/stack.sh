# `deploy/local.sh up | down | status | print-env`: the five Horde executables on top of the backing services.

# Start order; they stop in reverse.
HORDE_SERVICES=(gateway scheduler ledger notifier worker)
HORDE_GATEWAY_PORT_DEFAULT=7001
HORDE_ADMIN_PORT_BASE="${HORDE_LOCAL_ADMIN_PORT_BASE:-7100}"
HORDE_ADMIN_JSON="$HORDE_DIR/admin.json"
HORDE_LOCAL_ENV="$HORDE_DIR/local.env"

# Extra `swift build` arguments: HORDE_LOCAL_BUILD_PATH picks a scratch folder other than .build.
swift_build_args=()
[[ -n "${HORDE_LOCAL_BUILD_PATH:-}" ]] && swift_build_args=(--scratch-path "$HORDE_LOCAL_BUILD_PATH")

gateway_port() { echo "${HORDE_GATEWAY_PORT:-$HORDE_GATEWAY_PORT_DEFAULT}"; }

# The admin port (/healthz, /readyz, /metrics) of a service: 7100 + its position in HORDE_SERVICES.
admin_port() {
    local index
    for index in "${!HORDE_SERVICES[@]}"; do
        [[ "${HORDE_SERVICES[$index]}" == "$1" ]] && { echo $((HORDE_ADMIN_PORT_BASE + index)); return 0; }
    done
    die "unknown service '$1' (one of: ${HORDE_SERVICES[*]})"
}

# The port that answers GET /readyz for a service: the API port for the gateway, the admin port otherwise.
ready_port() {
    if [[ "$1" == gateway ]]; then gateway_port; else admin_port "$1"; fi
}

gateway_url() { echo "http://127.0.0.1:$(gateway_port)"; }

admin_api_key() {
    [[ -s "$HORDE_ADMIN_JSON" ]] && json_field api_key <"$HORDE_ADMIN_JSON" 2>/dev/null
}

# Prints the KEY=VALUE environment the local stack gives service $1. docker-compose.yml sets the same keys
# (Tests/DeployTests checks that), so both stacks configure the services alike.
service_env() {
    local name=$1
    admin_port "$name" >/dev/null
    echo "HORDE_POSTGRES_URL=$HORDE_POSTGRES_URL"
    echo "HORDE_REDIS_URL=$HORDE_REDIS_URL"
    echo "HORDE_KAFKA_BROKERS=$HORDE_KAFKA_BROKERS"
    echo "HORDE_LOG_LEVEL=${HORDE_LOG_LEVEL:-info}"
    echo "HORDE_ADMIN_HOST=127.0.0.1"
    echo "HORDE_ADMIN_PORT=$(admin_port "$name")"
    case "$name" in
    gateway)
        echo "HORDE_GATEWAY_HOST=127.0.0.1"
        echo "HORDE_GATEWAY_PORT=$(gateway_port)"
        # Local webhook receivers speak plain http on loopback; production requires https.
        echo "HORDE_GATEWAY_ALLOW_HTTP_WEBHOOKS=true"
        echo "HORDE_MODEL_REFERENCE_IMAGE=$HORDE_ROOT/deploy/model-reference/image.json"
        echo "HORDE_MODEL_REFERENCE_TEXT=$HORDE_ROOT/deploy/model-reference/text.json"
        ;;
    notifier)
        # Webhooks to 127.0.0.1 are refused in production; locally the receivers are on this machine.
        echo "HORDE_NOTIFIER_ALLOW_LOOPBACK=true"
        ;;
    worker)
        echo "HORDE_WORKER_MODE=in-cluster"
        echo "HORDE_WORKER_NAME=local-cpu-worker"
        echo "HORDE_WORKER_URL=$(gateway_url)"
        echo "HORDE_WORKER_API_KEY=$(admin_api_key || true)"
        ;;
    esac
}

# Finds the last JSON object on stdin that holds the string field $1 (text around it, such as log lines, does
# no harm) and prints that field, or with $2 = --object the object itself on one line. Fails when there is none.
json_field() {
    "$HORDE_VENV/bin/python3" -c '
import json, sys
field, whole = sys.argv[1], len(sys.argv) > 2
text, decoder, found = sys.stdin.read(), json.JSONDecoder(), None
start = text.find("{")
while start >= 0:
    try:
        value, end = decoder.raw_decode(text, start)
    except ValueError:
        start = text.find("{", start + 1)
        continue
    if isinstance(value, dict) and isinstance(value.get(field), str):
        found = value
    start = text.find("{", end)
if found is None:
    sys.exit(1)
print(json.dumps(found) if whole else found[field])' "$@"
}

# Sets BIN_DIR: a release build, or the folder HORDE_LOCAL_BIN_DIR names (e.g. .build/debug) without building.
build_release() {
    if [[ -n "${HORDE_LOCAL_BIN_DIR:-}" ]]; then
        BIN_DIR=$(cd "$HORDE_LOCAL_BIN_DIR" && pwd) || die "HORDE_LOCAL_BIN_DIR=$HORDE_LOCAL_BIN_DIR is not a folder"
        step "Executables from $BIN_DIR (HORDE_LOCAL_BIN_DIR; not building)"
    else
        step "Build (release)"
        swift build -c release "${swift_build_args[@]}"
        BIN_DIR=$(swift build -c release "${swift_build_args[@]}" --show-bin-path)
    fi
    local name missing=()
    for name in "${HORDE_SERVICES[@]}"; do
        [[ -x "$BIN_DIR/horde-$name" ]] || missing+=("$BIN_DIR/horde-$name")
    done
    ((${#missing[@]} == 0)) || die "missing executables: ${missing[*]}"
}

# The operator command (`horde-gateway user …`) with the environment it needs, one word per line.
admin_command() {
    echo env
    echo "LD_LIBRARY_PATH=$HORDE_LIB_DIR"
    service_env gateway
    echo "$BIN_DIR/horde-gateway"
    echo user
}

readyz() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/readyz"; }

start_service() {
    local name=$1 port binary="$BIN_DIR/horde-$1" environment=()
    [[ -x "$binary" ]] || die "$binary does not exist (run: swift build -c release)"
    port=$(ready_port "$name")
    if port_answers "$port"; then
        die "$name: port $port is used by a process this script did not start (override: $(port_hint "$name"))"
    fi
    mapfile -t environment < <(service_env "$name")
    launch "$name" -- "${environment[@]}" "$binary"
    info "$name: started (pid $(recorded_pid "$name")), log $HORDE_LOG_DIR/$name.log"
}

port_hint() {
    if [[ "$1" == gateway ]]; then echo HORDE_GATEWAY_PORT; else echo HORDE_LOCAL_ADMIN_PORT_BASE; fi
}

wait_ready() {
    local port
    port=$(ready_port "$1")
    wait_until "$1" readyz "$port"
    info "$1: ready (http://127.0.0.1:$port/readyz)"
}

key_is_valid() {
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "apikey: $1" "$(gateway_url)/api/v2/find_user")
    [[ "$status" == 200 ]]
}

# Keeps the admin account of an earlier `up` while the gateway still accepts its key; creates one otherwise.
ensure_admin() {
    local key command=() output
    key=$(admin_api_key || true)
    if [[ -n "$key" ]] && key_is_valid "$key"; then
        info "admin: reusing the account in $HORDE_ADMIN_JSON"
        return 0
    fi
    mapfile -t command < <(admin_command)
    output=$("${command[@]}" create --username admin --moderator --trusted --kudos 1000000 --json \
        2>>"$HORDE_LOG_DIR/admin.log") ||
        die "'horde-gateway user create' failed (log: $HORDE_LOG_DIR/admin.log)"
    if ! (umask 077 && json_field api_key --object <<<"$output" >"$HORDE_ADMIN_JSON.new"); then
        rm -f "$HORDE_ADMIN_JSON.new"
        die "'horde-gateway user create --json' printed no api_key; it printed: $output"
    fi
    mv -f "$HORDE_ADMIN_JSON.new" "$HORDE_ADMIN_JSON"
    info "admin: created (key saved in $HORDE_ADMIN_JSON)"
}

# KEY='value': readable by the shell (`.`), by `docker compose --env-file` and by dotenv parsers alike.
env_line() {
    [[ "$2" != *"'"* ]] || die "cannot write $1 to $HORDE_LOCAL_ENV: its value holds a single quote"
    printf "%s='%s'\n" "$1" "$2"
}

write_local_env() {
    local command=() word admin=""
    mapfile -t command < <(admin_command)
    for word in "${command[@]}"; do admin+="${admin:+ }$word"; done
    (
        umask 077
        {
            echo "# Written by deploy/local.sh up: the running local stack. Source it: . .horde/local.env"
            env_line HORDE_URL "$(gateway_url)"
            env_line HORDE_API_KEY "$(admin_api_key)"
            env_line HORDE_ADMIN "$admin"
            env_line HORDE_POSTGRES_URL "$HORDE_POSTGRES_URL"
            env_line HORDE_REDIS_URL "$HORDE_REDIS_URL"
            env_line HORDE_KAFKA_BROKERS "$HORDE_KAFKA_BROKERS"
            env_line LD_LIBRARY_PATH "$HORDE_LIB_DIR"
        } >"$HORDE_LOCAL_ENV"
    )
}

stop_services() {
    local index
    for ((index = ${#HORDE_SERVICES[@]} - 1; index >= 0; index--)); do
        stop_recorded "${HORDE_SERVICES[$index]}"
    done
}

cmd_up() {
    cmd_deps
    cmd_services
    build_release
    step "Horde services"
    stop_services
    local name
    for name in gateway scheduler ledger notifier; do start_service "$name"; done
    for name in gateway scheduler ledger notifier; do wait_ready "$name"; done
    ensure_admin
    start_service worker
    wait_ready worker
    write_local_env
    echo
    ok "The local horde is up."
    echo "  API:           $(gateway_url)/api/v2/"
    echo "  admin API key: $(admin_api_key)"
    echo "  settings:      $HORDE_LOCAL_ENV   (. $HORDE_LOCAL_ENV; \$HORDE_ADMIN create --username NAME --json)"
    echo "  logs:          $HORDE_LOG_DIR/"
    echo "  stop:          deploy/local.sh down"
}

cmd_down() {
    step "Stopping the local stack"
    stop_services
    stop_backing_services
    rm -f "$HORDE_LOCAL_ENV"
    ok "stopped"
}

cmd_status() {
    local name port state
    for name in postgres redis tansu "${HORDE_SERVICES[@]}"; do
        if is_running "$name"; then state="running (pid $(recorded_pid "$name"))"; else state="stopped"; fi
        case "$name" in
        postgres | redis | tansu) port=$(cat "$HORDE_RUN_DIR/$name.port" 2>/dev/null || echo -) ;;
        *) port=$(ready_port "$name") ;;
        esac
        printf '  %-10s %-24s port %s\n' "$name" "$state" "$port"
    done
}

cmd_print_env() {
    local IFS='|'
    [[ $# -eq 1 ]] || die "usage: deploy/local.sh print-env <${HORDE_SERVICES[*]}>"
    IFS=$' \t\n'
    resolve_backing_ports
    service_env "$1"
}
