#!/usr/bin/env python3
"""Pairs DL4J lines with their PyTorch peers and prints all lines with peer, peer_value and ratio filled in.

Usage: compare.py OURS.jsonl TORCH.jsonl. A line "<engine>.<key>" of ours ("dl4j.", or "sparklm." for the
KV-cache generation) is paired with "pytorch.<key>" (key e.g. "train.gpt-d256-l4-h4-t128-b16-v8000",
"mfu_train.<label>", "gemm.fp32", "generate.<label>"); ratio = ours / pytorch, so > 1 means ours is faster (higher
is better for every unit used here). PyTorch lines are printed unchanged after them.
"""
import json, sys


def load(path):
    rows = []
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            rows.append(json.loads(line))
    return rows


def main():
    dl4j, torch = load(sys.argv[1]), load(sys.argv[2])
    ref = {r["name"].split(".", 1)[1]: r for r in torch if r["name"].startswith("pytorch.")}
    for r in dl4j:
        key = r["name"].split(".", 1)[1] if not r["name"].startswith("pytorch.") else None
        p = ref.get(key)
        if p is not None and p.get("value"):
            blas = ", OpenBLAS %s" % p["blas_threads"] if p.get("blas_threads") else ""
            r["peer"] = "pytorch %s cpu (%s threads%s)" % (p.get("torch", "?"), p.get("threads", "?"), blas)
            r["peer_value"] = p["value"]
            r["ratio"] = round(r["value"] / p["value"], 3)
        print(json.dumps(r))
    for p in torch:
        print(json.dumps(p))


if __name__ == "__main__":
    main()
