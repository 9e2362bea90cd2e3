#!/usr/bin/env bash
# Starts the platform and measures the time from launching the JVM until GET /health answers 200
# AND a twin can be read (GET /api/2/things/<id> answers 200): the platform serves. Then, until a
# search over the fleet answers (it needs every twin parsed), and until /health lists no component
# as still starting (rules, campaigns, desired state: they take inputs from the start and catch up).
# Leaves the platform running and prints its pid, so api-load can follow. Stop it first with
# `kill <pid>` (graceful shutdown).
#
# usage: [SERVE_ARGS="--mqtt-port 0 ..."] bench/scripts/restart-time.sh <platform jar> <data dir> <thing id> [api port] [-- java options...]
set -euo pipefail
jar=$1 data=$2 thing=$3 port=${4:-8080}
shift $(( $# >= 4 ? 4 : 3 ))
[[ ${1:-} == "--" ]] && shift
log=${RESTART_LOG:-/tmp/twinwright-restart.log}
start=$(date +%s%N)
java "$@" -jar "$jar" serve --data-dir "$data" --api-port "$port" ${SERVE_ARGS:-} >"$log" 2>&1 &
pid=$!
health_ms=""
while :; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "platform exited during startup, see $log" >&2
    exit 1
  fi
  now=$(date +%s%N)
  if [[ -z $health_ms ]] && curl -fs -o /dev/null "http://127.0.0.1:$port/health"; then
    health_ms=$(( (now - start) / 1000000 ))
  fi
  if [[ -n $health_ms ]] && curl -fs -o /dev/null "http://127.0.0.1:$port/api/2/things/$thing"; then
    ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
    break
  fi
  sleep 0.05
done
# CPU the JVM had used by then (all threads, user + system): on a shared machine the wall time
# depends on what else runs, the CPU time much less so
read -r -a stat < "/proc/$pid/stat"
cpu_ms=$(( (stat[13] + stat[14]) * 1000 / $(getconf CLK_TCK) ))
search_url="http://127.0.0.1:$port/api/2/search/things?filter=eq%28thingId%2C%22${thing}%22%29"
curl -fs -m 120 -o /dev/null "$search_url" || echo "search failed" >&2
search_ms=$(( ($(date +%s%N) - start) / 1000000 ))
while curl -fs -m 5 "http://127.0.0.1:$port/health" | grep -q '"starting"'; do sleep 0.05; done
all_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "pid $pid: /health 200 after ${health_ms} ms, twin $thing readable after ${ready_ms} ms, ${cpu_ms} ms CPU; search answered after ${search_ms} ms, every component up after ${all_ms} ms (log $log)"
