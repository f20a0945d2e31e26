#!/usr/bin/python3
"""Independent PyTorch check of sparklm's HuggingFace export (scripts/export-hf, io.sparklm.export).

For each case (gpt, gpt-untied, bert-nsp, bert) it loads an exported directory the way transformers'
from_pretrained would: config.json picks the class (GPT2LMHeadModel, BertForMaskedLM, BertForPreTraining) and its
sizes, activation and LayerNorm epsilon; model.safetensors is parsed with the standard library (header, F32 data)
and loaded with strict name matching into plain-torch re-implementations of HF's modules that keep HF's module
structure and parameter names (modeling_gpt2.py: Conv1D weights [in, out], fused c_attn; modeling_bert.py:
nn.Linear [out, in], separate query/key/value, post-LN, the MLM head transform, the decoder bias): every name the
model expects must be in the file, except the weights HF ties (lm_head.weight, cls.predictions.decoder.weight when
tie_word_embeddings, cls.predictions.decoder.bias always), and no other name may be. It then runs the fixed
inputs of <case>.java.json in float64 (GPT: causal, no mask; BERT: token_type_ids and an attention mask) and
requires the logits (and NSP logits) to match the Java model's within 1e-4 at every real (non-padding) position
and the file's SHA-256 to be the one the Java side exported. It writes <case>.torch.json (torch's logits and the
SHA-256 of the file it read), which the JUnit test io.sparklm.export.HfExportGoldenTest compares without Python.

Run (Debian: apt-get install -y python3-torch), or regenerate everything with scripts/gen-hf-export-goldens:
  /usr/bin/python3 spark-job/src/test/python/hf_export_check.py \
      spark-job/target/hf-export-cases spark-job/src/test/resources/hf-export
The first argument holds the exported directories <case>/ written by io.sparklm.export.HfExportCases (Java), the
second the goldens <case>.java.json (read) and <case>.torch.json (written).
"""
import hashlib
import json
import math
import struct
import sys

import torch
from torch import nn

TOL = 1e-4
CASES = ("gpt", "gpt-untied", "bert-nsp", "bert")


# ---------------------------------------------------------------- safetensors (format spec, standard library)

