#!/usr/bin/env python3
"""Summarises `scripts/bench finetune`. RUNS_DIR holds, per fine-tuning run (pretrained, random, pretrained-frozen,
random-frozen), <run>.result (the stdout line of scripts/finetune) and <run>.seconds, plus bow.json
(BowBaselineBench's line) and settings. Prints JSON lines for metric accuracy and macro_f1 on the validation split:
finetune.<metric>.pretrained (peer: the same architecture fine-tuned from random weights with the same keys),
finetune.<metric>.random (peer: the bag-of-words logistic regression), finetune.<metric>.bow_logreg, and
finetune.<metric>.pretrained_frozen (peer: random_frozen; the body frozen, only the head trains: how much the
pre-trained features alone carry). ratio = value / peer value; higher is better.
usage: finetune.py RUNS_DIR"""
import json, os, sys

KEYS = {"accuracy": ("val_acc", "value"), "macro_f1": ("val_macro_f1", "macro_f1")}


def run(dirname, name):
    path = os.path.join(dirname, name + ".result")
    lines = [l for l in open(path) if l.strip().startswith("{")] if os.path.exists(path) else []
    if not lines:
        return {}
    r = json.loads(lines[-1])
    sec = os.path.join(dirname, name + ".seconds")
    r["seconds"] = float(open(sec).read()) if os.path.exists(sec) else None
    return r


def ratio(a, b):
    return round(a / b, 4) if a is not None and b else None


def line(name, r, key, peer, peer_value, **extra):
    v = r.get(key)
    out = {"name": name, "value": v, "unit": "fraction", "peer": peer, "peer_value": peer_value,
           "ratio": ratio(v, peer_value), "better": "higher"}
    out.update({"step": r.get("step"), "val_loss": r.get("val_loss"), "initial_val_acc": r.get("initial_val_acc"),
                "seconds": r.get("seconds")} if r else {})
    out.update(extra)
    return json.dumps(out)


def main(dirname):
    runs = {n: run(dirname, n) for n in ("pretrained", "random", "pretrained-frozen", "random-frozen")}
    bow_path = os.path.join(dirname, "bow.json")
    bow = json.loads(open(bow_path).read()) if os.path.exists(bow_path) else {}
    settings_path = os.path.join(dirname, "settings")
    settings = open(settings_path).read().strip() if os.path.exists(settings_path) else None
    for metric, (key, bow_key) in KEYS.items():
        b = bow.get(bow_key)
        print(line(f"finetune.{metric}.pretrained", runs["pretrained"], key,
                   "same architecture from random weights (init=random), same keys", runs["random"].get(key),
                   vs_bow_logreg=ratio(runs["pretrained"].get(key), b), settings=settings))
        print(line(f"finetune.{metric}.random", runs["random"], key,
                   "bag-of-words logistic regression (MLlib, hashed TF)", b))
        print(json.dumps({"name": f"finetune.{metric}.bow_logreg", "value": b, "unit": "fraction", "peer": None,
                          "peer_value": None, "ratio": None, "better": "higher", "seconds": bow.get("seconds"),
                          "note": "LogisticRegression(regParam 1e-3, 100 iterations) on HashingTF(2^18) of "
                                  "lower-cased \\W+ tokens; same split"}))
        print(line(f"finetune.{metric}.pretrained_frozen", runs["pretrained-frozen"], key,
                   "random weights, body frozen too (init=random freeze-body=true)", runs["random-frozen"].get(key)))


if __name__ == "__main__":
    main(sys.argv[1])
