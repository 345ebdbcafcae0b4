import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyPlan,
  communeAgencySlugs,
  type CurrentUnit,
  planUnits,
  type Province,
  readFrom,
  type UnitRow,
} from './gen-units.ts';
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

/** Where one synthetic procedure is filed: its level and agencies, as frontmatter lines. */
interface Placement {
  level: () => string;
  /** The `agencies:` items and any line that follows them (boundaryFree). */
  agencies: () => string;
  field: () => string;
}

/**
 * N procedure files with realistic text: what both generators share. `place` is called at
 * the same points of the random sequence as before it existed, so a given seed writes the
 * same catalogue it always did.
 */
function writeProcedures(
  dir: string,
  count: number,
  random: () => number,
  source: ReturnType<typeof corpus>,
  place: Placement,
): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
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
  mkdirSync(join(dir, 'procedures'), { recursive: true });
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
field: ${place.field()}
level: ${place.level()}
agencies:
${place.agencies()}steps:
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
  return codes;
}

export function writeSyntheticCatalogue(
  dir: string,
  count: number,
  seed = 20261127,
  sourceDir = 'content',
): void {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const source = corpus(sourceDir);

  mkdirSync(join(dir, 'agencies'), { recursive: true });
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
    'name: Bộ phận Một cửa tổng hợp\nkind: mot-cua\nlevel: tinh\ncode: "000.99.01.H99"\naddress: Số 1 đường Tổng Hợp\nhours:\n  - days: Thứ Hai – Thứ Sáu\n    hours: "7:00–17:00"\n',
  );
  agencies.forEach((slug, i) => {
    writeFileSync(
      join(dir, 'agencies', `${slug}.yaml`),
      `name: Cơ quan tổng hợp số ${i + 1}\nkind: phong-ban\nlevel: ${i < 10 ? 'tinh' : 'xa'}\ncode: "000.${String(i + 1).padStart(2, '0')}.02.H99"\ndesk: mot-cua\naddress: Số ${i + 2} đường Tổng Hợp\n`,
    );
  });
  const codes = writeProcedures(dir, count, random, source, {
    field: () => pick(fields).slug,
    level: () => pick(['tinh', 'xa']),
    agencies: () => `  - ${pick(agencies)}\n`,
  });
  writeFileSync(
    join(dir, 'site.yaml'),
    `name: Cổng thử tải\nlocality:\n  name: Tỉnh Tổng Hợp\n  province: Tỉnh Tổng Hợp\n  kind: tinh\nurl: https://thu-tai.example\ndesk: mot-cua\nhotline: "0200 000 000"\npopular:\n${codes
      .slice(0, 6)
      .map((c) => `  - "${c}"\n`)
      .join('')}`,
  );
}

// ---------------------------------------------------------------------------
// A province: the two-tier model at the scale of issue 16.

/** Name syllables of real Vietnamese communes, combined two by two (never a real list). */
const FIRST = [
  'An',
  'Bình',
  'Phước',
  'Tân',
  'Vĩnh',
  'Long',
  'Hòa',
  'Phú',
  'Mỹ',
  'Thạnh',
  'Ninh',
  'Diên',
  'Cam',
  'Vạn',
  'Khánh',
  'Đông',
  'Tây',
  'Nam',
  'Bắc',
  'Hải',
  'Sơn',
  'Trung',
  'Xuân',
  'Thuận',
  'Đức',
  'Lạc',
  'Hưng',
  'Thái',
  'Quảng',
  'Định',
];
const SECOND = [
  'An',
  'Bình',
  'Hòa',
  'Lợi',
  'Thạnh',
  'Phú',
  'Lộc',
  'Thọ',
  'Hải',
  'Sơn',
  'Lâm',
  'Trung',
  'Đông',
  'Tây',
  'Nam',
  'Bắc',
  'Hưng',
  'Thịnh',
  'Phong',
  'Thuận',
  'Điền',
  'Tân',
  'Mỹ',
  'Long',
  'Xuân',
  'Hiệp',
  'Khánh',
  'Ninh',
  'Thành',
  'Tiến',
];

/** Fields of a province catalogue (names as the national catalogue groups them). */
const PROVINCE_FIELDS = [
  ['ho-tich', 'Hộ tịch'],
  ['chung-thuc', 'Chứng thực'],
  ['cu-tru', 'Cư trú'],
  ['dat-dai', 'Đất đai'],
  ['xay-dung', 'Xây dựng'],
  ['bao-tro-xa-hoi', 'Bảo trợ xã hội'],
  ['nguoi-co-cong', 'Người có công'],
  ['giao-duc', 'Giáo dục và đào tạo'],
  ['y-te', 'Y tế'],
  ['dang-ky-kinh-doanh', 'Đăng ký kinh doanh'],
  ['nong-nghiep', 'Nông nghiệp và môi trường'],
  ['giao-thong', 'Giao thông vận tải'],
  ['lao-dong', 'Lao động, việc làm'],
  ['van-hoa', 'Văn hóa, thể thao và du lịch'],
] as const;

