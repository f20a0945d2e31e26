#!/usr/bin/env python3
"""PyTorch peer of BigModelBench: training tokens/s and peak RSS of one process for a GPT-2-shaped model (the GPT of
pytorch_reference.py: pre-LN blocks, GELU, learned positions, head tied to the token embedding) with AdamW in
fp32 at one micro-batch size. Prints one JSON line {"tokens_per_s", "peak_rss_mb", ...}. Run one process per
micro-batch size (the peak is per process): /usr/bin/python3 bench/pytorch_bigmodel.py --micro-batch 2
"""
import argparse, json, os, resource, sys, time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pytorch_reference import GPT  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--vocab", type=int, default=50257)
    p.add_argument("--seq", type=int, default=1024)
    p.add_argument("--d-model", type=int, default=768)
    p.add_argument("--layers", type=int, default=12)
    p.add_argument("--heads", type=int, default=12)
    p.add_argument("--micro-batch", type=int, default=1)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--steps", type=int, default=2)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = GPT(a.vocab, a.seq, a.d_model, a.layers, a.heads)
    opt = torch.optim.AdamW(model.parameters(), lr=6e-4, weight_decay=0.1, betas=(0.9, 0.95))
    g = torch.Generator().manual_seed(7)
    seconds = 0.0
    for s in range(a.warmup + a.steps):
        x = torch.randint(0, a.vocab, (a.micro_batch, a.seq), generator=g)
        y = torch.randint(0, a.vocab, (a.micro_batch, a.seq), generator=g)
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x).view(-1, a.vocab), y.view(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        took = time.perf_counter() - t0
        print(f"[pytorch] step {s + 1}: {took:.1f} s, loss {loss.item():.3f}", file=sys.stderr, flush=True)
        if s >= a.warmup:
            seconds += took
    print(json.dumps({"tokens_per_s": round(a.steps * a.micro_batch * a.seq / seconds, 2),
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "params": sum(t.numel() for t in model.parameters()), "micro_batch": a.micro_batch,
                      "threads": a.threads, "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()
