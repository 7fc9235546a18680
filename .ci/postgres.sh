# Sourced by .ci/run: a throw-away PostgreSQL server on 127.0.0.1 for the trial-store tests.
# postgres_start installs Debian's postgresql package when no server binaries are present, creates a
# cluster in a temporary folder (as the postgres user when run as root: initdb refuses root), starts it
# and exports NAS4J_POSTGRES_URL; the tests skip with a message when that variable is unset.
# postgres_stop stops the server and removes the folder.

postgres_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

postgres_start() {
    local bin port
    bin="$(postgres_bin)"
    if [ -z "$bin" ] && command -v apt-get >/dev/null 2>&1; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2 \
            || echo "ci: could not install postgresql" >&2
        bin="$(postgres_bin)"
    fi
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
        echo "ci: no PostgreSQL server binaries; the PostgreSQL store tests will skip" >&2
        return 1
    fi
    NAS4J_PG_DIR="$(mktemp -d /tmp/nas4j-pg.XXXXXX)"
    NAS4J_PG_AS=()
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$NAS4J_PG_DIR"
        NAS4J_PG_AS=(runuser -u postgres --)
    fi
    for port in 54329 $((20000 + RANDOM % 30000)) $((20000 + RANDOM % 30000)); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            break
        fi
    done
    if ! "${NAS4J_PG_AS[@]}" "$bin/initdb" -D "$NAS4J_PG_DIR/data" -A trust -U nas4j --no-sync >"$NAS4J_PG_DIR/initdb.log" 2>&1 \
        || ! "${NAS4J_PG_AS[@]}" "$bin/pg_ctl" -D "$NAS4J_PG_DIR/data" -l "$NAS4J_PG_DIR/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $NAS4J_PG_DIR -c fsync=off -c max_connections=200" start >/dev/null \
        || ! "${NAS4J_PG_AS[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U nas4j nas4j; then
        echo "ci: PostgreSQL did not start; the PostgreSQL store tests will skip:" >&2
        tail -n 5 "$NAS4J_PG_DIR"/*.log >&2 2>/dev/null || true
        postgres_stop
        return 1
    fi
    NAS4J_PG_BIN="$bin"
    export NAS4J_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/nas4j?user=nas4j"
    echo "ci: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port for the store tests" >&2
}

postgres_stop() {
    if [ -n "${NAS4J_PG_DIR:-}" ] && [ -d "$NAS4J_PG_DIR" ]; then
        if [ -f "$NAS4J_PG_DIR/data/postmaster.pid" ]; then
            "${NAS4J_PG_AS[@]}" "${NAS4J_PG_BIN:-$(postgres_bin)}/pg_ctl" -D "$NAS4J_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$NAS4J_PG_DIR"
    fi
    unset NAS4J_POSTGRES_URL
}
