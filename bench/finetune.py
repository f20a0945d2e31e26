#!/usr/bin/env python3
"""Summarises `scripts/bench finetune`. RUNS_DIR holds, per fine-tuning run (pretrained, random, adapted,
pretrained-frozen, random-frozen, and low-pretrained, low-random, low-adapted on the low-data subset),
<run>-s<seed>.result (the stdout line of scripts/finetune with seed=<seed>) and <run>-s<seed>.seconds, plus bow.json and low-bow.json
(BowBaselineBench's lines) and settings. Prints JSON lines for metric accuracy and macro_f1 on the validation split:
finetune.<metric>.pretrained and finetune.<metric>.adapted (pre-trained further on the training texts without
labels; peer of both: the same architecture fine-tuned from random weights with the same keys),
finetune.<metric>.random (peer: the bag-of-words logistic regression), finetune.<metric>.bow_logreg,
finetune.<metric>.pretrained_frozen (peer: random_frozen; the body frozen, only the head trains: how much the
pre-trained features alone carry), and the same pretrained/adapted/random/bow_logreg lines as
finetune.<metric>.low_data.*. A run's value (and peer value) is the mean over its seeds, each seed's accuracy and
macro-F1 under "seeds"; val_loss, initial_val_acc and seconds are means too. ratio = value / peer value; higher
is better.
usage: finetune.py RUNS_DIR"""
import glob, json, os, re, statistics, sys

KEYS = {"accuracy": ("val_acc", "value"), "macro_f1": ("val_macro_f1", "macro_f1")}


def one(path):
    lines = [l for l in open(path) if l.strip().startswith("{")]
    if not lines:
        return None
    r = json.loads(lines[-1])
    sec = path[:-len(".result")] + ".seconds"
    r["seconds"] = float(open(sec).read()) if os.path.exists(sec) else None
    return r


def run(dirname, name):
    """The mean over the seeds of <name>-s<seed>.result (per-seed accuracy and macro-F1 kept); {} when none."""
    per_seed = {}
    for path in sorted(glob.glob(os.path.join(dirname, name + "-s*.result"))):
        m = re.fullmatch(re.escape(name) + r"-s(\d+)\.result", os.path.basename(path))
        r = one(path) if m else None
        if r is not None and r.get("val_acc") is not None:
            per_seed[m.group(1)] = r
    if not per_seed:
        return {}
    rs = list(per_seed.values())
    mean = lambda k: statistics.fmean(r[k] for r in rs) if all(r.get(k) is not None for r in rs) else None
    out = {k: mean(k) for k in ("val_acc", "val_macro_f1", "val_loss", "initial_val_acc", "seconds")}
    out["step"] = rs[0].get("step")
    out["seeds"] = {seed: {"accuracy": r["val_acc"], "macro_f1": r["val_macro_f1"]} for seed, r in per_seed.items()}
    return out


def ratio(a, b):
    return round(a / b, 4) if a is not None and b else None


def line(name, r, key, peer, peer_value, **extra):
    v = r.get(key)
    out = {"name": name, "value": v, "unit": "fraction", "peer": peer, "peer_value": peer_value,
           "ratio": ratio(v, peer_value), "better": "higher"}
    out.update({"step": r.get("step"), "val_loss": r.get("val_loss"), "initial_val_acc": r.get("initial_val_acc"),
                "seconds": r.get("seconds"), "seeds": r.get("seeds")} if r else {})
    out.update(extra)
    return json.dumps(out)


def json_file(dirname, name):
    path = os.path.join(dirname, name)
    return json.loads(open(path).read()) if os.path.exists(path) else {}


def comparison(prefix, runs, bow, key, bow_key, settings=None):
    """The pretrained, adapted, random and bow_logreg lines of one training set (runs keyed without prefix)."""
    b = bow.get(bow_key)
    random_peer = "same architecture from random weights (init=random), same keys"
    print(line(f"{prefix}.pretrained", runs["pretrained"], key, random_peer, runs["random"].get(key),
               vs_bow_logreg=ratio(runs["pretrained"].get(key), b), settings=settings))
    print(line(f"{prefix}.adapted", runs["adapted"], key, random_peer, runs["random"].get(key),
               vs_bow_logreg=ratio(runs["adapted"].get(key), b),
               note="the pre-trained model pre-trained further on the training texts, labels unused"))
    print(line(f"{prefix}.random", runs["random"], key, "bag-of-words logistic regression (MLlib, hashed TF)", b))
    print(json.dumps({"name": f"{prefix}.bow_logreg", "value": b, "unit": "fraction", "peer": None,
                      "peer_value": None, "ratio": None, "better": "higher", "seconds": bow.get("seconds"),
                      "note": "LogisticRegression(regParam 1e-3, 100 iterations) on HashingTF(2^18) of "
                              "lower-cased \\W+ tokens; same split"}))


def main(dirname):
    names = ("pretrained", "random", "adapted", "pretrained-frozen", "random-frozen")
    runs = {n: run(dirname, n) for n in names}
    low = {n: run(dirname, "low-" + n) for n in ("pretrained", "random", "adapted")}
    bow, low_bow = json_file(dirname, "bow.json"), json_file(dirname, "low-bow.json")
    settings_path = os.path.join(dirname, "settings")
    settings = open(settings_path).read().strip() if os.path.exists(settings_path) else None
    for metric, (key, bow_key) in KEYS.items():
        comparison(f"finetune.{metric}", runs, bow, key, bow_key, settings)
        print(line(f"finetune.{metric}.pretrained_frozen", runs["pretrained-frozen"], key,
                   "random weights, body frozen too (init=random freeze-body=true)", runs["random-frozen"].get(key)))
        comparison(f"finetune.{metric}.low_data", low, low_bow, key, bow_key)


if __name__ == "__main__":
    main(sys.argv[1])
