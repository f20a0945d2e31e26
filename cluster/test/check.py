#!/usr/bin/env python3
"""Assertions of the cluster test suite (scripts/cluster-test). Each prints what it found on one or a few lines and
exits 1 with a one-line reason when the check fails.

    check.py fell METRICS                   validation loss at the last step below the loss at step 0
    check.py same METRICS_A METRICS_B       B logged the same steps with the same training and validation losses
    check.py prefix METRICS_A METRICS_B     B's steps are steps of A, with the same losses (a shorter run)
    check.py close METRICS_A METRICS_B REL  the last validation losses agree within REL (relative)
    check.py executors EVENT_LOG CLUSTER_DIR BUILD
                                            >= 2 executor JVMs (distinct pids) ran tasks, each loaded ND4J BUILD
                                            (linux-x86_64 or linux-x86_64-onednn-avx2, from its log)
    check.py resumed STDERR                 the run resumed from a checkpoint (and says at which step)
    check.py lost EVENT_LOG                 a task failed with its executor (ExecutorLostFailure) and was run again

METRICS is a run's metrics.jsonl: hdfs:///path (read over WebHDFS from 127.0.0.1:9870) or a local file.
"""
import glob
import json
import time
import os
import re
import sys
import urllib.error
import urllib.request

NAMENODE_HTTP = os.environ.get("SPARKLM_CLUSTER_NN_HTTP", "127.0.0.1:9870")


class CheckFailed(Exception):
    pass


def read_text(uri):
    if uri.startswith("hdfs://"):
        path = "/" + uri.split("://", 1)[1].split("/", 1)[1] if not uri.startswith("hdfs:///") else uri[len("hdfs://"):]
        # WebHDFS redirects to one DataNode holding the block; after a DataNode is killed the NameNode may still
        # name it for a while, so a refused connection is retried (the Java client does the same across replicas)
        for attempt in range(8):
            try:
                with urllib.request.urlopen(f"http://{NAMENODE_HTTP}/webhdfs/v1{path}?op=OPEN", timeout=30) as r:
                    return r.read().decode("utf-8")
            except urllib.error.URLError as e:
                if attempt == 7 or "refused" not in str(e.reason):
                    raise
                time.sleep(1)
    with open(uri, encoding="utf-8") as f:
        return f.read()


def metrics(uri):
    """(training losses by step, validation losses by step) of a metrics.jsonl."""
    train, val = {}, {}
    for line in read_text(uri).splitlines():
        if line.strip():
            m = json.loads(line)
            if "loss" in m:
                train[m["step"]] = m["loss"]
            if "val_loss" in m:
                val[m["step"]] = m["val_loss"]
    if not val:
        raise CheckFailed(f"{uri}: no validation loss logged")
    return train, val


def fell(uri):
    _, val = metrics(uri)
    first, last = min(val), max(val)
    print(f"validation loss {val[first]:.4f} at step {first} -> {val[last]:.4f} at step {last}")
    if not (last > first and val[last] < val[first]):
        raise CheckFailed(f"{uri}: validation loss did not fall ({val[first]} -> {val[last]})")


def same(uri_a, uri_b, prefix=False):
    (ta, va), (tb, vb) = metrics(uri_a), metrics(uri_b)
    diffs = []
    for name, a, b in (("loss", ta, tb), ("val_loss", va, vb)):
        if not (set(b) <= set(a) if prefix else sorted(a) == sorted(b)):
            raise CheckFailed(f"{uri_b} logged {name} at steps {sorted(b)}, {uri_a} at {sorted(a)}")
        diffs += [(abs(a[s] - b[s]), name, s, a[s], b[s]) for s in b]
    worst = max(diffs)
    print(f"{len(diffs)} losses over steps {min(vb)}..{max(vb)}; max |difference| {worst[0]:.3g}")
    if worst[0] != 0:
        raise CheckFailed(f"{worst[1]} at step {worst[2]}: {worst[3]} vs {worst[4]}")


def close(uri_a, uri_b, rel):
    (_, va), (_, vb) = metrics(uri_a), metrics(uri_b)
    a, b = va[max(va)], vb[max(vb)]
    ratio = b / a
    print(f"last validation loss {a:.4f} (step {max(va)}) vs {b:.4f} (step {max(vb)}): ratio {ratio:.4f}")
    if abs(ratio - 1) > float(rel):
        raise CheckFailed(f"validation losses differ by {abs(ratio - 1):.1%}, more than {float(rel):.0%}")


