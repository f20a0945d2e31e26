// HuggingFace tokenizers (npm `tokenizers`, the Rust library through its Node binding) encode throughput on the
// documents EncodeBench used, with the same GPT-2 tokenizer.json, one thread (TOKENIZERS_PARALLELISM=false).
// Usage: node bench/hf_encode.js DIR RUNS OURS_MBPS
//   DIR: what EncodeBench wrote with docs-out=DIR: tokenizer.json, docs.jsonl (one JSON string per line) and
//        ids.json ({"tokens": N, "digest": D}: D = fold of h = 31 h + id over all ids, 32-bit)
// Checks that HF produces the same ids (count and digest), then times RUNS passes, each with a fresh tokenizer
// (cold BPE cache, as EncodeBench does), documents in batches of 256 through encodeBatch (one call per batch; with
// parallelism off the Rust side encodes them one after another on one thread). Prints one JSON line: ours vs HF.
'use strict';
process.env.TOKENIZERS_PARALLELISM = 'false';
process.env.RAYON_NUM_THREADS = '1';
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require('tokenizers');
const version = require('tokenizers/package.json').version;

const BATCH = 256;

async function encodeAll(tok, docs, onIds) {
  for (let i = 0; i < docs.length; i += BATCH) {
    const encs = await tok.encodeBatch(docs.slice(i, i + BATCH), { addSpecialTokens: false });
    if (onIds) encs.forEach((e) => onIds(e.getIds()));
  }
}

async function main() {
  const [dir, runsArg, oursArg] = process.argv.slice(2);
  if (!dir || !oursArg) throw new Error('usage: node bench/hf_encode.js DIR RUNS OURS_MBPS');
  const runs = parseInt(runsArg, 10);
  const ours = parseFloat(oursArg);
  const tokJson = path.join(dir, 'tokenizer.json');
  const docs = fs.readFileSync(path.join(dir, 'docs.jsonl'), 'utf8').split('\n').filter((l) => l).map(JSON.parse);
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'ids.json'), 'utf8'));
  const bytes = docs.reduce((s, d) => s + Buffer.byteLength(d, 'utf8'), 0);

  // correctness pass (also warm-up): same ids as ours
  let tokens = 0;
  let digest = 0;
  await encodeAll(Tokenizer.fromFile(tokJson), docs, (ids) => {
    tokens += ids.length;
    for (const id of ids) digest = (Math.imul(digest, 31) + id) | 0;
  });
  if (tokens !== expected.tokens || digest !== expected.digest) {
    throw new Error(`HF ids differ from ours: ${tokens} tokens, digest ${digest} vs ${expected.tokens}, ${expected.digest}`);
  }
  console.error(`hf tokenizers ${version}: ids identical to ours on ${docs.length} docs (${tokens} tokens)`);

  const mbps = [];
  let cpuShare = 0;
  for (let r = 0; r < runs; r++) {
    const tok = Tokenizer.fromFile(tokJson);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await encodeAll(tok, docs, null);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    cpuShare = Math.max(cpuShare, (cpu.user + cpu.system) / 1e6 / seconds);
    mbps.push(bytes / 1e6 / seconds);
    console.error(`run ${r}: hf ${mbps[r].toFixed(2)} MB/s, process CPU ${((cpu.user + cpu.system) / 1e6 / seconds).toFixed(2)} cores`);
  }
  mbps.sort((a, b) => a - b);
  const median = mbps.length % 2 ? mbps[(mbps.length - 1) / 2] : (mbps[mbps.length / 2 - 1] + mbps[mbps.length / 2]) / 2;
  console.log(JSON.stringify({
    name: 'tokenizer.encode.gpt2_vs_hf', value: ours, unit: 'MB/s',
    peer: `hf tokenizers ${version} (Rust, node binding, 1 thread, batches of ${BATCH})`,
    peer_value: +median.toFixed(3), ratio: +(ours / median).toFixed(3),
    runs, spread: +(mbps[mbps.length - 1] - mbps[0]).toFixed(3), max_process_cpu_cores: +cpuShare.toFixed(2),
    docs: docs.length, mb: +(bytes / 1e6).toFixed(2),
  }));
}

main().catch((e) => { console.error(e.message); process.exit(1); });
