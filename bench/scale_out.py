#!/usr/bin/env python3
"""Summarises the runs of `scripts/bench scale-out` (one directory per trainer and worker count, named
<trainer>-w<workers>, each a pretrain output with metrics.jsonl and its console log <dir>.log) as JSON lines:
scaleout.val_loss.<trainer>.w<W> (validation loss at the last step, nats; peer: trainer=local on the same global
batch; ratio = ours / local, lower is better) and scaleout.tokens_per_s.<trainer>.w<W> (median of the logged training
rates after the first; peer: trainer=local), plus the sync trainer's communication per step from its log.
usage: scale_out.py RUNS_DIR"""
import json, os, re, statistics, sys


def run_stats(path):
    val, rates, last_step = None, [], 0
    for line in open(os.path.join(path, "metrics.jsonl")):
        m = json.loads(line)
        if "val_loss" in m:
            val, last_step = m["val_loss"], m["step"]
        elif "tokens_per_s" in m:
            rates.append(m["tokens_per_s"])
    comm = None
    log = path + ".log"
    if os.path.exists(log):
        for line in open(log):
            hit = re.search(r"sync: (\d+) steps, per step ([0-9.]+) MB of gradients up, ([0-9.]+) MB of update down, "
                            r"([0-9.]+) s, of which ([0-9.]+) s outside", line)
            if hit:
                comm = {"mb_up_per_step": float(hit.group(2)), "mb_down_per_step": float(hit.group(3)),
                        "step_s": float(hit.group(4)), "outside_compute_s": float(hit.group(5))}
    return val, statistics.median(rates[1:] or rates) if rates else None, last_step, comm


def main(runs):
    stats = {}
    for d in sorted(os.listdir(runs)):
        m = re.fullmatch(r"([a-z]+)-w(\d+)", d)
        if m and os.path.exists(os.path.join(runs, d, "metrics.jsonl")):
            stats[(m.group(1), int(m.group(2)))] = run_stats(os.path.join(runs, d))
    local = next((v for (t, _), v in stats.items() if t == "local"), None)
    for (trainer, w), (val, tps, step, comm) in sorted(stats.items()):
        line = {"name": f"scaleout.val_loss.{trainer}.w{w}", "value": val, "unit": "nats/token",
                "peer": "trainer=local, same global batch", "peer_value": local[0] if local else None,
                "ratio": round(val / local[0], 4) if local and val else None, "better": "lower", "step": step,
                "global_batch": 32}
        if comm:
            line.update(comm)
        print(json.dumps(line))
        print(json.dumps({"name": f"scaleout.tokens_per_s.{trainer}.w{w}", "value": tps, "unit": "tokens/s",
                          "peer": "trainer=local", "peer_value": local[1] if local else None,
                          "ratio": round(tps / local[1], 4) if local and tps else None, "better": "higher"}))


if __name__ == "__main__":
    main(sys.argv[1])