def executor_logs(event_log, cluster_dir):
    """{executor id: its stderr file}, from the event log's ExecutorAdded events (standalone or YARN)."""
    app, logs = None, {}
    with open(event_log, encoding="utf-8") as f:
        for line in f:
            e = json.loads(line)
            if e["Event"] == "SparkListenerApplicationStart":
                app = e["App ID"]
            elif e["Event"] == "SparkListenerExecutorAdded":
                attrs = e["Executor Info"].get("Attributes", {})
                if "CONTAINER_ID" in attrs:
                    pattern = f"{cluster_dir}/yarn/*/logs/{app}/{attrs['CONTAINER_ID']}/stderr"
                else:
                    pattern = f"{cluster_dir}/spark-work/*/{app}/{e['Executor ID']}/stderr"
                found = glob.glob(pattern)
                logs[e["Executor ID"]] = found[0] if found else None
    return app, logs


def task_time(event_log):
    """{executor id: (successful tasks, run time in ms)}."""
    per = {}
    with open(event_log, encoding="utf-8") as f:
        for line in f:
            if '"SparkListenerTaskEnd"' not in line:
                continue
            e = json.loads(line)
            if e["Task End Reason"]["Reason"] != "Success":
                continue
            info = e["Task Info"]
            n, ms = per.get(info["Executor ID"], (0, 0))
            per[info["Executor ID"]] = (n + 1, ms + info["Finish Time"] - info["Launch Time"])
    return per


def native_build(log_text):
    if "HAVE_ONEDNN" in log_text:
        return "linux-x86_64-onednn-avx2"
    if "Binary level Generic x86" in log_text:
        return "linux-x86_64"
    if "Binary level AVX/AVX2" in log_text:
        return "linux-x86_64-avx2"
    return "?"


def executors(event_log, cluster_dir, build):
    app, logs = executor_logs(event_log, cluster_dir)
    tasks = task_time(event_log)
    pids = {}
    for ex, (n, ms) in sorted(tasks.items()):
        path = logs.get(ex)
        if not path:
            raise CheckFailed(f"{app}: no log found for executor {ex}")
        text = open(path, encoding="utf-8", errors="replace").read()
        pid = re.search(r"Started daemon with process name: (\d+)@", text)
        loaded = native_build(text)
        print(f"  executor {ex}: pid {pid.group(1) if pid else '?'}, {n} tasks, {ms / 1000:.1f} s, ND4J {loaded}"
              f"  ({os.path.relpath(path, cluster_dir)})")
        if loaded != build:
            raise CheckFailed(f"{app}: executor {ex} loaded ND4J {loaded}, expected {build}")
        if pid:
            pids[pid.group(1)] = ex
    if len(pids) < 2:
        raise CheckFailed(f"{app}: tasks ran in {len(pids)} executor JVM(s), expected at least 2")
    print(f"{app}: tasks in {len(pids)} executor JVMs")


def resumed(stderr_path):
    text = open(stderr_path, encoding="utf-8", errors="replace").read()
    m = re.search(r"resuming from (\S+) at step (\d+)", text)
    if not m:
        raise CheckFailed(f"{stderr_path}: no 'resuming from ... at step N' line")
    print(f"resumed from {m.group(1)} at step {m.group(2)}")


def prefix(uri_a, uri_b):
    same(uri_a, uri_b, prefix=True)


def lost(event_log):
    failed, succeeded = [], {}
    with open(event_log, encoding="utf-8") as f:
        for line in f:
            if '"SparkListenerTaskEnd"' not in line:
                continue
            e = json.loads(line)
            key = (e["Stage ID"], e["Task Info"]["Index"])
            if e["Task End Reason"]["Reason"] == "Success":
                succeeded[key] = e["Task Info"]["Executor ID"]
            elif e["Task End Reason"]["Reason"] == "ExecutorLostFailure":
                failed.append((key, e["Task Info"]["Executor ID"]))
    if not failed:
        raise CheckFailed(f"{event_log}: no task was lost with its executor")
    for (stage, index), ex in failed:
        print(f"stage {stage} task {index} lost with executor {ex}, then succeeded on executor {succeeded.get((stage, index), '-')}")
        if (stage, index) not in succeeded:
            raise CheckFailed(f"stage {stage} task {index} never succeeded after its executor was lost")


COMMANDS = {"lost": (lost, 1), "fell": (fell, 1), "same": (same, 2), "prefix": (prefix, 2), "close": (close, 3), "executors": (executors, 3),
            "resumed": (resumed, 1)}


def main(argv):
    if len(argv) < 2 or argv[1] not in COMMANDS or len(argv) - 2 != COMMANDS[argv[1]][1]:
        sys.exit(__doc__.strip())
    try:
        COMMANDS[argv[1]][0](*argv[2:])
    except CheckFailed as e:
        print(f"check {argv[1]} failed: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
