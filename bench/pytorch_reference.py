#!/usr/bin/env python3
"""PyTorch CPU reference for the training benchmark: the same GPT shape, batch and optimizer as the DL4J bench.

Prints one JSON line per measurement: {"name","value","unit","peer","peer_value","ratio","threads","runs","spread"}
(peer fields null: bench/compare.py pairs them with the DL4J lines); value = median of runs. Also the fp32 GEMM
peak of torch.mm (n x n, --gemm-n) and model FLOPs utilization (PaLM/nanoGPT 6N + 12*L*T*d per trained token,
a third of it per forward token; N = parameters minus the position table; the tied token table is also the head matmul).
Shape (default): vocab 8000, d_model 256, 4 layers, 4 heads, seq 128, batch 16, pre-LN blocks, GELU MLP 4x,
learned positions, output layer tied to the token embedding without bias (GPT-2), AdamW (lr 3e-4, wd 0.1). Needs Debian's python3-torch and
libopenblas0-pthread (run with /usr/bin/python3). Tries each thread count in --threads and reports the best.
--threads sets torch's intra-op threads only: Debian's OpenBLAS (a pthreads build) keeps its own count (all cores
unless OPENBLAS_NUM_THREADS is set), so at threads=1 the GEMMs still run on every core; lines carry it as blas_threads.
--device cuda runs the same model on a GPU (fp32, TF32 off, timings synchronized) for the GPU comparison.
--generate instead times greedy generation, batch 1, with a KV cache of its own (per layer [1, heads, seq, dh] keys
and values; the new rows attend to the cached positions): --new-tokens ids after a --prompt of random ids, with the
context-window rule of sparklm's Generator (when a new id does not fit, keep the newest seq/2 ids, the new one
included, and refill the cache from position 0), softmax then argmax per token; tokens/s = new tokens / wall seconds
of one call, prefill included. Line: pytorch.generate.<label>.
"""
import argparse, functools, json, math, statistics, time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.fc, self.out = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
        self.h = h

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q, k, v = (z.view(b, t, self.h, d // self.h).transpose(1, 2) for z in (q, k, v))
        att = (q @ k.transpose(-2, -1)) / math.sqrt(d // self.h)
        att = att.masked_fill(torch.triu(torch.ones(t, t, dtype=torch.bool, device=x.device), 1), float("-inf")).softmax(-1)
        x = x + self.proj((att @ v).transpose(1, 2).reshape(b, t, d))
        return x + self.out(F.gelu(self.fc(self.ln2(x))))


class GPT(nn.Module):
    def __init__(self, v, t, d, layers, h):
        super().__init__()
        self.tok, self.pos = nn.Embedding(v, d), nn.Embedding(t, d)
        self.blocks = nn.Sequential(*[Block(d, h) for _ in range(layers)])
        self.ln, self.head = nn.LayerNorm(d), nn.Linear(d, v, bias=False)
        self.head.weight = self.tok.weight  # tied, as GPT-2 (and sparklm's tie-embeddings=true)

    def forward(self, idx):
        x = self.tok(idx) + self.pos(torch.arange(idx.shape[1], device=idx.device))
        return self.head(self.ln(self.blocks(x)))


@torch.no_grad()
def extend(model, ids, start, cache):
    """Runs positions start..start+len(ids)-1 of the window over the cached ones; logits of the last position."""
    m = ids.shape[1]
    x = model.tok(ids) + model.pos(torch.arange(start, start + m, device=ids.device))
    end = start + m
    mask = torch.ones(m, end, dtype=torch.bool, device=ids.device).triu(start + 1)
    for blk, (kc, vc) in zip(model.blocks, cache):
        b, t, d = x.shape
        q, k, v = (z.view(b, t, blk.h, d // blk.h).transpose(1, 2) for z in blk.qkv(blk.ln1(x)).split(d, dim=2))
        kc[:, :, start:end] = k
        vc[:, :, start:end] = v
        att = (q @ kc[:, :, :end].transpose(-2, -1)) / math.sqrt(d // blk.h)
        att = att.masked_fill(mask, float("-inf")).softmax(-1)
        x = x + blk.proj((att @ vc[:, :, :end]).transpose(1, 2).reshape(b, t, d))
        x = x + blk.out(F.gelu(blk.fc(blk.ln2(x))))
    return model.head(model.ln(x[:, -1]))


def generate(model, prompt, new_tokens, args):
    """Greedy ids after prompt (a list), with the KV cache and the window rule described in the module doc."""
    dh = args.d_model // args.heads
    cache = [(torch.zeros(1, args.heads, args.seq, dh, device=args.device),
              torch.zeros(1, args.heads, args.seq, dh, device=args.device)) for _ in range(args.layers)]
    window, cached, out = list(prompt[-args.seq:]), 0, []
    for _ in range(new_tokens):
        ids = torch.tensor([window[cached:]], device=args.device)
        probs = extend(model, ids, cached, cache).softmax(-1)
        cached = len(window)
        nxt = int(probs.argmax())
        out.append(nxt)
        if len(window) == args.seq:
            window, cached = window[len(window) - max(1, args.seq // 2) + 1:], 0
        window.append(nxt)
    return out


def measure_generate(args, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(args.seed)
    model = GPT(args.vocab, args.seq, args.d_model, args.layers, args.heads).to(args.device).eval()
    prompt = torch.randint(0, args.vocab, (args.prompt,)).tolist()
    for _ in range(args.warmup):
        generate(model, prompt, args.new_tokens, args)
    rates = []
    for _ in range(args.runs):
        sync(args.device)
        t0 = time.perf_counter()
        generate(model, prompt, args.new_tokens, args)
        sync(args.device)
        rates.append(args.new_tokens / (time.perf_counter() - t0))
    return statistics.median(rates), max(rates) - min(rates), sum(p.numel() for p in model.parameters())


def measure(args, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(args.seed)
    model = GPT(args.vocab, args.seq, args.d_model, args.layers, args.heads).to(args.device)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)
    x = torch.randint(0, args.vocab, (args.batch, args.seq), device=args.device)
    y = torch.randint(0, args.vocab, (args.batch, args.seq), device=args.device)
    tokens = args.batch * args.seq

    def train_step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x).view(-1, args.vocab), y.view(-1))
        loss.backward()
        opt.step()

    def fwd_step():  # probabilities, as DL4J's output() of the softmax output layer returns
        with torch.no_grad():
            model(x).softmax(-1)

    out = {}
    for name, fn in (("train", train_step), ("forward", fwd_step)):
        for _ in range(args.warmup):
            fn()
        rates = []
        for _ in range(args.runs):
            sync(args.device)
            t0 = time.perf_counter()
            for _ in range(args.steps):
                fn()
            sync(args.device)
            rates.append(tokens * args.steps / (time.perf_counter() - t0))
        out[name] = (statistics.median(rates), max(rates) - min(rates))
    return out, sum(p.numel() for p in model.parameters())


def sync(device):
    if device != "cpu":
        torch.cuda.synchronize()


def gemm_peak(n, threads, device, reps=4, runs=5):
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    a, b = torch.rand(n, n, device=device), torch.rand(n, n, device=device)
    c = torch.empty(n, n, device=device)
    rates = []
    for r in range(runs + 1):
        sync(device)
        t0 = time.perf_counter()
        for _ in range(reps):
            torch.mm(a, b, out=c)
        sync(device)
        if r > 0:
            rates.append(2.0 * n ** 3 * reps / (time.perf_counter() - t0) / 1e9)
    return statistics.median(rates), max(rates) - min(rates), max(rates)


@functools.lru_cache(maxsize=None)
def blas_threads():
    """Threads of the OpenBLAS torch calls (None if the BLAS is not OpenBLAS); asked once per process."""
    import ctypes
    try:
        return int(ctypes.CDLL("libblas.so.3").openblas_get_num_threads())
    except (OSError, AttributeError):
        return None


def device_name(device):
    return "cpu" if device == "cpu" else torch.cuda.get_device_name(0)


def line(name, value, unit, **extra):
    d = {"name": name, "value": round(value, 4 if value < 100 else 1), "unit": unit,
         "peer": None, "peer_value": None, "ratio": None}
    d.update(extra)
    if d.get("device") == "cpu":
        d["blas_threads"] = blas_threads()
    print(json.dumps(d), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--vocab", type=int, default=8000)
    p.add_argument("--seq", type=int, default=128)
    p.add_argument("--d-model", type=int, default=256)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", default="1,2")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--device", default="cpu", help="cpu, or cuda for the GPU comparison (fp32, TF32 off)")
    p.add_argument("--label", default="gpt-d256-l4-h4-t128-b16-v8000")
    p.add_argument("--gemm-n", type=int, default=2048, help="GEMM peak size; 0 = skip")
    p.add_argument("--peak-gflops", type=float, default=0, help="use this GEMM peak for MFU instead of measuring")
    p.add_argument("--generate", action="store_true", help="time greedy generation with a KV cache instead")
    p.add_argument("--new-tokens", type=int, default=256)
    p.add_argument("--prompt", type=int, default=16, help="prompt length (random ids) for --generate")
    args = p.parse_args()
    threads = [int(s) for s in args.threads.split(",")]
    if args.device != "cpu":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        threads = threads[:1]
    load = lambda: float(open("/proc/loadavg").read().split()[0])
    if args.generate:
        v, spread, params, th = max(measure_generate(args, th) + (th,) for th in threads)
        line(f"pytorch.generate.{args.label}", v, "tokens/s", threads=th, runs=args.runs, spread=round(spread, 1),
             new_tokens=args.new_tokens, prompt_tokens=args.prompt, params=params, torch=torch.__version__,
             device=device_name(args.device), load1=load())
        return
    peak = args.peak_gflops or None
    if args.gemm_n > 0 and not peak:
        g = max((gemm_peak(args.gemm_n, th, args.device) + (th,) for th in threads), key=lambda r: r[0])
        peak = g[2]  # MFU denominator: the best run
        line("pytorch.gemm.fp32", g[0], "GFLOP/s", n=args.gemm_n, threads=g[3], runs=5, spread=round(g[1], 2),
             best=round(g[2], 2), torch=torch.__version__, device=device_name(args.device), load1=load())
    best = {}
    for th in threads:
        res, params = measure(args, th)
        for k, (v, spread) in res.items():
            if k not in best or v > best[k][0]:
                best[k] = (v, spread, th)
    d, L, T, V = args.d_model, args.layers, args.seq, args.vocab
    n_matmul = params - T * d  # the tied token table is the head's matmul too (nanoGPT's count)
    train_flops = 6 * n_matmul + 12 * L * T * d
    for k, (v, spread, th) in best.items():
        line(f"pytorch.{k}.{args.label}", v, "tokens/s", threads=th, runs=args.runs, steps_per_run=args.steps,
             spread=round(spread, 1), params=params, torch=torch.__version__,
             device=device_name(args.device), load1=load())
    if peak:
        for k, per_token in (("train", train_flops), ("forward", train_flops / 3)):
            flops = best[k][0] * per_token
            line(f"pytorch.mfu_{k}.{args.label}", 100 * flops / (peak * 1e9), "%", threads=best[k][2],
                 torch=torch.__version__, flops_per_token=per_token, model_gflops=round(flops / 1e9, 3), peak_gflops=round(peak, 2),
                 formula=f"6N+12LTd train, /3 forward, N={n_matmul}", load1=load())


if __name__ == "__main__":
    main()
