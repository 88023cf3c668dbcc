#!/usr/bin/env bash
# The Nestling bench: a throwaway database with the 100k-family demo, gunicorn on loopback, 50 simulated
# practitioners in locust (1–3 s think time), then requests/s and p50/p95/p99 per page. See bench/README.md.
#
#   bench/run.sh                          # SQLite (the default database), 3 minutes
#   BENCH_DB=postgres bench/run.sh        # the same against a throwaway PostgreSQL cluster on 127.0.0.1
#   BENCH_DURATION=60s BENCH_REF=HEAD bench/run.sh
#
# Knobs (environment): BENCH_DURATION (3m; locust's 90s/3m/1h form), BENCH_USERS (50), BENCH_SPAWN_RATE (5),
# BENCH_FAMILIES (100000), BENCH_PORT (8123), BENCH_WORKERS (3), BENCH_THREADS (1: sync workers; more:
# gthread), BENCH_DB (sqlite|postgres), BENCH_REF (unset: the working tree; a git ref such as HEAD: a
# snapshot of that commit exported to the temp dir, so edits in progress do not change the figures),
# BENCH_SHARED_ADDRESS (1: every simulated user connects from 127.0.0.1; default: one loopback address each),
# BENCH_ANALYZE (1: run ANALYZE after the demo build, to measure the effect of planner statistics).
# Everything it starts it stops, and the temp dir is removed, on any exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
DURATION=${BENCH_DURATION:-3m}
USERS=${BENCH_USERS:-50}
SPAWN_RATE=${BENCH_SPAWN_RATE:-5}
FAMILIES=${BENCH_FAMILIES:-100000}
PORT=${BENCH_PORT:-8123}
WORKERS=${BENCH_WORKERS:-3}
THREADS=${BENCH_THREADS:-1}
DB=${BENCH_DB:-sqlite}
REF=${BENCH_REF:-}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)}

case $DURATION in
*h) SECONDS_TOTAL=$((${DURATION%h} * 3600)) ;;
*m) SECONDS_TOTAL=$((${DURATION%m} * 60)) ;;
*s) SECONDS_TOTAL=${DURATION%s} ;;
*) SECONDS_TOTAL=$DURATION DURATION=${DURATION}s ;;
esac
[[ $SECONDS_TOTAL =~ ^[0-9]+$ ]] || { echo "BENCH_DURATION must look like 90s, 3m or 1h" >&2; exit 2; }
[[ $DB == sqlite || $DB == postgres ]] || { echo "BENCH_DB must be sqlite or postgres" >&2; exit 2; }

port_free() {
	"$VENV/bin/python" -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does: TIME_WAIT is no obstacle
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$1"
}
port_free "$PORT" || { echo "port $PORT on 127.0.0.1 is taken; set BENCH_PORT" >&2; exit 2; }

STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$ROOT/bench/results/$STAMP-$DB
mkdir -p "$RESULTS"
WORK=$(mktemp -d -t nestling-bench.XXXXXX)
chmod 755 "$WORK"
GUNICORN_PID=""
PG_DATA=""

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	if [[ -n $GUNICORN_PID ]] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
		kill -TERM "$GUNICORN_PID" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.2; done
		kill -KILL "$GUNICORN_PID" 2>/dev/null || true
	fi
	if [[ -n $PG_DATA && -f $PG_DATA/postmaster.pid ]]; then
		runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$WORK"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The code under test: the working tree, or a snapshot of BENCH_REF (the venv's packages either way).
if [[ -n $REF ]]; then
	mkdir "$WORK/src"
	git -C "$ROOT" archive "$REF" | tar -x -C "$WORK/src"
	export PYTHONPATH=$WORK/src/src
	CODE="$REF ($(git -C "$ROOT" rev-parse --short "$REF"))"
else
	export PYTHONPATH=$ROOT/src
	CODE="working tree at $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted changes')"
fi

export NESTLING_DATA_DIR=$WORK/data
export NESTLING_ENV=development NESTLING_DEBUG=false
export ALLOWED_HOSTS=127.0.0.1
export LOG_LEVEL=WARNING
unset DATABASE_URL CACHE_URL
mkdir -p "$NESTLING_DATA_DIR"

if [[ $DB == postgres ]]; then
	[[ -x $PG_BIN/initdb ]] || { echo "no PostgreSQL server found (looked in /usr/lib/postgresql/*/bin)" >&2; exit 2; }
	PG_PORT=${BENCH_PG_PORT:-$((PORT + 1))}
	port_free "$PG_PORT" || { echo "port $PG_PORT on 127.0.0.1 is taken; set BENCH_PG_PORT" >&2; exit 2; }
	PG_DATA=$WORK/pg
	mkdir -p "$PG_DATA" "$WORK/pgsock"
	chown postgres: "$PG_DATA" "$WORK/pgsock"
	runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
	runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w \
		-o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK/pgsock -c max_connections=50" start >/dev/null
	runuser -u postgres -- "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres nestling
	export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/nestling
fi

NESTLING=("$VENV/bin/python" -m nestling)
echo "== Nestling bench: $DB, $USERS users for $DURATION, $WORKERS worker(s) x $THREADS thread(s)"
echo "   code: $CODE; machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo)"
echo "   results: ${RESULTS#"$ROOT"/}"
"${NESTLING[@]}" migrate --no-input -v0
"${NESTLING[@]}" collectstatic --no-input -v0

