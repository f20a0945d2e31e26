#!/usr/bin/env python3
"""Merges one benchmark's JSON lines (stdin) into RESULTS/latest.jsonl and writes RESULTS/latest.json.

Usage: merge.py RESULTS_DIR BENCH_NAME ND4J_CLASSIFIER < lines. Each line gets "bench": BENCH_NAME; earlier lines of
the same benchmark are replaced, others kept. latest.json = {"machine": {...}, "results": [...]}, where machine
records the host at the time of this run (cores, CPU model, memory, load, java, ND4J classifier, torch).
"""
import datetime, json, os, platform, subprocess, sys

ORDER = ["tokenizer", "corpus-prep", "train", "generate", "spark-overhead", "cluster"]


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception:
        return "?"


def main():
    results, bench, classifier = sys.argv[1], sys.argv[2], sys.argv[3]
    path = os.path.join(results, "latest.jsonl")
    new = [json.loads(l) for l in sys.stdin if l.strip().startswith("{")]
    for r in new:
        r["bench"] = bench
    old = []
    if os.path.exists(path):
        old = [json.loads(l) for l in open(path) if l.strip().startswith("{")]
    rows = [r for r in old if r.get("bench") != bench] + new
    rows.sort(key=lambda r: ORDER.index(r["bench"]) if r.get("bench") in ORDER else len(ORDER))
    with open(path + ".tmp", "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    os.replace(path + ".tmp", path)

    jpath = os.path.join(results, "latest.json")
    machines = {}
    if os.path.exists(jpath):
        machines = json.load(open(jpath)).get("machines", {})
    machines[bench] = {
        "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip(),
        "cpu_flags": " ".join(f for f in sh("grep -m1 flags /proc/cpuinfo").split() if f.startswith(("avx", "fma"))),
        "memory_gib": sh("free -g | awk '/Mem/{print $2}'"),
        "os": platform.system() + " " + platform.release(),
        "load_after": sh("cat /proc/loadavg"),
        "java": sh("java -version 2>&1 | head -1"),
        "nd4j_classifier": classifier,
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS", "unset (= cores)"),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "unset (libgomp default: spin)"),
        "torch": sh("/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null") or "not installed",
    }
    with open(jpath + ".tmp", "w") as f:
        json.dump({"machines": machines, "results": rows}, f, indent=1)
    os.replace(jpath + ".tmp", jpath)


if __name__ == "__main__":
    main()
