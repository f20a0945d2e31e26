// Generates parity goldens with the reference implementation (HuggingFace tokenizers, npm tokenizers@0.23.2).
// usage: node gen-goldens.js ASSET_DIR GOLDEN_DIR   (needs NODE_PATH pointing at the npm scratch node_modules)
// Reads GOLDEN_DIR/texts.jsonl; writes GOLDEN_DIR/{gpt2,bert,trained-bpe,trained-wordpiece}.jsonl, one line per text:
//   {"ids": [...with special tokens], "ids_plain": [...without], "decoded": decode(ids,false), "decoded_skip": decode(ids,true)}
// Also checks that the tokenizer.json our Java code wrote for GPT-2 (ASSET_DIR/gpt2/tokenizer.sparklm.json) encodes
// every text exactly as the reference assembly from encoder.json + vocab.bpe does (exit 1 otherwise).
'use strict';
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require('tokenizers');
const [assetDir, goldenDir] = process.argv.slice(2);

const texts = fs.readFileSync(path.join(goldenDir, 'texts.jsonl'), 'utf8').split('\n').filter((l) => l.length)
  .map((l) => JSON.parse(l).text);

function gpt2Json() {
  const vocab = JSON.parse(fs.readFileSync(path.join(assetDir, 'gpt2', 'encoder.json'), 'utf8'));
  const merges = fs.readFileSync(path.join(assetDir, 'gpt2', 'vocab.bpe'), 'utf8').split('\n')
    .filter((l, i) => l.length && !(i === 0 && l.startsWith('#version')));
  const bl = (a, t) => ({ type: 'ByteLevel', add_prefix_space: a, trim_offsets: t, use_regex: true });
  return JSON.stringify({
    version: '1.0', truncation: null, padding: null,
    added_tokens: [{ id: 50256, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }],
    normalizer: null, pre_tokenizer: bl(false, true), post_processor: bl(true, false), decoder: bl(true, true),
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '',
      fuse_unk: false, byte_fallback: false, vocab, merges },
  });
}

function bertJson() {
  const j = JSON.parse(fs.readFileSync(path.join(assetDir, 'bert-base-uncased', 'tokenizer.json'), 'utf8'));
  j.truncation = null;
  j.padding = null;
  return JSON.stringify(j);
}

async function run(tok, name) {
  const lines = [];
  for (const t of texts) {
    const withSp = (await tok.encode(t, null, { addSpecialTokens: true })).getIds();
    const plain = (await tok.encode(t, null, { addSpecialTokens: false })).getIds();
    lines.push(JSON.stringify({ ids: withSp, ids_plain: plain, decoded: await tok.decode(withSp, false),
      decoded_skip: await tok.decode(withSp, true) }));
  }
  fs.writeFileSync(path.join(goldenDir, name + '.jsonl'), lines.join('\n') + '\n');
  console.error(`${name}: ${lines.length} lines`);
  return lines;
}

(async () => {
  const gpt2Lines = await run(Tokenizer.fromString(gpt2Json()), 'gpt2');
  await run(Tokenizer.fromString(bertJson()), 'bert');
  for (const n of ['trained-bpe', 'trained-wordpiece']) {
    const f = path.join(goldenDir, n + '.tokenizer.json');
    if (fs.existsSync(f)) await run(Tokenizer.fromFile(f), n);
  }
  const ours = path.join(assetDir, 'gpt2', 'tokenizer.sparklm.json');
  if (fs.existsSync(ours)) {
    const tok = Tokenizer.fromFile(ours);
    for (let i = 0; i < texts.length; i++) {
      const ids = (await tok.encode(texts[i], null, { addSpecialTokens: true })).getIds();
      if (JSON.stringify(ids) !== JSON.stringify(JSON.parse(gpt2Lines[i]).ids)) {
        console.error(`MISMATCH: our GPT-2 tokenizer.json encodes text #${i} differently in HF`);
        process.exit(1);
      }
    }
    console.error('our GPT-2 tokenizer.json: HF encodes all texts identically to the reference assembly');
  }
})().catch((e) => { console.error(e); process.exit(1); });
