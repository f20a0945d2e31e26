#!/usr/bin/env python3
"""Asks a daemon of the one-machine cluster (scripts/cluster) over HTTP how it is doing.

    probe.py hdfs|spark|yarn HOST:PORT EXPECTED

Prints one line (e.g. "2 live datanodes, safe mode off") and exits 0 when the service is ready with at least
EXPECTED members (datanodes, alive workers, running node managers), 1 when it answers but is not ready yet,
2 when it does not answer.
"""
import json
import sys
import urllib.request


def get(url):
    with urllib.request.urlopen(url, timeout=2) as r:
        return json.load(r)


def hdfs(addr):
    jmx = f"http://{addr}/jmx?qry=Hadoop:service=NameNode,name="
    live = get(jmx + "FSNamesystemState")["beans"][0]["NumLiveDataNodes"]
    safemode = get(jmx + "NameNodeInfo")["beans"][0]["Safemode"]
    return live, f"{live} live datanodes, safe mode {'on' if safemode else 'off'}", not safemode


def spark(addr):
    j = get(f"http://{addr}/json/")
    alive = j.get("aliveworkers", 0)
    return alive, f"{alive} alive workers, {j.get('cores', 0)} cores, {len(j.get('activeapps', []))} running apps", \
        j.get("status") == "ALIVE"


def yarn(addr):
    m = get(f"http://{addr}/ws/v1/cluster/metrics")
    m = m.get("clusterMetrics", m)  # Hadoop 3.3's JAXB-less JSON has no root element
    nodes = m["activeNodes"]
    return nodes, f"{nodes} node managers, {m['totalMB']} MB, {m['appsRunning']} running apps", True


def main(argv):
    if len(argv) != 4 or argv[1] not in ("hdfs", "spark", "yarn"):
        sys.exit(__doc__.strip())
    try:
        count, line, ok = {"hdfs": hdfs, "spark": spark, "yarn": yarn}[argv[1]](argv[2])
    except Exception as e:  # not up (yet): connection refused, 503 while starting, ...
        print(f"not answering on {argv[2]} ({type(e).__name__})")
        return 2
    print(line)
    return 0 if ok and count >= int(argv[3]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