echo "== Building the demo with $FAMILIES families"
build_started=$(date +%s.%N)
"${NESTLING[@]}" demo --families "$FAMILIES" | sed -n 1p | tee "$RESULTS/demo.txt"
build_seconds=$(awk -v a="$build_started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
echo "   (the whole command, start-up included: $build_seconds s)" | tee -a "$RESULTS/demo.txt"
if [[ ${BENCH_ANALYZE:-0} == 1 ]]; then
	# Off by default: the bench measures the application as it is. On: what planner statistics change.
	echo "   BENCH_ANALYZE=1: running ANALYZE so the query planner has statistics"
	"${NESTLING[@]}" shell -v 0 -c 'from django.db import connection; connection.cursor().execute("ANALYZE")'
fi
if [[ $DB == sqlite ]]; then
	ls -l "$NESTLING_DATA_DIR"/nestling.sqlite3* | awk '{s += $5} END {printf "   database size: %.0f MB\n", s / 1048576}'
fi

echo "== Starting gunicorn on 127.0.0.1:$PORT"
WORKER_ARGS=(--workers "$WORKERS")
if ((THREADS > 1)); then WORKER_ARGS+=(--worker-class gthread --threads "$THREADS"); fi
"$VENV/bin/gunicorn" nestling.wsgi:application --bind "127.0.0.1:$PORT" "${WORKER_ARGS[@]}" \
	--timeout 60 --graceful-timeout 10 --error-logfile "$RESULTS/gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 100); do
	if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then break; fi
	kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn did not start; see $RESULTS/gunicorn.log" >&2; exit 1; }
	sleep 0.2
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz"
audit_before=$("${NESTLING[@]}" shell -v 0 -c 'from nestling.audit.models import AuditEvent; print(AuditEvent.objects.count())')

echo "== locust: $USERS users, spawn rate $SPAWN_RATE/s, for $DURATION (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
locust_status=0
export BENCH_PHASES_FILE=$RESULTS/phases.json
timeout --signal=INT --kill-after=30 $((SECONDS_TOTAL + 90)) \
	"$VENV/bin/locust" -f "$ROOT/bench/locustfile.py" --headless --only-summary \
	-u "$USERS" -r "$SPAWN_RATE" -t "$DURATION" --stop-timeout 5 \
	--host "http://127.0.0.1:$PORT" --csv "$RESULTS/locust" --csv-full-history \
	>"$RESULTS/locust.log" 2>&1 || locust_status=$?

echo "== Stopping gunicorn (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
kill -TERM "$GUNICORN_PID"
wait "$GUNICORN_PID" || true
GUNICORN_PID=""

audit_after=$("${NESTLING[@]}" shell -v 0 -c 'from nestling.audit.models import AuditEvent; print(AuditEvent.objects.count())')
echo "   audit rows written during the run: $((audit_after - audit_before))"
"${NESTLING[@]}" audit verify 2>&1 | tail -n 3 | sed 's/^/   audit verify: /' || true

"$VENV/bin/python" - "$RESULTS" "$SECONDS_TOTAL" <<'PY'
import csv
import json
import sys
from pathlib import Path

results, seconds = Path(sys.argv[1]), int(sys.argv[2])
target = 150.0
rows = list(csv.DictReader((results / "locust_stats.csv").open()))
http = [r for r in rows if r["Type"] in ("GET", "POST")]
order = ["GET /caseload/", "GET /families/[uuid]/"]


def ms(row: dict, key: str) -> str:
    return f"{float(row[key]):.0f}" if row[key] not in ("", "N/A") else "-"


print(f"\n{'request':<42}{'count':>7}{'fail':>6}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'max':>8}  (ms)")
for row in rows:
    if row["Name"] == "Aggregated":
        continue
    print(
        f"{row['Name']:<42}{row['Request Count']:>7}{row['Failure Count']:>6}"
        f"{float(row['Requests/s']):>8.1f}{ms(row, '50%'):>7}{ms(row, '95%'):>7}{ms(row, '99%'):>7}"
        f"{ms(row, 'Max Response Time'):>8}"
    )
requests = sum(int(r["Request Count"]) for r in http)
failures = sum(int(r["Failure Count"]) for r in rows if r["Name"] != "Aggregated")
rate = sum(float(r["Requests/s"]) for r in http)
print(f"\nHTTP requests: {requests} in ~{seconds} s = {rate:.1f} req/s")
print(f"failures/errors: {failures}")
failures_csv = results / "locust_failures.csv"
if failures_csv.exists():
    for row in csv.DictReader(failures_csv.open()):
        print(f"  {row['Occurrences']} x {row['Method']} {row['Name']}: {row['Error'][:150]}")
pages = [r for r in http if r["Name"] in order]
worst = max((float(r["95%"]) for r in pages), default=float("nan"))
ok = worst <= target and failures == 0
print(f"target (pages p95 <= {target:.0f} ms, no errors): {'MET' if ok else 'MISSED'} (worst page p95 {worst:.0f} ms)")

phases_file = results / "phases.json"
if phases_file.exists():
    phases = json.loads(phases_file.read_text())
    for phase, title in (("ramp", "until every user's first sign-in attempt ended"), ("steady", "after that")):
        print(f"\n{phase} phase, {title}: {phases['failures'][phase]} failures")
        for name, row in phases["phases"].get(phase, {}).items():
            print(
                f"  {name:<40}{row['count']:>7}{row['p50']:>8.0f}{row['p95']:>7.0f}{row['p99']:>7.0f}"
                f"{row['max']:>8.0f}"
            )
PY
echo "   (locust exit status $locust_status; full output in ${RESULTS#"$ROOT"/})"
