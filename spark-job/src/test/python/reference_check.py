#!/usr/bin/python3
"""Independent PyTorch reference for the sparklm DL4J transformer (GPT and BERT families).

Reads <case>.model.json written by the Java test helper io.sparklm.model.ReferenceCases (config, every
parameter by DL4J name, inputs, masks, and the Java probabilities and loss), recomputes the forward pass with
plain torch ops in float64, asserts that probabilities and loss agree within 1e-4, and writes
<case>.torch.json (torch's probabilities and loss), which the Java test ReferenceCheckTest compares against
without Python.

Run (Debian: apt-get install -y python3-torch libopenblas0-pthread):
  /usr/bin/python3 spark-job/src/test/python/reference_check.py spark-job/src/test/resources/golden
"""
import json
import math
import sys

import torch

TOL = 1e-4


def tensor(p):
    return torch.tensor(p["data"], dtype=torch.float64).reshape(p["shape"])


def layer_norm(x, g, b, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * g.reshape(-1) + b.reshape(-1)


def gelu(x):
    return torch.nn.functional.gelu(x, approximate="tanh")


def sinusoid(t, d):
    pe = torch.zeros(t, d, dtype=torch.float64)
    for pos in range(t):
        for i in range(0, d, 2):
            angle = pos / (10000.0 ** (i / d))
            pe[pos, i] = math.sin(angle)
            if i + 1 < d:
                pe[pos, i + 1] = math.cos(angle)
    return pe


def forward(case):
    cfg = case["config"]
    P = {k: tensor(v) for k, v in case["params"].items()}
    inp = case["inputs"]
    b, t = inp["shape"]
    d, h, layers = cfg["d-model"], cfg["n-heads"], cfg["n-layers"]
    eps = cfg["layer-norm-eps"]
    post = cfg["norm"] == "post"
    dh = d // h
    gpt = cfg["family"] == "gpt"
    ids = torch.tensor(inp["features0"]).reshape(b, t).long()
    x = P["tokEmb_W"][ids]                                    # [B, T, d]
    if not gpt:
        segs = torch.tensor(inp["features1"]).reshape(b, t).long()
        x = x + P["segEmb_W"][segs]
    if cfg["positional"] == "learned":
        x = x + P["pos_pos"]
    else:
        x = x + sinusoid(t, d)
    if post:                                                  # BERT: LayerNorm of the summed embeddings
        x = layer_norm(x, P["embLn_lnG"], P["embLn_lnB"], eps)
    bias = torch.zeros(b, 1, t, t, dtype=torch.float64)
    if gpt:
        bias = bias + torch.triu(torch.full((t, t), -1e9, dtype=torch.float64), diagonal=1)
    else:
        mask = torch.tensor(inp["featureMask"], dtype=torch.float64).reshape(b, t)
        bias = bias + ((mask - 1.0) * 1e9).reshape(b, 1, 1, t)
    for i in range(layers):
        a = f"attn{i}_"
        n = x if post else layer_norm(x, P[a + "lnG"], P[a + "lnB"], eps)
        qkv = n @ P[a + "Wqkv"] + P[a + "bqkv"].reshape(-1)  # [B, T, 3d], columns [3][H][dh]
        qkv = qkv.reshape(b, t, 3, h, dh).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]                      # [B, H, T, dh]
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(dh) + bias, dim=-1)
        ctx = (att @ v).permute(0, 2, 1, 3).reshape(b, t, d)
        x = x + ctx @ P[a + "Wo"] + P[a + "bo"].reshape(-1)
        if post:
            x = layer_norm(x, P[f"ln{i}a_lnG"], P[f"ln{i}a_lnB"], eps)
        m = f"mlp{i}_"
        n = x if post else layer_norm(x, P[m + "lnG"], P[m + "lnB"], eps)
        x = x + gelu(n @ P[m + "W1"] + P[m + "b1"].reshape(-1)) @ P[m + "W2"] + P[m + "b2"].reshape(-1)
        if post:
            x = layer_norm(x, P[f"ln{i}b_lnG"], P[f"ln{i}b_lnB"], eps)
    if not post:
        x = layer_norm(x, P["lnf_lnG"], P["lnf_lnB"], eps)
    hidden = x
    if not gpt:                                               # BERT's masked-LM head transform
        x = layer_norm(gelu(x @ P["mlmTransform_W"] + P["mlmTransform_b"].reshape(-1)),
                       P["mlmTransform_lnG"], P["mlmTransform_lnB"], eps)
    w = P["lm_W"] if "lm_W" in P else P["tokEmb_W"].t()       # tied: the token embedding, transposed
    logits = x @ w
    if "lm_b" in P:
        logits = logits + P["lm_b"].reshape(-1)               # [B, T, V]
    logp = torch.log_softmax(logits, dim=-1)
    labels = torch.tensor(inp["labels"]).reshape(b, t).long()
    lmask = torch.tensor(inp["labelMask"], dtype=torch.float64).reshape(b, t)
    nll = -logp.gather(-1, labels.unsqueeze(-1)).squeeze(-1)
    loss = (nll * lmask).sum() / lmask.sum()
    out = {"probs": logp.exp().permute(0, 2, 1).reshape(-1).tolist(),   # DL4J layout [B, V, T]
           "loss": loss.item()}
    if "pool_W" in P:
        pooled = torch.tanh(hidden[:, 0, :] @ P["pool_W"] + P["pool_b"].reshape(-1))
        out["nspProbs"] = torch.softmax(pooled @ P["nsp_W"] + P["nsp_b"].reshape(-1), dim=-1).reshape(-1).tolist()
    return out


def max_diff(a, b):
    return max(abs(x - y) for x, y in zip(a, b))


def real_positions(case, probs):
    """Entries of the [B, V, T] layout at non-padding positions (DL4J zeroes padded embeddings; they are never
    attended to by real positions and never predicted, so only real positions are compared)."""
    inp = case["inputs"]
    b, t = inp["shape"]
    mask = inp["featureMask"] or [1.0] * (b * t)
    v = len(probs) // (b * t)
    return [probs[(i * v + j) * t + k] for i in range(b) for j in range(v) for k in range(t) if mask[i * t + k] > 0]


def main(folder):
    ok = True
    for name in ("gpt", "bert"):
        with open(f"{folder}/{name}.model.json") as f:
            case = json.load(f)
        ref = forward(case)
        java = case["java"]
        diffs = {"probs": max_diff(real_positions(case, ref["probs"]), real_positions(case, java["probs"])), "loss": abs(ref["loss"] - java["loss"])}
        if "nspProbs" in ref:
            diffs["nspProbs"] = max_diff(ref["nspProbs"], java["nspProbs"])
        good = all(v <= TOL for v in diffs.values()) and len(ref["probs"]) == len(java["probs"])
        ok = ok and good
        print(json.dumps({"case": name, "ok": good, "max_abs_diff": diffs, "torch_loss": ref["loss"],
                          "java_loss": java["loss"], "torch": torch.__version__}))
        with open(f"{folder}/{name}.torch.json", "w") as f:
            json.dump(ref, f)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "spark-job/src/test/resources/golden"))
