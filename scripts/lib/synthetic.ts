import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from './prng.ts';

/**
 * A synthetic catalogue for benchmarks: N procedures that look like real ones
 * (frontmatter of realistic size, about 775 words of Vietnamese body text),
 * deterministic for a given N so runs can be compared.
 */

/**
 * Sentences and titles sampled from the demo catalogue, so the synthetic text has
 * the vocabulary and word frequencies of real procedure texts (a uniform word list
 * would make every word appear in every procedure, which no real catalogue does).
 */
function corpus(contentDir: string): { sentences: string[]; titles: string[]; words: string[] } {
  const sentences: string[] = [];
  const titles: string[] = [];
  for (const file of readdirSync(join(contentDir, 'procedures'))) {
    const text = readFileSync(join(contentDir, 'procedures', file), 'utf8');
    const title = /^title: (.+)$/m.exec(text)?.[1];
    if (title) titles.push(title.trim());
    for (const line of text.split('\n')) {
      const body = line.replace(/^\s*(-\s+)?(name|note|condition|summary|title)?:?\s*/, '').trim();
      for (const sentence of body.split(/(?<=[.;])\s+/)) {
        const clean = sentence.replace(/["“”`*#>]/g, '').trim();
        if (clean.split(' ').length >= 5 && !/[:{}[\]]/.test(clean)) sentences.push(clean);
      }
    }
  }
  const words = [
    ...new Set(
      sentences
        .join(' ')
        .split(/\s+/)
        .filter((w) => /^\p{L}+$/u.test(w)),
    ),
  ];
  return { sentences, titles, words };
}

const QUALIFIERS = [
  'cho cá nhân',
  'đối với tổ chức',
  'có yếu tố nước ngoài',
  'tại cấp xã',
  'trong trường hợp bị mất',
  'lần đầu',
  'cấp lại',
  'điều chỉnh',
];

export function writeSyntheticCatalogue(
  dir: string,
  count: number,
  seed = 20261127,
  sourceDir = 'content',
): void {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const source = corpus(sourceDir);
  const words = (n: number) => Array.from({ length: n }, () => pick(source.words)).join(' ');
  // A real sentence cut to about n words.
  const sentence = (n: number) => {
    const s = pick(source.sentences)
      .split(' ')
      .slice(0, Math.max(4, n))
      .join(' ')
      .replace(/[.;,]$/, '');
    return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
  };

  mkdirSync(join(dir, 'agencies'), { recursive: true });
  mkdirSync(join(dir, 'procedures'), { recursive: true });
  // The rule sets by reception date are the source's (content/rules/, ADR 0015).
  cpSync(join(sourceDir, 'rules'), join(dir, 'rules'), { recursive: true });
  const fields = Array.from({ length: 12 }, (_, i) => ({
    slug: `linh-vuc-${i + 1}`,
    name: `Lĩnh vực ${i + 1}`,
  }));
  writeFileSync(
    join(dir, 'fields.yaml'),
    `fields:\n${fields.map((f) => `  - slug: ${f.slug}\n    name: ${f.name}\n`).join('')}`,
  );
  const agencies = Array.from({ length: 20 }, (_, i) => `co-quan-${i + 1}`);
  writeFileSync(
    join(dir, 'agencies', 'mot-cua.yaml'),
    'name: Bộ phận Một cửa tổng hợp\nkind: mot-cua\nlevel: huyen\ncode: "000.99.01.H99"\naddress: Số 1 đường Tổng Hợp\nhours:\n  - days: Thứ Hai – Thứ Sáu\n    hours: "7:00–17:00"\n',
  );
  agencies.forEach((slug, i) => {
    writeFileSync(
      join(dir, 'agencies', `${slug}.yaml`),
      `name: Cơ quan tổng hợp số ${i + 1}\nkind: phong-ban\nlevel: ${i < 10 ? 'huyen' : 'xa'}\ncode: "000.${String(i + 1).padStart(2, '0')}.02.H99"\ndesk: mot-cua\naddress: Số ${i + 2} đường Tổng Hợp\n`,
    );
  });
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    const code = `${1 + (i % 3)}.${String(900000 + i).padStart(6, '0')}`;
    codes.push(code);
    const title = `${pick(source.titles).replace(/[:"]/g, '')} ${pick(QUALIFIERS)} (mẫu ${i + 1})`;
    const online = random() < 0.3 ? pick(['mot-phan', 'toan-trinh']) : 'khong';
    const documents = Array.from(
      { length: 3 + Math.floor(random() * 4) },
      (_, d) =>
        `  - name: ${sentence(5).slice(0, -1)}\n    copies: ${d % 2}\n${d === 2 ? `    condition: ${sentence(8)}\n` : ''}`,
    ).join('');
    const body = Array.from({ length: 12 }, () =>
      Array.from({ length: 4 }, () => sentence(10 + Math.floor(random() * 10))).join(' '),
    ).join('\n\n');
    const front = `---
code: "${code}"
title: ${title}
summary: ${sentence(18)}
field: ${pick(fields).slug}
level: ${pick(['huyen', 'xa'])}
agencies:
  - ${pick(agencies)}
steps:
  - ${sentence(20)}
  - ${sentence(16)}
  - ${sentence(14)}
channels:
  - type: truc-tiep
  - type: buu-chinh
${online !== 'khong' ? '  - type: truc-tuyen\n' : ''}online: ${online}
${online !== 'khong' ? 'onlineForm:\n  fields: []\n' : ''}
time:
  days: ${Math.floor(random() * 15)}
documents:
${documents}applicants:
  - ${sentence(6)}
result:
  - ${sentence(5)}
fees:
  - name: Lệ phí ${words(3)}
    amount: ${Math.floor(random() * 50) * 10000}
    unit: hồ sơ
conditions:
  - ${sentence(15)}
legalBasis:
  - number: ${10 + (i % 90)}/2025/NĐ-CP
    title: Nghị định ${sentence(8).slice(0, -1)}
    date: 2025-0${1 + (i % 9)}-15
    issuer: Chính phủ
keywords:
  - ${words(3)}
  - ${words(2)}
  - ${words(4)}
lastReviewed: 2026-11-01
---
`;
    writeFileSync(join(dir, 'procedures', `thu-tuc-mau-${i + 1}.md`), `${front}\n${body}\n`);
  }
  writeFileSync(
    join(dir, 'site.yaml'),
    `name: Cổng thử tải\nlocality:\n  name: Huyện Tổng Hợp\n  province: Tỉnh Tổng Hợp\n  kind: huyen\n  historical: true\nurl: https://thu-tai.example\ndesk: mot-cua\nhotline: "0200 000 000"\npopular:\n${codes
      .slice(0, 6)
      .map((c) => `  - "${c}"\n`)
      .join('')}`,
  );
}