def read_safetensors(path):
    """name -> float32 tensor; the header must describe the data section exactly."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    assert (8 + n) % 8 == 0, "data section not 8-byte aligned"
    meta = header.pop("__metadata__", {})
    assert meta.get("format") == "pt", f"metadata {meta}"
    out, pos = {}, 0
    for name, e in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        assert e["dtype"] == "F32", f"{name}: dtype {e['dtype']}"
        begin, end = e["data_offsets"]
        assert begin == pos, f"{name}: hole or overlap at {begin}"
        count = math.prod(e["shape"])
        assert end - begin == 4 * count, f"{name}: {end - begin} bytes for shape {e['shape']}"
        values = struct.unpack(f"<{count}f", data[begin:end])
        out[name] = torch.tensor(values, dtype=torch.float32).reshape(e["shape"])
        pos = end
    assert pos == len(data), "bytes after the last tensor"
    return out, hashlib.sha256(raw).hexdigest()


# ---------------------------------------------------------------- activations (transformers.activations.ACT2FN)

def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


ACT2FN = {"gelu_new": gelu_new, "gelu": nn.functional.gelu, "relu": nn.functional.relu}


# ---------------------------------------------------------------- GPT-2 (modeling_gpt2.py)

class Conv1D(nn.Module):
    """transformers.pytorch_utils.Conv1D: weight [in, out]."""

    def __init__(self, nf, nx):
        super().__init__()
        self.nf = nf
        self.weight = nn.Parameter(torch.empty(nx, nf))
        self.bias = nn.Parameter(torch.zeros(nf))

    def forward(self, x):
        size_out = x.size()[:-1] + (self.nf,)
        return torch.addmm(self.bias, x.view(-1, x.size(-1)), self.weight).view(size_out)


class GPT2Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        n = c["n_positions"]
        self.register_buffer("bias", torch.tril(torch.ones((n, n), dtype=torch.bool)).view(1, 1, n, n),
                             persistent=False)
        self.embed_dim = c["n_embd"]
        self.num_heads = c["n_head"]
        self.head_dim = self.embed_dim // self.num_heads
        assert c.get("scale_attn_weights", True) and not c.get("scale_attn_by_inverse_layer_idx", False)
        self.c_attn = Conv1D(3 * self.embed_dim, self.embed_dim)
        self.c_proj = Conv1D(self.embed_dim, self.embed_dim)

    def split_heads(self, x):
        return x.view(x.size()[:-1] + (self.num_heads, self.head_dim)).permute(0, 2, 1, 3)

    def forward(self, h):
        query, key, value = self.c_attn(h).split(self.embed_dim, dim=2)
        query, key, value = self.split_heads(query), self.split_heads(key), self.split_heads(value)
        w = torch.matmul(query, key.transpose(-1, -2)) / torch.full([], value.size(-1) ** 0.5, dtype=query.dtype)
        t = query.size(-2)
        causal = self.bias[:, :, :t, :t]
        w = torch.where(causal, w, torch.full([], torch.finfo(w.dtype).min, dtype=w.dtype))
        w = nn.functional.softmax(w, dim=-1)
        a = torch.matmul(w, value).permute(0, 2, 1, 3).contiguous()
        return self.c_proj(a.view(a.size()[:-2] + (self.embed_dim,)))


class GPT2MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        inner = c.get("n_inner") or 4 * c["n_embd"]
        self.c_fc = Conv1D(inner, c["n_embd"])
        self.c_proj = Conv1D(c["n_embd"], inner)
        self.act = ACT2FN[c["activation_function"]]

    def forward(self, h):
        return self.c_proj(self.act(self.c_fc(h)))


class GPT2Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.ln_1 = nn.LayerNorm(c["n_embd"], eps=c["layer_norm_epsilon"])
        self.attn = GPT2Attention(c)
        self.ln_2 = nn.LayerNorm(c["n_embd"], eps=c["layer_norm_epsilon"])
        self.mlp = GPT2MLP(c)

    def forward(self, h):
        h = h + self.attn(self.ln_1(h))
        return h + self.mlp(self.ln_2(h))


class GPT2Model(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.wte = nn.Embedding(c["vocab_size"], c["n_embd"])
        self.wpe = nn.Embedding(c["n_positions"], c["n_embd"])
        self.h = nn.ModuleList([GPT2Block(c) for _ in range(c["n_layer"])])
        self.ln_f = nn.LayerNorm(c["n_embd"], eps=c["layer_norm_epsilon"])

    def forward(self, input_ids):
        pos = torch.arange(input_ids.size(-1)).unsqueeze(0)
        h = self.wte(input_ids) + self.wpe(pos)
        for block in self.h:
            h = block(h)
        return self.ln_f(h)


class GPT2LMHeadModel(nn.Module):
    tied_weights_keys = ["lm_head.weight"]

    def __init__(self, c):
        super().__init__()
        self.config = c
        self.transformer = GPT2Model(c)
        self.lm_head = nn.Linear(c["n_embd"], c["vocab_size"], bias=False)
        self.tie_weights()

    def tie_weights(self):
        if self.config.get("tie_word_embeddings", True):
            self.lm_head.weight = self.transformer.wte.weight

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        assert token_type_ids is None and attention_mask is None
        return {"logits": self.lm_head(self.transformer(input_ids))}


# ---------------------------------------------------------------- BERT (modeling_bert.py)

class BertEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c["vocab_size"], c["hidden_size"], padding_idx=c.get("pad_token_id"))
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], c["hidden_size"])
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])
        assert c.get("position_embedding_type", "absolute") == "absolute"
        self.register_buffer("position_ids", torch.arange(c["max_position_embeddings"]).expand((1, -1)),
                             persistent=False)

    def forward(self, input_ids, token_type_ids):
        pos = self.position_ids[:, :input_ids.size(1)]
        e = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids) + self.position_embeddings(pos)
        return self.LayerNorm(e)


class BertSelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.num_attention_heads = c["num_attention_heads"]
        self.attention_head_size = c["hidden_size"] // self.num_attention_heads
        self.query = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.key = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.value = nn.Linear(c["hidden_size"], c["hidden_size"])

    def heads(self, x):
        return x.view(x.size()[:-1] + (self.num_attention_heads, self.attention_head_size)).permute(0, 2, 1, 3)

    def forward(self, h, extended_mask):
        q, k, v = self.heads(self.query(h)), self.heads(self.key(h)), self.heads(self.value(h))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.attention_head_size) + extended_mask
        ctx = torch.matmul(nn.functional.softmax(scores, dim=-1), v).permute(0, 2, 1, 3).contiguous()
        return ctx.view(ctx.size()[:-2] + (q.size(1) * self.attention_head_size,))


class BertSelfOutput(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, h, inp):
        return self.LayerNorm(self.dense(h) + inp)


class BertAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self = BertSelfAttention(c)
        self.output = BertSelfOutput(c)

    def forward(self, h, extended_mask):
        return self.output(self.self(h, extended_mask), h)


class BertIntermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["intermediate_size"])
        self.intermediate_act_fn = ACT2FN[c["hidden_act"]]

    def forward(self, h):
        return self.intermediate_act_fn(self.dense(h))


class BertOutput(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["intermediate_size"], c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, h, inp):
        return self.LayerNorm(self.dense(h) + inp)


class BertLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = BertAttention(c)
        self.intermediate = BertIntermediate(c)
        self.output = BertOutput(c)

    def forward(self, h, extended_mask):
        a = self.attention(h, extended_mask)
        return self.output(self.intermediate(a), a)


class BertEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(c) for _ in range(c["num_hidden_layers"])])

    def forward(self, h, extended_mask):
        for layer in self.layer:
            h = layer(h, extended_mask)
        return h


class BertPooler(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])

    def forward(self, h):
        return torch.tanh(self.dense(h[:, 0]))


class BertModel(nn.Module):
    def __init__(self, c, add_pooling_layer):
        super().__init__()
        self.embeddings = BertEmbeddings(c)
        self.encoder = BertEncoder(c)
        self.pooler = BertPooler(c) if add_pooling_layer else None

    def forward(self, input_ids, token_type_ids, attention_mask):
        h = self.embeddings(input_ids, token_type_ids)
        extended = (1.0 - attention_mask[:, None, None, :].to(h.dtype)) * torch.finfo(h.dtype).min
        seq = self.encoder(h, extended)
        return seq, (self.pooler(seq) if self.pooler is not None else None)


class BertPredictionHeadTransform(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["hidden_size"])
        self.transform_act_fn = ACT2FN[c["hidden_act"]]
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, h):
        return self.LayerNorm(self.transform_act_fn(self.dense(h)))


class BertLMPredictionHead(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.transform = BertPredictionHeadTransform(c)
        self.decoder = nn.Linear(c["hidden_size"], c["vocab_size"], bias=False)
        self.bias = nn.Parameter(torch.zeros(c["vocab_size"]))
        self.decoder.bias = self.bias

    def forward(self, h):
        return self.decoder(self.transform(h))


class BertOnlyMLMHead(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.predictions = BertLMPredictionHead(c)


class BertPreTrainingHeads(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.predictions = BertLMPredictionHead(c)
        self.seq_relationship = nn.Linear(c["hidden_size"], 2)


class BertForMaskedLM(nn.Module):
    tied_weights_keys = ["cls.predictions.decoder.bias", "cls.predictions.decoder.weight"]
    pooler = False

    def __init__(self, c):
        super().__init__()
        self.config = c
        self.bert = BertModel(c, add_pooling_layer=self.pooler)
        self.cls = BertPreTrainingHeads(c) if self.pooler else BertOnlyMLMHead(c)
        self.tie_weights()

    def tie_weights(self):
        if self.config.get("tie_word_embeddings", True):
            self.cls.predictions.decoder.weight = self.bert.embeddings.word_embeddings.weight
        self.cls.predictions.decoder.bias = self.cls.predictions.bias

    def forward(self, input_ids, token_type_ids=None, attention_mask=None):
        seq, pooled = self.bert(input_ids, token_type_ids, attention_mask)
        out = {"logits": self.cls.predictions(seq)}
        if pooled is not None:
            out["nsp_logits"] = self.cls.seq_relationship(pooled)
        return out


class BertForPreTraining(BertForMaskedLM):
    pooler = True


CLASSES = {"GPT2LMHeadModel": ("gpt2", GPT2LMHeadModel), "BertForMaskedLM": ("bert", BertForMaskedLM),
           "BertForPreTraining": ("bert", BertForPreTraining)}


# ---------------------------------------------------------------- from_pretrained, strictly

def from_pretrained(folder):
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


# ---------------------------------------------------------------- the check

def max_diff(a, b, mask):
    worst = 0.0
    for i, row in enumerate(a):
        for t, vec in enumerate(row):
            if mask is None or mask[i][t]:
                worst = max(worst, max(abs(x - y) for x, y in zip(vec, b[i][t])))
    return worst


def check(exports, goldens, name):
    with open(f"{goldens}/{name}.java.json") as f:
        java = json.load(f)
    model, arch, sha, count = from_pretrained(f"{exports}/{name}")
    ids = torch.tensor(java["input_ids"])
    kwargs = {}
    mask = None
    if "attention_mask" in java:
        kwargs = {"token_type_ids": torch.tensor(java["token_type_ids"]),
                  "attention_mask": torch.tensor(java["attention_mask"])}
        mask = java["attention_mask"]
    with torch.no_grad():
        out64 = model.double()(ids, **kwargs)
        out32 = model.float()(ids, **kwargs)
    logits = out64["logits"].tolist()
    diffs = {"logits": max_diff(logits, java["logits"], mask),
             "logits_float32_torch": max_diff(out32["logits"].tolist(), java["logits"], mask)}
    result = {"case": name, "architecture": arch, "tensors": count, "safetensors_sha256": sha, "logits": logits}
    if "nsp_logits" in java or "nsp_logits" in out64:
        result["nsp_logits"] = out64["nsp_logits"].tolist()
        diffs["nsp_logits"] = max(abs(x - y) for r, s in zip(result["nsp_logits"], java["nsp_logits"])
                                  for x, y in zip(r, s))
    ok = sha == java["safetensors_sha256"] and arch == java["architecture"] and all(v <= TOL for v in diffs.values())
    result["max_abs_diff"] = diffs
    result["torch"] = torch.__version__
    print(json.dumps({"case": name, "ok": ok, "architecture": arch, "tensors": count,
                      "sha_matches": sha == java["safetensors_sha256"], "max_abs_diff": diffs}))
    with open(f"{goldens}/{name}.torch.json", "w") as f:
        json.dump(result, f)
        f.write("\n")
    return ok


def main(exports, goldens):
    results = [check(exports, goldens, name) for name in CASES]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "spark-job/target/hf-export-cases",
                  sys.argv[2] if len(sys.argv) > 2 else "spark-job/src/test/resources/hf-export"))
