# Shared helpers for deploy/local.sh: paths, messages, ports and the processes this script starts.
# Sourced, never executed. Every process the stack starts is recorded in $HORDE_RUN_DIR/<name>.pid (and its
# port in <name>.port), and only processes recorded there are ever stopped.

HORDE_DIR="$HORDE_ROOT/.horde"
HORDE_RUN_DIR="$HORDE_DIR/run"
HORDE_LOG_DIR="$HORDE_DIR/logs"
HORDE_LIB_DIR="$HORDE_DIR/lib"
HORDE_VENV="$HORDE_DIR/venv"

# Every process the stack starts loads librdkafka 2.16 from here before Debian's 2.0.2 (same soname).
export LD_LIBRARY_PATH="$HORDE_LIB_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# Seconds to wait for a process to answer after starting it, and for it to exit after SIGTERM.
HORDE_READY_TIMEOUT="${HORDE_LOCAL_READY_TIMEOUT:-90}"
HORDE_STOP_TIMEOUT="${HORDE_LOCAL_STOP_TIMEOUT:-30}"

if [[ -t 1 ]]; then
    _bold=$'\e[1m' _red=$'\e[31m' _green=$'\e[32m' _yellow=$'\e[33m' _reset=$'\e[0m'
else
    _bold='' _red='' _green='' _yellow='' _reset=''
fi

step() { printf '%s==> %s%s\n' "$_bold" "$*" "$_reset"; }
info() { printf '    %s\n' "$*"; }
warn() { printf '%swarning:%s %s\n' "$_yellow" "$_reset" "$*" >&2; }
die() { printf '%serror:%s %s\n' "$_red" "$_reset" "$*" >&2; exit 1; }
ok() { printf '%s%s%s\n' "$_green" "$*" "$_reset"; }
failed() { printf '%s%s%s\n' "$_red" "$*" "$_reset"; }

# Runs a command as root: directly when already root (CI), through sudo otherwise.
as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    else
        command -v sudo >/dev/null || die "'$1' needs root and sudo is not installed"
        sudo "$@"
    fi
}

ensure_dirs() {
    mkdir -p "$HORDE_RUN_DIR" "$HORDE_LOG_DIR" "$HORDE_LIB_DIR"
}

# --- ports -------------------------------------------------------------------------------------------------

# True when something accepts TCP connections on 127.0.0.1:$1.
port_answers() {
    timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# The first port from $1 upwards that nothing listens on (at most 100 tries).
free_port_from() {
    local port=$1 last=$(($1 + 100))
    while ((port < last)); do
        port_answers "$port" || { echo "$port"; return 0; }
        port=$((port + 1))
    done
    return 1
}

# The port the stack uses for backing service $1 (postgres, redis, tansu): the HORDE_LOCAL_*_PORT override when
# set, else the port the running copy started by this script listens on, else the default $2.
wanted_port() {
    local name=$1 default=$2 override=$3
    if [[ -n "$override" ]]; then
        echo "$override"
    elif is_running "$name" && [[ -s "$HORDE_RUN_DIR/$name.port" ]]; then
        cat "$HORDE_RUN_DIR/$name.port"
    else
        echo "$default"
    fi
}

# Resolves the backing-service ports and the URLs every Horde process reads.
resolve_backing_ports() {
    PG_PORT=$(wanted_port postgres 5432 "${HORDE_LOCAL_PG_PORT:-}")
    REDIS_PORT=$(wanted_port redis 6379 "${HORDE_LOCAL_REDIS_PORT:-}")
    KAFKA_PORT=$(wanted_port tansu 9092 "${HORDE_LOCAL_KAFKA_PORT:-}")
    export_backing_urls
}

export_backing_urls() {
    export HORDE_POSTGRES_URL="postgresql://horde@127.0.0.1:$PG_PORT/horde"
    export HORDE_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
    export HORDE_KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT"
}

# --- processes ---------------------------------------------------------------------------------------------

# The pid recorded for $1, if any.
recorded_pid() {
    local file="$HORDE_RUN_DIR/$1.pid"
    [[ -s "$file" ]] && head -n 1 "$file"
}

# True when the process recorded for $1 is alive and still runs the program named in <name>.cmd, so a pid
# reused by an unrelated process is never mistaken for ours.
is_running() {
    local pid expected
    pid=$(recorded_pid "$1") || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    [[ -r "/proc/$pid/cmdline" ]] || return 1
    expected=$(cat "$HORDE_RUN_DIR/$1.cmd" 2>/dev/null) || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$expected"
}

# Starts a program in its own session (Ctrl-C on this script leaves it running), with output appended to
# $HORDE_LOG_DIR/<name>.log, and records its pid. Usage: launch NAME -- ENV=VALUE... PROGRAM ARGS...
launch() {
    local name=$1
    shift
    [[ "$1" == "--" ]] && shift
    local log="$HORDE_LOG_DIR/$name.log" program
    [[ -f "$log" ]] && mv -f "$log" "$log.1"
    # The program is the first argument that is not an assignment.
    for program in "$@"; do [[ "$program" == *=* ]] || break; done
    echo "$program" >"$HORDE_RUN_DIR/$name.cmd"
    rm -f "$HORDE_RUN_DIR/$name.pid"
    # shellcheck disable=SC2016 # $$ and $0 belong to the inner shell.
    setsid bash -c 'echo $$ >"$0"; exec env "$@"' "$HORDE_RUN_DIR/$name.pid" "$@" \
        </dev/null >>"$log" 2>&1 &
    local waited=0
    until [[ -s "$HORDE_RUN_DIR/$name.pid" ]]; do
        sleep 0.05
        waited=$((waited + 1))
        ((waited < 100)) || die "$name did not start (see $log)"
    done
}

# SIGTERM, wait up to HORDE_STOP_TIMEOUT seconds, then SIGKILL. Only touches processes this script recorded.
stop_recorded() {
    local name=$1 pid waited=0
    if ! is_running "$name"; then
        rm -f "$HORDE_RUN_DIR/$name.pid"
        return 0
    fi
    pid=$(recorded_pid "$name")
    info "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
        if ((waited >= HORDE_STOP_TIMEOUT * 10)); then
            warn "$name did not exit ${HORDE_STOP_TIMEOUT}s after SIGTERM: sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.2
            break
        fi
        # An exited process whose parent never reaps it (e.g. a minimal init in a container) stays a zombie.
        [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" == Z ]] && break
        sleep 0.1
        waited=$((waited + 1))
    done
    rm -f "$HORDE_RUN_DIR/$name.pid"
}

# Polls `$2...` every 0.2 s until it succeeds; fails after HORDE_READY_TIMEOUT seconds or as soon as the
# process recorded for $1 has exited, showing the end of its log.
wait_until() {
    local name=$1 deadline=$((SECONDS + HORDE_READY_TIMEOUT))
    shift
    until "$@" >/dev/null 2>&1; do
        if [[ -n "$(recorded_pid "$name" 2>/dev/null)" ]] && ! is_running "$name"; then
            show_log_tail "$name"
            die "$name exited during start-up (log: $HORDE_LOG_DIR/$name.log)"
        fi
        if ((SECONDS >= deadline)); then
            show_log_tail "$name"
            die "$name did not become ready within ${HORDE_READY_TIMEOUT}s (log: $HORDE_LOG_DIR/$name.log)"
        fi
        sleep 0.2
    done
}

show_log_tail() {
    local log="$HORDE_LOG_DIR/$1.log"
    [[ -f "$log" ]] || return 0
    echo "---- last lines of $log ----" >&2
    tail -n 30 "$log" >&2
    echo "----" >&2
}
