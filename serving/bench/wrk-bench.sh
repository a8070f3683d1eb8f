#!/usr/bin/env bash
# Load benchmark of the scoring API on loopback (needs Debian's wrk and a built serving module:
#   mvn -B -pl serving -am package -DskipTests && mvn -B -pl serving test-compile).
# Starts an embedded broker and the serving app on spare ports with a fresh data dir, loads 200 live rooms and
# 10,000 users, then runs wrk against /v1/recommendations and the trivial /v1/ping (the limit) at the same
# fixed rates (paced: CONNECTIONS x 1000/DELAY_MS req/s), then unpaced. Prints one RESULT line per run.
# MODELS=<dir> copies registry models (e.g. a trained recommender-als) into the fresh data dir first, so the
# model path is measured; without it recommendations take the repeat/popular fallback.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${DURATION:-20s}"
THREADS="${THREADS:-1}"
KAFKA_PORT="${KAFKA_PORT:-29392}"
HTTP_PORT="${HTTP_PORT:-28480}"
DATA="$(mktemp -d /tmp/livepulse-bench.XXXXXX)"
KEY="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# the collector's pseudonymisation key: LoadFixture stores users under it, serving applies it to ?user=
export LIVEPULSE_SECRET_PSEUDONYM_KEY="bench-pseudonym-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
CP_PLATFORM="platform/target/livepulse-platform-0.1.0-SNAPSHOT.jar:$(cat platform/target/app.classpath)"
CP_SERVING="serving/target/livepulse-serving-0.1.0-SNAPSHOT.jar:$(cat serving/target/app.classpath)"
export LIVEPULSE_KAFKA_EMBEDDED_PORT="$KAFKA_PORT" LIVEPULSE_DATA_DIR="$DATA"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT
wait_for() { for _ in $(seq 1 120); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.5; done; echo "timeout: $1" >&2; cat "$1" >&2; exit 1; }

if [ -n "${MODELS:-}" ]; then mkdir -p "$DATA/models" && cp -r "$MODELS"/. "$DATA/models/"; fi
java -Xmx1g -cp "$CP_PLATFORM" io.livepulse.platform.launcher.LivePulseCli broker >"$DATA/broker.log" 2>&1 &
pids+=($!)
wait_for "$DATA/broker.log" "broker ready"
java -cp "serving/target/test-classes:$CP_SERVING" io.livepulse.serving.LoadFixture "localhost:$KAFKA_PORT" 200 10000
# the benchmark measures the server, not the per-key rate limit
LIVEPULSE_SECRET_API_KEYS="bench:platform+operator:$KEY" LIVEPULSE_SERVING_PORT="$HTTP_PORT" \
  LIVEPULSE_SERVING_RATE_LIMIT_PER_SECOND=1000000 java -Xmx1g -cp "$CP_SERVING" io.livepulse.serving.ServingMain \
  >"$DATA/serving.log" 2>&1 &
pids+=($!)
wait_for "$DATA/serving.log" "serving ready"
for _ in $(seq 1 60); do
  lag=$(curl -s -H "X-Api-Key: $KEY" "http://127.0.0.1:$HTTP_PORT/metrics" | awk '/^livepulse_feature_store_records_total/ {print $2}')
  [ "${lag%.*}" -ge 50400 ] 2>/dev/null && break
  sleep 1
done
echo "store loaded: ${lag:-?} records; $(nproc) cores; $(date -u +%FT%TZ)"
curl -s -H "X-Api-Key: $KEY" "http://127.0.0.1:$HTTP_PORT/v1/recommendations?user=1&k=3"; echo
URL="http://127.0.0.1:$HTTP_PORT"
# warm-up
BENCH_KEY="$KEY" wrk -t1 -c20 -d5s -s serving/bench/recommendations.lua "$URL" >/dev/null
for spec in ${RATES:-"25:10" "50:10" "100:10"}; do
  conns="${spec%%:*}"; delay="${spec##*:}"
  for path in /v1/recommendations /v1/ping; do
    echo "target $((conns * 1000 / delay)) req/s ($conns connections, ${delay} ms pacing):"
    BENCH_KEY="$KEY" BENCH_PATH="$path" DELAY_MS="$delay" wrk -t"$THREADS" -c"$conns" -d"$DURATION" \
      -s serving/bench/recommendations.lua "$URL" | grep RESULT
  done
done
for path in /v1/recommendations /v1/ping; do
  echo "unpaced (64 connections):"
  BENCH_KEY="$KEY" BENCH_PATH="$path" wrk -t"$THREADS" -c64 -d"$DURATION" -s serving/bench/recommendations.lua "$URL" | grep RESULT
done
