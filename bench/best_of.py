#!/usr/bin/env python3
"""Best of several runs of the same benchmark with different thread counts: for each line name keeps the line with
the highest value (all units here are higher-is-better), as the PyTorch reference does over its thread counts.

Usage: best_of.py RUN1.jsonl RUN2.jsonl ... ; prints the chosen lines in the order of RUN1.
"""
import json, sys

best, order = {}, []
for path in sys.argv[1:]:
    for line in open(path):
        if not line.strip().startswith("{"):
            continue
        r = json.loads(line)
        name = r["name"]
        if name not in best:
            order.append(name)
        if name not in best or (r.get("value") or 0) > (best[name].get("value") or 0):
            best[name] = r
# MFU lines: recompute from the chosen tokens/s line and the best GEMM run over all runs (a max over MFU values
# computed against different peaks would favour the run whose peak measurement was depressed)
gemm = best.get("dl4j.gemm.fp32")
for name in order:
    r = best[name]
    if ".mfu_" in name and gemm and r.get("flops_per_token"):
        src = best.get(name.replace("mfu_", "", 1))
        peak = gemm.get("best", gemm["value"])
        if src:
            flops = src["value"] * r["flops_per_token"]
            r.update(value=round(100 * flops / (peak * 1e9), 3), model_gflops=round(flops / 1e9, 3),
                     peak_gflops=peak, omp_threads=src.get("omp_threads"))
    print(json.dumps(r))
