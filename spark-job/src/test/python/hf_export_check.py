#!/usr/bin/python3
"""Independent PyTorch check of sparklm's HuggingFace export (scripts/export-hf, io.sparklm.export).

For each case (gpt, gpt-untied, bert-nsp, bert) it loads an exported directory the way transformers'
from_pretrained would: config.json picks the class (GPT2LMHeadModel, BertForMaskedLM, BertForPreTraining) and its
sizes, activation and LayerNorm epsilon; model.safetensors is parsed by this script (header with the standard
library, F32 data with torch.frombuffer) and loaded with strict name matching into plain-torch re-implementations
of HF's modules (hf_models.py, next to this script) that keep HF's module structure and parameter names
(modeling_gpt2.py: Conv1D weights [in, out], fused c_attn; modeling_bert.py: nn.Linear [out, in], separate
query/key/value, post-LN, the MLM head transform, the decoder bias): every name the model expects must be in the
file, except the weights HF ties (lm_head.weight, cls.predictions.decoder.weight when tie_word_embeddings,
cls.predictions.decoder.bias always), and no other name may be. It then runs the fixed
inputs of <case>.java.json in float64 (GPT: causal, no mask; BERT: token_type_ids and an attention mask) and
requires the logits (and NSP logits) to match the Java model's within 1e-4 at every real (non-padding) position
and the file's SHA-256 to be the one the Java side exported. It writes <case>.torch.json (torch's logits and the
SHA-256 of the file it read), which the JUnit test io.sparklm.export.HfExportGoldenTest compares without Python.

Run (Debian: apt-get install -y python3-torch), or regenerate everything with scripts/gen-hf-export-goldens:
  /usr/bin/python3 spark-job/src/test/python/hf_export_check.py \
      spark-job/target/hf-export-cases spark-job/src/test/resources/hf-export
The first argument holds the exported directories <case>/ written by io.sparklm.export.HfExportCases (Java), the
second the goldens <case>.java.json (read) and <case>.torch.json (written).

One directory against one Java file, nothing written (e.g. the preset-size check of HfExportScaleCheck):
  /usr/bin/python3 spark-job/src/test/python/hf_export_check.py --one EXPORT_DIR JAVA_JSON
A Java file may list "positions": then its logits are [B][len(positions)][V], compared at those positions.
"""
import hashlib
import json
import math
import struct
import sys

import torch

from hf_models import CLASSES

TOL = 1e-4
CASES = ("gpt", "gpt-untied", "bert-nsp", "bert")


def read_safetensors(path):
    """name -> float32 tensor, and the file's SHA-256; the header must describe the data section exactly."""
    assert sys.byteorder == "little", "torch.frombuffer reads host byte order; safetensors is little-endian"
    with open(path, "rb") as f:
        raw = bytearray(f.read())
    (n,) = struct.unpack("<Q", raw[:8])
    assert (8 + n) % 8 == 0, "data section not 8-byte aligned"
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {})
    assert meta.get("format") == "pt", f"metadata {meta}"
    data = memoryview(raw)[8 + n:]
    out, pos = {}, 0
    for name, e in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        assert e["dtype"] == "F32", f"{name}: dtype {e['dtype']}"
        begin, end = e["data_offsets"]
        assert begin == pos, f"{name}: hole or overlap at {begin}"
        count = math.prod(e["shape"])
        assert end - begin == 4 * count, f"{name}: {end - begin} bytes for shape {e['shape']}"
        values = torch.frombuffer(data, dtype=torch.float32, count=count, offset=begin) if count else torch.empty(0)
        out[name] = values.clone().reshape(e["shape"])
        pos = end
    assert pos == len(data), "bytes after the last tensor"
    return out, hashlib.sha256(raw).hexdigest()