/** Departments of the province (sở), each the agency of some province-level procedures. */
const DEPARTMENTS = [
  ['so-tu-phap', 'Sở Tư pháp'],
  ['so-xay-dung', 'Sở Xây dựng'],
  ['so-nong-nghiep-va-moi-truong', 'Sở Nông nghiệp và Môi trường'],
  ['so-tai-chinh', 'Sở Tài chính'],
  ['so-y-te', 'Sở Y tế'],
  ['so-giao-duc-va-dao-tao', 'Sở Giáo dục và Đào tạo'],
  ['so-noi-vu', 'Sở Nội vụ'],
  ['so-cong-thuong', 'Sở Công Thương'],
  ['so-van-hoa-the-thao-va-du-lich', 'Sở Văn hóa, Thể thao và Du lịch'],
  ['so-khoa-hoc-va-cong-nghe', 'Sở Khoa học và Công nghệ'],
] as const;

export interface SyntheticProvince {
  province: Province;
  units: UnitRow[];
  /** Procedure codes in file order. */
  codes: string[];
}

/**
 * A whole province in `dir`: `units` commune-level units (about three in four xã, one in
 * four phường, one đặc khu; two or three former units each) written by gen:units' own
 * code, ten departments, and `procedures` procedures: three in ten province-level (one
 * department each), the rest commune-level (the same office of every commune, as the
 * province publishes them), about four in ten received regardless of boundary.
 */
export function writeSyntheticProvince(
  dir: string,
  options: { units: number; procedures: number; seed?: number; sourceDir?: string },
): SyntheticProvince {
  const random = prng(options.seed ?? 20261205);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const sourceDir = options.sourceDir ?? 'content';
  const names: string[] = [];
  const seen = new Set<string>();
  for (const a of FIRST) for (const b of SECOND) if (a !== b) names.push(`${a} ${b}`);
  // A deterministic shuffle, then current units first and their former units after.
  for (let i = names.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [names[i], names[j]] = [names[j] as string, names[i] as string];
  }
  const take = () => {
    for (;;) {
      const name = names.pop();
      if (name === undefined) throw new Error('not enough synthetic unit names');
      if (!seen.has(name)) {
        seen.add(name);
        return name;
      }
    }
  };
  if (options.units * 4 > names.length)
    throw new Error(`at most ${Math.floor(names.length / 4)} units`);
  const units: UnitRow[] = Array.from({ length: options.units }, (_, i) => {
    const kind: CurrentUnit =
      i === options.units - 1 ? 'dac-khu' : random() < 0.25 ? 'phuong' : 'xa';
    const name = take();
    return {
      row: i + 2,
      name,
      kind,
      former: Array.from({ length: 2 + Math.floor(random() * 2) }, () => ({
        name: take(),
        kind: kind === 'phuong' ? 'phuong' : 'xa',
      })),
    };
  });
  const province: Province = { name: 'Bình An', code: 'H99' };

  mkdirSync(join(dir, 'agencies'), { recursive: true });
  for (const sub of ['rules', 'calendar']) {
    cpSync(join(sourceDir, sub), join(dir, sub), { recursive: true });
  }
  const plan = planUnits(province, units, readFrom(dir));
  const applied = applyPlan(dir, plan);
  if (applied.refused.length > 0) throw new Error(`gen:units refused: ${applied.refused[0]?.path}`);
  DEPARTMENTS.forEach(([slug, name], i) => {
    writeFileSync(
      join(dir, 'agencies', `${slug}.yaml`),
      `name: ${name} tỉnh ${province.name}\nkind: so\nlevel: tinh\ncode: "000.${String(i + 1).padStart(2, '0')}.01.${province.code}"\ncodeIllustrative: true\nparent: ubnd-tinh\ndesk: ttpvhcc-tinh\naddress: Tỉnh ${province.name}\n`,
    );
  });
  writeFileSync(
    join(dir, 'fields.yaml'),
    `fields:\n${PROVINCE_FIELDS.map(([slug, name]) => `  - slug: ${slug}\n    name: ${name}\n`).join('')}`,
  );

  const offices = (n: number) =>
    units.map((u) => {
      const s = communeAgencySlugs(u.kind, u.name);
      return n === 0 ? s.ubnd : (s.offices[n - 1] as string);
    });
  const officeLists = [0, 1, 2, 3, 4].map(offices);
  let provinceLevel = false;
  const codes = writeProcedures(dir, options.procedures, random, corpus(sourceDir), {
    field: () => pick(PROVINCE_FIELDS)[0],
    level: () => {
      provinceLevel = random() < 0.3;
      return provinceLevel ? 'tinh' : 'xa';
    },
    agencies: () => {
      const list = provinceLevel ? [pick(DEPARTMENTS)[0]] : pick(officeLists);
      const boundaryFree = random() < 0.4;
      return `${list.map((a) => `  - ${a}\n`).join('')}${boundaryFree ? 'boundaryFree: true\n' : ''}`;
    },
  });
  writeFileSync(
    join(dir, 'site.yaml'),
    `name: Một Cửa tỉnh ${province.name} (thử tải)\nlocality:\n  name: Tỉnh ${province.name}\n  province: Tỉnh ${province.name}\n  kind: tinh\nurl: https://thu-tai-tinh.example\ndesk: ttpvhcc-tinh\nhotline: "0200 000 000"\npopular:\n${codes
      .slice(0, 6)
      .map((c) => `  - "${c}"\n`)
      .join(
        '',
      )}pending:\n  - field: name\n    note: Tỉnh giả lập cho bench (npm run gen:province); tên đơn vị ghép từ các âm tiết thường gặp, không phải danh sách thật.\n`,
  );
  return { province, units, codes };
}
