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
for name in order:
    print(json.dumps(best[name]))
