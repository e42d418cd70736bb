#!/usr/bin/env bash
# Several app servers behind a load balancer, on one machine: what README.md "Past one machine"
# runs for real on separate hosts, here with gunicorn on ports 8101 and 8102 and haproxy on 8100.
#
#   deploy/trial.sh start   # collectstatic into $TRIAL_DIR, then the app servers and haproxy
#   deploy/trial.sh stop    # stops exactly the processes it started (their pid files)
#
# Configured by the environment (defaults in brackets): DATABASE_URL (required), DATABASE_REPLICA_URL
# [none: every read on the primary], REDIS_URL [redis://127.0.0.1:6379/3], PORTS ["8101 8102"],
# WORKERS [2 per server], LB_PORT [8100; empty: no haproxy], TRIAL_DIR [/tmp/learning-trial],
# POSTGRES_OPTIONS [the site's default]. Plain HTTP on 127.0.0.1 only: no TLS, no proxy headers.
set -euo pipefail

BASE_DIR="$(cd "$(dirname "$0")/.." && pwd)"
TRIAL_DIR="${TRIAL_DIR:-/tmp/learning-trial}"
PORTS="${PORTS:-8101 8102}"
WORKERS="${WORKERS:-2}"
LB_PORT="${LB_PORT-8100}"
PYTHON="$BASE_DIR/.venv/bin/python"

start() {
    : "${DATABASE_URL:?set DATABASE_URL to the primary}"
    mkdir -p "$TRIAL_DIR/settings"
    # reviews_site.settings with only STATIC_ROOT moved out of the working tree.
    printf 'from reviews_site.settings import *  # noqa: F403\n\nSTATIC_ROOT = %s\n' "'$TRIAL_DIR/static'" \
        > "$TRIAL_DIR/settings/trial_settings.py"
    export DJANGO_SETTINGS_MODULE=trial_settings PYTHONPATH="$TRIAL_DIR/settings:$BASE_DIR"
    export DEBUG=0 ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0
    export SECRET_KEY="${SECRET_KEY:-$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')}"
    export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/3}"
    export DATABASE_URL DATABASE_REPLICA_URL="${DATABASE_REPLICA_URL:-}"
    (cd "$BASE_DIR" && "$PYTHON" manage.py collectstatic --noinput --verbosity=0)
    for port in $PORTS; do
        (cd "$BASE_DIR" && exec setsid "$BASE_DIR/.venv/bin/gunicorn" reviews_site.wsgi \
            --bind "127.0.0.1:$port" --workers "$WORKERS" --pid "$TRIAL_DIR/gunicorn-$port.pid") \
            >"$TRIAL_DIR/gunicorn-$port.log" 2>&1 </dev/null &
    done
    for port in $PORTS; do
        for _ in $(seq 1 120); do
            curl -fs -o /dev/null "http://127.0.0.1:$port/" && break
            sleep 0.5
        done
        curl -fsS -o /dev/null "http://127.0.0.1:$port/" || { tail -40 "$TRIAL_DIR/gunicorn-$port.log"; exit 1; }
        echo "app server on 127.0.0.1:$port (pid $(cat "$TRIAL_DIR/gunicorn-$port.pid"))"
    done
    if [ -n "$LB_PORT" ]; then
        servers=""
        for port in $PORTS; do
            servers="$servers    server app$port 127.0.0.1:$port check"$'\n'
        done
        sed -e "s/@LB_PORT@/$LB_PORT/" "$BASE_DIR/deploy/haproxy-trial.cfg" \
            | awk -v servers="$servers" '{ if ($0 ~ /@SERVERS@/) printf "%s", servers; else print }' \
            > "$TRIAL_DIR/haproxy.cfg"
        haproxy -c -q -f "$TRIAL_DIR/haproxy.cfg"
        haproxy -D -f "$TRIAL_DIR/haproxy.cfg" -p "$TRIAL_DIR/haproxy.pid"
        curl -fsS -o /dev/null "http://127.0.0.1:$LB_PORT/"
        echo "haproxy on 127.0.0.1:$LB_PORT (pid $(cat "$TRIAL_DIR/haproxy.pid")) in front of: $PORTS"
    fi
}

stop() {
    for pidfile in "$TRIAL_DIR"/gunicorn-*.pid "$TRIAL_DIR"/haproxy.pid; do
        [ -f "$pidfile" ] || continue
        pid="$(cat "$pidfile")"
        kill -TERM "$pid" 2>/dev/null && echo "stopped $(basename "$pidfile" .pid) (pid $pid)"
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
        rm -f "$pidfile"
    done
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
