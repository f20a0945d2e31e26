#!/usr/bin/env python3
"""Combines rounds of the train benchmark (each round: PyTorch, then DL4J, back to back; the paired lines of
bench/compare.py) into one line per measurement.

Usage: rounds.py ROUND1.jsonl ROUND2.jsonl ... ; prints the lines in the order of ROUND1. Per name, the line of the
median round (by value; the lower middle for an even count) is kept with: value = the median over rounds,
spread = max - min over rounds, rounds = the count, round_values; for paired lines peer_value = the median of the
peer values and ratio = the median of the per-round ratios, with round_ratios. Pairing within a round keeps a slow
minute on a shared machine from landing on one engine only: a round's ratio compares measurements taken a few
minutes apart, not a whole benchmark apart.
"""
import json, statistics, sys

from compare import load


def combine(lines):
    measured = [r for r in lines if isinstance(r.get("value"), (int, float))]
    if not measured:
        return lines[0]
    ordered = sorted(measured, key=lambda r: r["value"])
    out = dict(ordered[(len(ordered) - 1) // 2])
    values = [r["value"] for r in measured]
    out["value"] = round(statistics.median(values), 4)
    out["spread"] = round(max(values) - min(values), 4)
    out["rounds"] = len(measured)
    out["round_values"] = values
    ratios = [r["ratio"] for r in measured if isinstance(r.get("ratio"), (int, float))]
    peers = [r["peer_value"] for r in measured if isinstance(r.get("peer_value"), (int, float))]
    if ratios and peers:
        out["ratio"] = round(statistics.median(ratios), 3)
        out["peer_value"] = round(statistics.median(peers), 4)
        out["round_ratios"] = ratios
    return out


def main():
    rounds = [load(p) for p in sys.argv[1:]]
    order, by_name = [], {}
    for lines in rounds:
        for r in lines:
            if r["name"] not in by_name:
                order.append(r["name"])
                by_name[r["name"]] = []
            by_name[r["name"]].append(r)
    for name in order:
        print(json.dumps(combine(by_name[name])))


if __name__ == "__main__":
    main()
