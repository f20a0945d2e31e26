#!/usr/bin/env python3
"""Pairs DL4J train/forward measurements with the PyTorch reference of the same shape and prints ratio lines."""
import json, sys

def load(path):
    rows = []
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            rows.append(json.loads(line))
    return rows

dl4j, torch = load(sys.argv[1]), load(sys.argv[2])
ref = {r["name"].split(".", 1)[1]: r for r in torch}          # "train.<label>" -> row
for r in dl4j:
    key = r["name"].split(".", 1)[1] if "." in r["name"] else r["name"]
    if key in ref and r.get("unit") == "tokens/s":
        pv = ref[key]["value"]
        print(json.dumps({"name": "vs-pytorch." + key, "value": r["value"], "unit": "tokens/s",
                          "peer": "pytorch %s (%d threads)" % (ref[key]["torch"], ref[key]["threads"]),
                          "peer_value": pv, "ratio": round(r["value"] / pv, 3) if pv else None}))
