#!/usr/bin/env bash
# Fault run on the local cluster (docs/cluster.md): with './livepulse cluster up' done and a collector on port 28085
# pointed at it, submits the feature job, feeds 60,000 events through the collector, kills kafka-2 (40 s in) and
# flink-taskmanager-2 (10 s later) by pid, prints the recovery timeline, restarts both, and compares the
# consumer group's committed offsets with the topics' end offsets.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=data/cluster/fault-run; mkdir -p "$OUT"
./livepulse cluster stream --parallelism 2 | tee "$OUT/submit.log"
JOB=$(grep -o 'job [0-9a-f]\{32\}' "$OUT/submit.log" | awk '{print $2}')
sleep 20
python3 ops/cluster/poll-job.py "$JOB" 200 "$OUT/poll.jsonl" &
POLL=$!
LIVEPULSE_SIMULATE_COLLECTOR_URL=http://127.0.0.1:28085 ./livepulse simulate --config data/cluster/client.properties \
  --rate 1000 --max-events 60000 --seed 7 > "$OUT/simulate.out" 2>&1 &
SIM=$!
sleep 40; kill -9 "$(cat data/cluster/kafka-2/kafka-2.pid)"; echo "kafka-2 killed $(date +%s.%N)" | tee -a "$OUT/kills.log"
sleep 10; kill -9 "$(cat data/cluster/flink-taskmanager-2/flink-taskmanager-2.pid)"
echo "tm-2 killed $(date +%s.%N)" | tee -a "$OUT/kills.log"
wait "$SIM"; tail -1 "$OUT/simulate.out"
sleep 60
./livepulse cluster status || true
./livepulse cluster up kafka flink
wait "$POLL" || true
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
tk = [float(l.split()[-1]) for l in open(out + "/kills.log") if l.startswith("tm-2")][-1]
prev = None
for r in map(json.loads, open(out + "/poll.jsonl")):
    key = (r.get("state"), r.get("completed"), r.get("restored"), r.get("tms"), r.get("source_out", 0) > 0)
    if key != prev:
        print(f"{r['t'] - tk:+7.1f} s  {r.get('state')} checkpoints {r.get('completed')} restored {r.get('restored')}"
              f" TaskManagers {r.get('tms')} source records {r.get('source_out')}")
        prev = key
PY
java -cp "$(cat platform/target/app.classpath)" ops/cluster/EndOffsets.java \
  127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094 livepulse-features 2>/dev/null | grep -E '^(end|group)'
