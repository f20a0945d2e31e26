#!/usr/bin/env python3
"""Training rates of scripts/bench-cluster.

    cluster.py rate METRICS_JSONL CONFIG TOKENS_PER_STEP WARMUP_STEPS   one JSON record for one run
    cluster.py summary RECORDS_JSONL                                    the benchmark's JSON lines

rate: tokens/s over the logged intervals after WARMUP_STEPS (the sum of their tokens over the sum of their times,
each interval's time being its tokens over its logged tokens_per_s), plus the last validation loss.
summary: per configuration the median over rounds; cluster.* and local2.* lines against the single-process run
(ratio > 1: faster than one process), cluster.* lines also against local[2] of the same trainer.
"""
import json
import statistics
import sys


def rate(path, config, tokens_per_step, warmup):
    tokens_per_step, warmup = int(tokens_per_step), int(warmup)
    prev, tokens, seconds, val = None, 0, 0.0, None
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        m = json.loads(line)
        if "val_loss" in m:
            val = m["val_loss"]
        if "tokens_per_s" not in m:
            continue
        if prev is not None and prev >= warmup and m["tokens_per_s"] > 0:
            t = (m["step"] - prev) * tokens_per_step
            tokens += t
            seconds += t / m["tokens_per_s"]
        prev = m["step"]
    if seconds == 0:
        sys.exit(f"{path}: no logged interval after step {warmup}")
    print(json.dumps({"config": config, "tokens_per_s": round(tokens / seconds, 1), "timed_tokens": tokens,
                      "timed_s": round(seconds, 2), "last_val_loss": val}))


DESCRIBE = {
    "single": "trainer=local, one process, 2 OpenMP threads (the same 2 cores)",
    "local2.averaging": "trainer=averaging on Spark local[2] (one JVM, 2 task threads x 1 OpenMP thread)",
    "local2.sync": "trainer=sync on Spark local[2] (one JVM, 2 task threads x 1 OpenMP thread)",
    "cluster.averaging": "trainer=averaging on the standalone cluster (2 worker JVMs x 1 core, executor JVMs)",
    "cluster.sync": "trainer=sync on the standalone cluster (2 worker JVMs x 1 core, executor JVMs)",
    "local2.shared": "trainer=shared on Spark local[2] (one JVM, 2 task threads x 1 OpenMP thread)",
    "cluster.shared": "trainer=shared on the standalone cluster (2 worker JVMs x 1 core, executor JVMs)",
}


def summary(path):
    runs = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip().startswith("{")]
    by = {}
    for r in runs:
        by.setdefault(r["config"], []).append(r)
    med = {c: statistics.median(r["tokens_per_s"] for r in rs) for c, rs in by.items()}
    meta = {k: v for k, v in runs[0].items() if k not in ("config", "tokens_per_s", "timed_tokens", "timed_s",
                                                          "last_val_loss", "load_before")}
    loads = sorted({r.get("load_before") for r in runs})
    single = med.get("single")
    for config in ("cluster.averaging", "cluster.sync", "cluster.shared", "local2.averaging", "local2.sync",
                   "local2.shared"):
        if config not in med:
            continue
        rs = by[config]
        line = {"name": f"{config}.train_tokens_per_s", "value": round(med[config], 1), "unit": "tokens/s",
                "peer": DESCRIBE["single"], "peer_value": round(single, 1) if single else None,
                "ratio": round(med[config] / single, 3) if single else None, "what": DESCRIBE[config],
                "runs": len(rs), "spread": round(max(r["tokens_per_s"] for r in rs) - min(r["tokens_per_s"] for r in rs), 1),
                "last_val_loss": [r["last_val_loss"] for r in rs],
                "peer_last_val_loss": [r["last_val_loss"] for r in by.get("single", [])]}
        local = config.replace("cluster.", "local2.")
        if config.startswith("cluster.") and local in med:
            line["local2_value"] = round(med[local], 1)
            line["ratio_vs_local2"] = round(med[config] / med[local], 3)
        line["loads_before_runs"] = loads
        line.update(meta)
        print(json.dumps(line))


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "rate":
        rate(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "summary":
        summary(sys.argv[2])
    else:
        sys.exit(__doc__.strip())
