# Polls a Flink job on the local cluster once a second: state, checkpoints, restores, TaskManagers, source records.
# python3 ops/cluster/poll-job.py <job id> <seconds> <output.jsonl>
import json, sys, time, urllib.request
J = sys.argv[1]; dur = float(sys.argv[2]); out = open(sys.argv[3], "a")
end = time.time() + dur
while time.time() < end:
    try:
        j = json.load(urllib.request.urlopen(f"http://127.0.0.1:28081/jobs/{J}", timeout=3))
        c = json.load(urllib.request.urlopen(f"http://127.0.0.1:28081/jobs/{J}/checkpoints", timeout=3))
        lat = (c.get("latest") or {}).get("completed") or {}
        ex = json.load(urllib.request.urlopen(f"http://127.0.0.1:28081/jobs/{J}/exceptions", timeout=3))
        tms = json.load(urllib.request.urlopen("http://127.0.0.1:28081/taskmanagers", timeout=3))
        reads = sum(v["metrics"].get("write-records", 0) for v in j["vertices"] if v["name"].startswith("Source"))
        out.write(json.dumps({"t": round(time.time(), 2), "state": j["state"], "completed": c["counts"]["completed"],
            "failed": c["counts"]["failed"], "restored": c["counts"]["restored"], "latest_id": lat.get("id"),
            "latest_ack": lat.get("latest_ack_timestamp"), "tms": len(tms["taskmanagers"]),
            "exceptions": len(ex.get("exceptionHistory", {}).get("entries", [])), "source_out": reads}) + "\n")
    except Exception as e:
        out.write(json.dumps({"t": round(time.time(), 2), "error": str(e)[:100]}) + "\n")
    out.flush(); time.sleep(1)