def from_pretrained(folder):
    """The model of an exported directory, loaded like from_pretrained but strictly (see the module comment)."""
    with open(f"{folder}/config.json") as f:
        config = json.load(f)
    (arch,) = config["architectures"]
    model_type, cls = CLASSES[arch]
    assert config["model_type"] == model_type, f"model_type {config['model_type']} for {arch}"
    model = cls(config)
    tensors, sha = read_safetensors(f"{folder}/model.safetensors")
    expected = set(model.state_dict().keys())
    tied = set(cls.tied_weights_keys) if config.get("tie_word_embeddings", True) else {"cls.predictions.decoder.bias"}
    tied &= expected
    missing = sorted(expected - tied - set(tensors))
    unexpected = sorted(set(tensors) - expected)
    assert not missing and not unexpected, f"{folder}: missing {missing}, unexpected {unexpected}"
    state = model.state_dict()
    for name, value in tensors.items():
        want = tuple(state[name].shape)
        assert tuple(value.shape) == want, f"{name}: shape {tuple(value.shape)}, the model has {want}"
    result = model.load_state_dict(tensors, strict=False)
    assert set(result.missing_keys) == tied and not result.unexpected_keys, str(result)
    model.tie_weights()
    return model.eval(), arch, sha, len(tensors)


def max_diff(a, b, mask):
    worst = 0.0
    for i, row in enumerate(a):
        for t, vec in enumerate(row):
            if mask is None or mask[i][t]:
                worst = max(worst, max(abs(x - y) for x, y in zip(vec, b[i][t])))
    return worst


def compare(export_dir, java):
    """Loads export_dir, runs java's inputs in float64 and float32; torch's outputs and the max |diffs|."""
    model, arch, sha, count = from_pretrained(export_dir)
    ids = torch.tensor(java["input_ids"])
    kwargs = {}
    if "attention_mask" in java:
        kwargs = {"token_type_ids": torch.tensor(java["token_type_ids"]),
                  "attention_mask": torch.tensor(java["attention_mask"])}
    positions = java.get("positions", list(range(ids.size(1))))
    mask = [[m[p] for p in positions] for m in java["attention_mask"]] if "attention_mask" in java else None
    with torch.no_grad():
        out64 = model.double()(ids, **kwargs)
        out32 = model.float()(ids, **kwargs)
    logits = out64["logits"][:, positions].tolist()
    diffs = {"logits": max_diff(logits, java["logits"], mask),
             "logits_float32_torch": max_diff(out32["logits"][:, positions].tolist(), java["logits"], mask)}
    result = {"architecture": arch, "tensors": count, "safetensors_sha256": sha, "logits": logits}
    if "nsp_logits" in java or "nsp_logits" in out64:
        result["nsp_logits"] = out64["nsp_logits"].tolist()
        diffs["nsp_logits"] = max(abs(x - y) for r, s in zip(result["nsp_logits"], java["nsp_logits"])
                                  for x, y in zip(r, s))
    ok = sha == java["safetensors_sha256"] and arch == java["architecture"] and all(v <= TOL for v in diffs.values())
    summary = {"ok": ok, "architecture": arch, "tensors": count, "sha_matches": sha == java["safetensors_sha256"],
               "compared_positions": ids.size(0) * len(positions) if mask is None else sum(map(sum, mask)),
               "max_abs_diff": diffs}
    result["max_abs_diff"] = diffs
    result["torch"] = torch.__version__
    return ok, summary, result


def check(exports, goldens, name):
    with open(f"{goldens}/{name}.java.json") as f:
        java = json.load(f)
    ok, summary, result = compare(f"{exports}/{name}", java)
    print(json.dumps({"case": name, **summary}))
    with open(f"{goldens}/{name}.torch.json", "w") as f:
        json.dump({"case": name, **result}, f)
        f.write("\n")
    return ok


def main(argv):
    if argv[:1] == ["--one"]:
        with open(argv[2]) as f:
            ok, summary, _ = compare(argv[1], json.load(f))
        print(json.dumps(summary))
        return 0 if ok else 1
    exports = argv[0] if argv else "spark-job/target/hf-export-cases"
    goldens = argv[1] if len(argv) > 1 else "spark-job/src/test/resources/hf-export"
    results = [check(exports, goldens, name) for name in CASES]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
