// Writes the parity test inputs (JSON lines {"text": ...}) deterministically: hand-written messy cases,
// excerpts of real public-domain text (Moby-Dick, State of the Union) and seeded random Unicode strings.
// usage: node gen-texts.js BENCH_TEXT_DIR OUT_FILE
'use strict';
const fs = require('fs');
const path = require('path');
const [benchDir, outFile] = process.argv.slice(2);

const hand = [
  '',
  ' ',
  '\n',
  'Hello world',
  'Hello, world! How are you today?',
  "I'm, you're, we've, they'll, he'd, it's, she's, DON'T, O'Neil, rock'n'roll, '''quoted''', 'tis, it 's",
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Test &amp; page</title></head><body>' +
    '<p class="x">Hello,&nbsp;world!</p><a href="https://example.com/a?b=c&d=e#frag">link</a>' +
    '<script>var x = 1 < 2 && y > 3; // comment</script>\n<div style="color:#ff0000">  indented\t</div></body></html>',
  'From: John Doe <john.doe@example.com>\r\nTo: jane+tag@example.org\r\nSubject: Re: [PATCH v2] fix the thing\r\n' +
    'Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <1234.5678@mail.example.com>\r\n\r\n> quoted text\n>> more quoting\n\nThanks,\n-- \nJohn',
  'Visit https://www.example.com/path/to/page.html?query=1&x=y or mailto:someone@example.net; ftp://ftp.example.org/pub/file.tar.gz',
  'def f(x):\n    return {"a": [1, 2, 3], \'b\': x ** 2}  # comment\n\nif __name__ == "__main__":\n\tprint(f(3))\n',
  'Numbers: 3.14159 1,000,000 -42 1e-10 0x1F ２０２４ ½ ⅔ Ⅻ ٣٤ ௰ 10% $5.99 €3,50 ¥100',
  'a  b   c\t\td\n\n\ne \u00a0f\u2003g\u3000h\u0085i \r\nj\u000bk\u000cl',
  'trailing spaces   ',
  '   leading spaces',
  '\n\n\nleading newlines and trailing\n\n',
  '日本語のテキストです。中文文本，包括标点。한국어 텍스트도 있습니다.',
  '我爱北京天安门 𠀀𠀁 𪜀 㐀 豈',
  'Emoji: 👍🏽 👨‍👩‍👧‍👦 🇩🇪 ❤️ 😀😃😄 🙈🙉🙊 🤖',
  'Combining: e\u0301 a\u0308 n\u0303 \u03a9\u0301 Z\u0351\u0308\u0334a\u0337l\u0358g\u0315o\u031b',
  'Control: a\u0000b\u0001c\u0007d\u001be\u007ff\u0080g\u009fh\u200bi\u200dj\ufeffk\ufffdl\u00adm\u2060n',
  'Accents: Crème brûlée, naïve façade, Ångström, İstanbul, ΣΊΣΥΦΟΣ, straße, ﬁ ligature, Ǆ, ǅ',
  'RTL: مرحبا بالعالم שלום עולם',
  'Devanagari: नमस्ते दुनिया; Thai: สวัสดีชาวโลก; Georgian: გამარჯობა',
  'Special tokens: Hello<|endoftext|>World [CLS] x [SEP] y [MASK] z [UNK] [PAD] <|endoftext|><|endoftext|> [cls]',
  'a'.repeat(3000),
  'Supercalifragilisticexpialidocious'.repeat(150),
  'Pneumonoultramicroscopicsilicovolcanoconiosis is a long word; so is Donaudampfschifffahrtsgesellschaftskapitän.',
  '1234567890'.repeat(100),
  ' '.repeat(700) + 'x' + '\t'.repeat(50) + '\n'.repeat(30),
  'The quick brown fox jumps over the lazy dog. '.repeat(300),
  'HeLLo WoRLD, MiXeD CaSe TeXt ÀÉÎÕÜ',
  '!!!???...,,,;;;:::---___***&&&%%%$$$###@@@~~~```^^^|||\\\\\\///',
  '"Smart quotes" and ‘single’ — em dash – en dash … ellipsis «guillemets» „Anführungszeichen“',
  '\u2028line separator\u2029paragraph separator\u180emongolian vowel sep\u205fmath space\u202fnarrow nbsp',
  'Private use: \ue000\uf8ff and replacement \ufffd and BOM \ufeff start',
  '   \n  \n\t \u00a0 ',
  "x's y'S z'LL w'Re 'm 'd 'll 've 're 's 't",
];

function excerpts() {
  const out = [];
  const files = fs.readdirSync(benchDir).filter((f) => f.endsWith('.txt')).sort();
  for (const f of files) {
    const t = fs.readFileSync(path.join(benchDir, f), 'utf8');
    for (let k = 0; k < 12; k++) {
      const start = Math.floor((t.length * (k + 0.5)) / 12);
      const len = 400 + ((k * 977) % 1100);
      out.push(t.slice(start, start + len));
    }
  }
  return out;
}

function mulberry32(a) {
  return function () {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomStrings() {
  const rnd = mulberry32(20240607);
  const pools = [
    [0x61, 0x7a], [0x41, 0x5a], [0x30, 0x39], [0x21, 0x2f], [0x3a, 0x40], [0x20, 0x20], [0x20, 0x20], [0x20, 0x20],
    [0x0a, 0x0a], [0x09, 0x09], [0xa0, 0xa0], [0x2000, 0x200a], [0xc0, 0xff], [0x100, 0x17f], [0x300, 0x36f],
    [0x391, 0x3c9], [0x410, 0x44f], [0x4e00, 0x4fff], [0x3041, 0x3096], [0xac00, 0xacff], [0x1f600, 0x1f64f],
    [0x1f300, 0x1f3ff], [0x00, 0x1f], [0x7f, 0x9f], [0x200b, 0x200d], [0x27, 0x27], [0x27, 0x27], [0x2018, 0x201f],
    [0x660, 0x669], [0x905, 0x939], [0xe000, 0xe0ff], [0x20000, 0x200ff],
  ];
  const out = [];
  for (let s = 0; s < 60; s++) {
    const n = 1 + Math.floor(rnd() * (s < 50 ? 80 : 600));
    let str = '';
    for (let i = 0; i < n; i++) {
      const [lo, hi] = pools[Math.floor(rnd() * pools.length)];
      str += String.fromCodePoint(lo + Math.floor(rnd() * (hi - lo + 1)));
      if (rnd() < 0.02) str += ['<|endoftext|>', '[CLS]', '[MASK]', "'s", "'ll"][Math.floor(rnd() * 5)];
    }
    out.push(str);
  }
  return out;
}

const all = [...hand, ...excerpts(), ...randomStrings()];
fs.writeFileSync(outFile, all.map((t) => JSON.stringify({ text: t })).join('\n') + '\n');
console.error(`wrote ${all.length} texts to ${outFile}`);
