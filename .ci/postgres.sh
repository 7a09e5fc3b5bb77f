#!/usr/bin/env bash
# A throw-away PostgreSQL server for the team-mode tests.
#
#   .ci/postgres.sh          install (Debian), start, create role + database; print the URL
#   .ci/postgres.sh stop     stop the server (the data folder is kept)
#   .ci/postgres.sh purge    stop it and delete its data folder
#
# Only the URL goes to stdout, so CI can do:
#   export ANCHORDESK_TEST_PG_URL="$(.ci/postgres.sh)"
# It is idempotent: a second run finds the server up and only prints the URL again
# (about 0.1 s). The cluster is private to the tests: its own folder
# ($ANCHORDESK_PG_DIR, default /tmp/anchordesk-pg), its own port ($ANCHORDESK_PG_PORT,
# default 55432), loopback only, fsync off. It never touches a system cluster. As root
# the server runs as the "postgres" user (PostgreSQL refuses to run as root); as anyone
# else it runs as that user, and sudo is used only for apt-get.
set -euo pipefail

PG_DIR="${ANCHORDESK_PG_DIR:-/tmp/anchordesk-pg}"
PG_PORT="${ANCHORDESK_PG_PORT:-55432}"
PG_ROLE="${ANCHORDESK_PG_ROLE:-anchordesk}"
PG_PASSWORD="${ANCHORDESK_PG_PASSWORD:-anchordesk}"
PG_DB="${ANCHORDESK_PG_DB:-anchordesk}"
DATA="$PG_DIR/data"
LOG="$PG_DIR/server.log"
URL="postgresql+psycopg://$PG_ROLE:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"

say() { echo "postgres.sh: $*" >&2; }

find_bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [ -n "$dir" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
    if command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/pg_ctl" ]; then
        pg_config --bindir; return 0
    fi
    if command -v pg_ctl >/dev/null; then dirname "$(command -v pg_ctl)"; return 0; fi
    return 1
}

install_server() {
    if ! command -v apt-get >/dev/null; then
        say "PostgreSQL is not installed and there is no apt-get: install PostgreSQL (server) first"
        exit 1
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing PostgreSQL from Debian"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >&2
    $sudo apt-get install -y -qq --no-install-recommends postgresql postgresql-client >&2
}

BIN="$(find_bindir || true)"
if [ "${1:-}" = "stop" ] || [ "${1:-}" = "purge" ]; then
    as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    if [ -n "$BIN" ] && [ -f "$DATA/postmaster.pid" ]; then
        as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2 || true
    fi
    [ "$1" = "purge" ] && rm -rf "$PG_DIR"
    exit 0
fi

if [ -z "$BIN" ]; then
    install_server
    BIN="$(find_bindir)" || { say "PostgreSQL was installed but pg_ctl is not found"; exit 1; }
fi

# Who owns and runs the cluster.
if [ "$(id -u)" -eq 0 ]; then
    OWNER="postgres"
    id "$OWNER" >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql \
        --shell /bin/bash "$OWNER"
    as_owner() { runuser -u "$OWNER" -- "$@"; }
else
    OWNER="$(id -un)"
    as_owner() { "$@"; }
fi

mkdir -p "$PG_DIR"
chown "$OWNER" "$PG_DIR"
chmod 700 "$PG_DIR"

# A data folder from another PostgreSQL major version cannot be started: start afresh.
VERSION="$("$BIN/pg_ctl" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')"
if [ -f "$DATA/PG_VERSION" ] && [ "$(cat "$DATA/PG_VERSION")" != "$VERSION" ]; then
    say "data folder is from PostgreSQL $(cat "$DATA/PG_VERSION"), server is $VERSION: recreating"
    as_owner "$BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$DATA"
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
    rm -rf "$DATA"
    # UTF8 is required (Chinese text); a C.UTF-8 ctype makes lower()/ILIKE fold non-ASCII.
    LOCALE_ARGS=(--no-locale)
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then LOCALE_ARGS=(--locale=C.UTF-8); fi
    say "creating a cluster in $DATA"
    as_owner "$BIN/initdb" -D "$DATA" -U postgres -E UTF8 "${LOCALE_ARGS[@]}" \
        --auth-local=trust --auth-host=scram-sha-256 >/dev/null
fi

if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    say "starting the server on 127.0.0.1:$PG_PORT"
    # A test server: durability off for speed (the tests kill app processes, not the server).
    if ! as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start -o \
        "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off \
         -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >&2; then
        say "the server did not start; its log says:"
        tail -n 20 "$LOG" >&2 || true
        exit 1
    fi
fi

psql_admin() {
    as_owner "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres \
        -d postgres -tA "$@"
}

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'")" != "1" ]; then
    psql_admin -c "CREATE ROLE \"$PG_ROLE\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]; then
    psql_admin -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_ROLE\" ENCODING 'UTF8' TEMPLATE template0"
fi

echo "$URL" > "$PG_DIR/url"
chmod 644 "$PG_DIR/url"
echo "$URL"
