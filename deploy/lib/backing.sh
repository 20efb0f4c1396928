# `deploy/local.sh services`: PostgreSQL, Redis and Tansu (Kafka protocol) on 127.0.0.1, data under .horde/,
# logs under .horde/logs/, pids under .horde/run/. Never touches a server this script did not start.

# The server binaries: those of the version that created .horde/pg, else the newest installed.
pg_bin_dir() {
    local dir version
    version=$(cat "$HORDE_DIR/pg/PG_VERSION" 2>/dev/null || true)
    if [[ -n "$version" && -x "/usr/lib/postgresql/$version/bin/initdb" ]]; then
        dir="/usr/lib/postgresql/$version/bin"
    else
        dir=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1)
    fi
    [[ -x "$dir/initdb" ]] ||
        die "PostgreSQL server binaries not found under /usr/lib/postgresql (run: deploy/local.sh deps)"
    echo "$dir"
}

# PostgreSQL refuses to run as root: as root its files belong to, and its commands run as, the postgres user.
as_pg_owner() {
    # From /: the postgres user may not be allowed into the current directory, which its tools complain about.
    if [[ $EUID -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Sets PGDATA and PG_LOG. The data directory is .horde/pg; when root runs the stack from a directory the
# postgres user cannot enter (e.g. under /root), it lives in postgres's home and .horde/pg links to it.
pg_locate() {
    PGDATA="$HORDE_DIR/pg"
    PG_LOG="$HORDE_LOG_DIR/postgres.log"
    [[ $EUID -eq 0 ]] || return 0
    if [[ -L "$PGDATA" ]] || ! as_pg_owner test -x "$HORDE_DIR"; then
        local home
        home="/var/lib/postgresql/horde-$(printf '%s' "$HORDE_ROOT" | md5sum | cut -c1-12)"
        mkdir -p "$home"
        chown postgres:postgres "$home"
        [[ -L "$PGDATA" ]] || ln -sfn "$home/pg" "$PGDATA"
        ln -sfn "$home/postgres.log" "$PG_LOG"
        PGDATA="$home/pg"
        PG_LOG="$home/postgres.log"
    fi
}

pg_probe() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -U horde -d postgres; }

pg_init() {
    [[ -s "$PGDATA/PG_VERSION" ]] && return 0
    info "initialising PostgreSQL data directory $PGDATA"
    mkdir -p "$PGDATA"
    if [[ $EUID -eq 0 ]]; then chown postgres:postgres "$PGDATA"; fi
    chmod 700 "$PGDATA"
    as_pg_owner "$PG_BIN/initdb" -D "$PGDATA" -U horde --auth=trust -E UTF8 --locale=C >/dev/null
    echo "include_if_exists = 'horde-local.conf'" | as_pg_owner tee -a "$PGDATA/postgresql.conf" >/dev/null
}

pg_start() {
    local port=$1
    pg_init
    # A server left running on this data directory without a pid record (e.g. .horde/run removed) is ours.
    if as_pg_owner "$PG_BIN/pg_ctl" status -D "$PGDATA" >/dev/null 2>&1; then
        as_pg_owner "$PG_BIN/pg_ctl" stop -D "$PGDATA" -m fast -w >/dev/null
    fi
    # Rewritten on every start: the port may differ from the last run.
    as_pg_owner tee "$PGDATA/horde-local.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 300
synchronous_commit = off
CONF
    touch "$PG_LOG"
    if [[ $EUID -eq 0 ]]; then chown postgres:postgres "$PG_LOG"; fi
    as_pg_owner "$PG_BIN/pg_ctl" start -D "$PGDATA" -l "$PG_LOG" -w -t "$HORDE_READY_TIMEOUT" >/dev/null ||
        { tail -n 30 "$PG_LOG" >&2; die "PostgreSQL did not start (log: $PG_LOG)"; }
    head -n 1 "$PGDATA/postmaster.pid" >"$HORDE_RUN_DIR/postgres.pid"
    # The postmaster's command line names its data directory, which no other server shares.
    echo "$PGDATA" >"$HORDE_RUN_DIR/postgres.cmd"
}

pg_create_database() {
    local exists
    exists=$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U horde -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'horde'")
    [[ "$exists" == 1 ]] || "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U horde horde
}

pg_stop() {
    is_running postgres || { rm -f "$HORDE_RUN_DIR/postgres.pid"; return 0; }
    info "stopping postgres (pid $(recorded_pid postgres))"
    as_pg_owner "$PG_BIN/pg_ctl" stop -D "$PGDATA" -m fast -w -t "$HORDE_STOP_TIMEOUT" >/dev/null ||
        as_pg_owner "$PG_BIN/pg_ctl" stop -D "$PGDATA" -m immediate -w >/dev/null || stop_recorded postgres
    rm -f "$HORDE_RUN_DIR/postgres.pid"
}

redis_probe() { [[ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" == PONG ]]; }

redis_start() {
    mkdir -p "$HORDE_DIR/redis"
    # Redis holds only what can be lost: no RDB snapshots, no append-only file.
    launch redis -- "$(command -v redis-server)" --bind 127.0.0.1 --port "$1" --save '' --appendonly no \
        --dir "$HORDE_DIR/redis" --daemonize no --protected-mode yes
}

tansu_probe() { port_answers "$1"; }

tansu_start() {
    local tansu
    tansu=$(tansu_binary)
    [[ -n "$tansu" ]] || die "tansu not found in $HORDE_VENV (run: deploy/local.sh deps)"
    launch tansu -- "$tansu" broker --listener-url "tcp://127.0.0.1:$1" \
        --advertised-listener-url "tcp://127.0.0.1:$1" --storage-engine memory://tansu/
}

# Brings one backing service up on the port held in the variable named $2, or reuses the copy this script
# started. When the port is taken by something else and was not chosen explicitly ($3 non-empty), the next
# free port is used instead and written back to that variable.
ensure_backing() {
    local name=$1 port_var=$2 explicit=$3 probe=$4 starter=$5 stopper=$6
    local port=${!port_var}
    if is_running "$name" && [[ "$(cat "$HORDE_RUN_DIR/$name.port" 2>/dev/null)" == "$port" ]]; then
        if "$probe" "$port"; then
            info "$name: reusing the running server on 127.0.0.1:$port"
            return 0
        fi
        "$stopper" "$name"
    fi
    if port_answers "$port"; then
        [[ -z "$explicit" ]] ||
            die "$name: port $port is used by a process this script did not start; pick another with $explicit"
        local taken=$port
        port=$(free_port_from $((port + 1))) || die "$name: no free port above $taken"
        warn "$name: port $taken is used by a process this script did not start; using $port"
        printf -v "$port_var" '%s' "$port"
    fi
    # Still running here means: ours, on another port than the one wanted now.
    if is_running "$name"; then "$stopper" "$name"; fi
    "$starter" "$port"
    echo "$port" >"$HORDE_RUN_DIR/$name.port"
    wait_until "$name" "$probe" "$port"
    info "$name: ready on 127.0.0.1:$port"
}

cmd_services() {
    step "Backing services"
    ensure_dirs
    PG_BIN=$(pg_bin_dir)
    pg_locate
    resolve_backing_ports
    ensure_backing postgres PG_PORT "${HORDE_LOCAL_PG_PORT:+HORDE_LOCAL_PG_PORT}" pg_probe pg_start pg_stop
    pg_create_database
    ensure_backing redis REDIS_PORT "${HORDE_LOCAL_REDIS_PORT:+HORDE_LOCAL_REDIS_PORT}" redis_probe redis_start \
        stop_recorded
    ensure_backing tansu KAFKA_PORT "${HORDE_LOCAL_KAFKA_PORT:+HORDE_LOCAL_KAFKA_PORT}" tansu_probe tansu_start \
        stop_recorded
    export_backing_urls
    info "HORDE_POSTGRES_URL=$HORDE_POSTGRES_URL"
    info "HORDE_REDIS_URL=$HORDE_REDIS_URL"
    info "HORDE_KAFKA_BROKERS=$HORDE_KAFKA_BROKERS"
}

stop_backing_services() {
    stop_recorded tansu
    stop_recorded redis
    if is_running postgres; then
        PG_BIN=$(pg_bin_dir)
        pg_locate
        pg_stop
    fi
}
