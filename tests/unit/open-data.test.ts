import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { ContentError, type ContentIssue } from '../../src/catalogue/issues.ts';
import { loadCatalogue, readContentSource } from '../../src/catalogue/read.ts';
import type { Catalogue } from '../../src/catalogue/types.ts';
import { localityPlace } from '../../src/domain/commune.ts';
import { buildCatalogue, type ContentSource } from '../../src/catalogue/validate.ts';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import {
  archiveFeed,
  atomDate,
  FEED_SIZE,
  feedYears,
  renderChangesFeed,
  subscriptionFeed,
} from '../../src/domain/open-data/atom.ts';
import {
  CSV_LIST_SEPARATOR,
  catalogueCsv,
  catalogueCsvIndex,
  catalogueJson,
  catalogueJsonIndex,
  PART_CSV_COLUMNS,
} from '../../src/domain/open-data/catalogue-files.ts';
import { catalogueParts, PART_SIZE } from '../../src/domain/open-data/parts.ts';
import { catalogueChanges, procedureChanges } from '../../src/domain/open-data/changes.ts';
import { escapeXml as xmlEscape, xmlChars } from '../../src/domain/text/escape.ts';
import {
  COLUMN_TYPE_LABELS,
  PROCEDURE_COLUMNS,
  procedureRecord,
} from '../../src/domain/open-data/columns.ts';
import { DEFAULT_LICENCE, openDataLicence } from '../../src/domain/open-data/licence.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';

const catalogue = await loadCatalogue('content');
const index = indexCatalogue(catalogue);
const absoluteUrl = (path: string) => new URL(path, catalogue.site.url).toString();
const ctx = { index, absoluteUrl };
const sample = catalogue.procedures[0] as Procedure;

/**
 * A strict RFC 4180 reader for what catalogueCsv writes (every cell quoted): rows of
 * cells, and whether every record ended with CRLF.
 */
function parseCsv(text: string): { rows: string[][]; crlf: boolean } {
  const rows: string[][] = [];
  let row: string[] = [];
  let crlf = true;
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') throw new Error(`unquoted cell at ${i}: ${text.slice(i, i + 20)}`);
    let cell = '';
    i++;
    for (;;) {
      const quote = text.indexOf('"', i);
      if (quote < 0) throw new Error('unterminated quoted cell');
      cell += text.slice(i, quote);
      if (text[quote + 1] === '"') {
        cell += '"';
        i = quote + 2;
      } else {
        i = quote + 1;
        break;
      }
    }
    row.push(cell);
    if (text[i] === ',') {
      i++;
    } else {
      if (text.slice(i, i + 2) !== '\r\n') crlf = false;
      i += text[i] === '\r' ? 2 : 1;
      rows.push(row);
      row = [];
    }
  }
  return { rows, crlf };
}

const KEYS = PROCEDURE_COLUMNS.map((c) => c.key);

/** The body after the byte order mark, parsed. */
const csvRows = (csv: string) => parseCsv(csv.slice(1));

describe('the documented column list', () => {
  test('keys are unique ASCII identifiers, every column documented', () => {
    expect(new Set(KEYS).size).toBe(KEYS.length);
    for (const c of PROCEDURE_COLUMNS) {
      expect(c.key).toMatch(/^[a-z][A-Za-z]*$/);
      expect(c.label.length).toBeGreaterThan(2);
      expect(c.description.length).toBeGreaterThan(10);
      expect(COLUMN_TYPE_LABELS[c.type]).toBeDefined();
    }
  });

  test('keys are stable: only ever add columns at the end', () => {
    expect(KEYS.slice(0, 22)).toEqual([
      'code',
      'title',
      'summary',
      'field',
      'fieldName',
      'level',
      'agencies',
      'online',
      'channels',
      'processingDays',
      'fees',
      'documents',
      'applicants',
      'result',
      'legalBasis',
      'publicationDecision',
      'publicationDate',
      'effectiveDate',
      'lastReviewed',
      'status',
      'replacedBy',
      'url',
    ]);
  });
});

describe('thu-tuc.csv', () => {
  const csv = catalogueCsv(catalogue.procedures, ctx);

  test('UTF-8 with BOM, CRLF, the documented columns as header, one row per procedure', () => {
    expect(csv.startsWith('\uFEFF"code","title",')).toBe(true);
    const { rows, crlf } = csvRows(csv);
    expect(crlf).toBe(true);
    expect(rows[0]).toEqual(KEYS);
    expect(rows).toHaveLength(catalogue.procedures.length + 1);
    for (const row of rows) expect(row).toHaveLength(KEYS.length);
    expect(rows.slice(1).map((r) => r[0])).toEqual(catalogue.procedures.map((p) => p.code));
  });

  test('cells are the column values; lists one item per line; empty for none', () => {
    const [, first] = csvRows(csv).rows;
    const record = procedureRecord(sample, ctx);
    KEYS.forEach((key, i) => {
      const value = record[key];
      const expected =
        value === null ? '' : Array.isArray(value) ? value.join(CSV_LIST_SEPARATOR) : String(value);
      expect(first?.[i], key).toBe(expected);
    });
    const withFees = catalogue.procedures.find((p) => p.fees.some((f) => f.channels));
    const row = csvRows(catalogueCsv(withFees ? [withFees] : [], ctx)).rows[1];
    expect(row?.[KEYS.indexOf('fees')]).toMatch(/đ.*\(khi nộp: Trực tiếp\)\n/);
  });

  test('commas, quotes and line breaks are quoted; formulas are neutralised', () => {
    const tricky: Procedure = {
      ...sample,
      title: 'Hồ sơ A, B và "C"\r\ndòng hai',
      summary: '=HYPERLINK("http://example.com","Bấm")',
      applicants: ['+84 912 345 678', '-1', '@SUM(A1)', 'Cá nhân; tổ chức'],
    };
    const csv = catalogueCsv([tricky], ctx);
    expect(csv).toContain('"Hồ sơ A, B và ""C""\r\ndòng hai"');
    const [, row] = csvRows(csv).rows;
    expect(row?.[KEYS.indexOf('title')]).toBe(tricky.title);
    expect(row?.[KEYS.indexOf('summary')]).toBe(`'${tricky.summary}`);
    expect(row?.[KEYS.indexOf('applicants')]).toBe(
      "'+84 912 345 678\n-1\n@SUM(A1)\nCá nhân; tổ chức",
    );
  });

  test('any title survives the round trip (formula starts neutralised)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (title) => {
        const [, row] = csvRows(catalogueCsv([{ ...sample, title }], ctx)).rows;
        const expected = /^[=+\-@\t\r]/.test(title) ? `'${title}` : title;
        return row?.[KEYS.indexOf('title')] === expected && row.length === KEYS.length;
      }),
      { numRuns: 300 },
    );
  });
});

describe('thu-tuc.json', () => {
  const licence = openDataLicence(catalogue.site);
  const data = catalogueJson(catalogue.procedures, ctx, {
    generated: '2026-11-27T08:00:00.000Z',
    licence,
  });

  test('generated, licence and source, the column list, one object per procedure', () => {
    expect(Object.keys(data)).toEqual([
      'generated',
      'licence',
      'source',
      'columns',
      'count',
      'procedures',
    ]);
    expect(data.generated).toBe('2026-11-27T08:00:00.000Z');
    expect(data.licence).toEqual(licence);
    expect(data.source).toEqual({
      name: catalogue.site.name,
      publisher: localityPlace(catalogue.site.locality),
      url: absoluteUrl('/'),
      documentation: absoluteUrl('/du-lieu-mo/'),
    });
    expect(data.columns.map((c) => c.key)).toEqual(KEYS);
    expect(data.count).toBe(catalogue.procedures.length);
    expect(data.procedures).toHaveLength(catalogue.procedures.length);
  });

  test('every object has exactly the documented fields, with their types', () => {
    for (const record of data.procedures) {
      expect(Object.keys(record)).toEqual(KEYS);
      for (const c of PROCEDURE_COLUMNS) {
        const value = record[c.key];
        const where = `${String(record.code)}.${c.key}`;
        if (c.type === 'list') {
          expect(Array.isArray(value), where).toBe(true);
          for (const item of value as string[]) expect(typeof item, where).toBe('string');
        } else if (c.type === 'number') {
          expect(Number.isInteger(value), where).toBe(true);
        } else if (c.type === 'date') {
          if (value !== null) expect(value, where).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        } else if (c.type === 'url') {
          expect(value, where).toMatch(/^https?:\/\/[^/]+\/thu-tuc\/[a-z0-9-]+\/$/);
        } else if (value !== null) {
          expect(typeof value, where).toBe('string');
        }
      }
    }
  });

  test('survives JSON serialisation unchanged', () => {
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});

describe('the catalogue in parts (one per field, pages of PART_SIZE)', () => {
  const parts = catalogueParts(catalogue.procedures, catalogue.fields);

  test('one part per field with procedures, in the order of the field list', () => {
    const used = catalogue.fields.filter((f) =>
      catalogue.procedures.some((p) => p.field === f.slug),
    );
    expect(parts.map((p) => p.slug)).toEqual(used.map((f) => f.slug));
    for (const part of parts) {
      expect(part.procedures.every((p) => p.field === part.field.slug)).toBe(true);
      expect([part.page, part.pages]).toEqual([1, 1]);
    }
    expect(parts.flatMap((p) => p.procedures).length).toBe(catalogue.procedures.length);
  });

  test('a field larger than the part size is cut into pages; page 1 keeps the field slug', () => {
    const hoTich = catalogue.procedures.filter((p) => p.field === 'ho-tich');
    expect(hoTich.length).toBeGreaterThan(4);
    const small = catalogueParts(catalogue.procedures, catalogue.fields, 2).filter(
      (p) => p.field.slug === 'ho-tich',
    );
    expect(small.map((p) => p.slug)).toEqual(
      Array.from({ length: Math.ceil(hoTich.length / 2) }, (_, i) =>
        i === 0 ? 'ho-tich' : `ho-tich-trang-${i + 1}`,
      ),
    );
    expect(small.flatMap((p) => p.procedures)).toEqual(hoTich);
    expect(small.every((p) => p.procedures.length <= 2 && p.pages === small.length)).toBe(true);
  });

  test('thu-tuc.json lists every part with its count and the URLs of its three files', () => {
    const meta = {
      generated: '2026-11-27T08:00:00.000Z',
      licence: openDataLicence(catalogue.site),
    };
    const list = catalogueJsonIndex(parts, ctx, meta);
    expect(list.count).toBe(catalogue.procedures.length);
    expect(list.partSize).toBe(PART_SIZE);
    expect(list.columns.map((c) => c.key)).toEqual(KEYS);
    const first = list.parts[0];
    expect(first).toEqual({
      slug: parts[0]?.slug,
      field: parts[0]?.field.slug,
      fieldName: parts[0]?.field.name,
      page: 1,
      pages: 1,
      count: parts[0]?.procedures.length,
      json: absoluteUrl(`/du-lieu/thu-tuc/${parts[0]?.slug}.json`),
      csv: absoluteUrl(`/du-lieu/thu-tuc/${parts[0]?.slug}.csv`),
      cpsvAp: absoluteUrl(`/du-lieu/cpsv-ap/${parts[0]?.slug}.jsonld`),
    });
    const part = catalogueJson(parts[0]?.procedures ?? [], ctx, meta, PROCEDURE_COLUMNS, parts[0]);
    expect(part.part?.index).toBe(absoluteUrl('/du-lieu/thu-tuc.json'));
    expect(part.procedures.map((r) => r.field)).toEqual(
      (parts[0]?.procedures ?? []).map(() => parts[0]?.field.slug),
    );
  });

  test('thu-tuc.csv lists the parts: one quoted row per part, the same URLs', () => {
    const { rows, crlf } = csvRows(catalogueCsvIndex(parts, ctx));
    expect(crlf).toBe(true);
    expect(rows[0]).toEqual([...PART_CSV_COLUMNS]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(parts.map((p) => p.slug));
    const total = rows.slice(1).reduce((sum, r) => sum + Number(r[5]), 0);
    expect(total).toBe(catalogue.procedures.length);
    expect(rows[1]?.[6]).toBe(absoluteUrl(`/du-lieu/thu-tuc/${parts[0]?.slug}.csv`));
  });
});

/** A procedure with only the dates under test. */
function dated(overrides: Partial<Procedure>): Procedure {
  const { publication: _p, effectiveDate: _e, history: _h, ...rest } = sample;
  return { ...rest, lastReviewed: '2026-11-27', status: 'active', ...overrides };
}

const PUBLICATION = {
  decision: 'Quyết định số 1833/QĐ-BTP',
  date: '2025-06-27',
  issuer: 'Bộ Tư pháp',
};

describe('changes derived from the frontmatter', () => {
  test('no history: added on the publication date, changed on a later review', () => {
    const changes = procedureChanges(dated({ publication: PUBLICATION }));
    expect(changes.map((c) => [c.change, c.date, c.basis])).toEqual([
      ['them', '2025-06-27', 'publication'],
      ['sua', '2026-11-27', 'lastReviewed'],
    ]);
    expect(changes[0]?.summary).toBe(
      'Thủ tục được công bố tại Quyết định số 1833/QĐ-BTP của Bộ Tư pháp ngày 27/06/2025.',
    );
    expect(changes[1]?.summary).toContain('rà soát, cập nhật ngày 27/11/2026');
  });

  test('the effective date wins over the publication date', () => {
    const [added] = procedureChanges(
      dated({ publication: PUBLICATION, effectiveDate: '2025-07-01' }),
    );
    expect(added).toMatchObject({ change: 'them', date: '2025-07-01', basis: 'effectiveDate' });
    expect(added?.summary).toContain('có hiệu lực từ ngày 01/07/2025');
  });

  test('no date at all: added on the review date, said so, and no change', () => {
    const changes = procedureChanges(dated({}));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ change: 'them', date: '2026-11-27', basis: 'lastReviewed' });
    expect(changes[0]?.summary).toContain('ngày rà soát');
  });

  test('history is the record for the kinds it has; notes become summaries', () => {
    const changes = procedureChanges(
      dated({
        publication: PUBLICATION,
        history: [
          { date: '2026-03-01', change: 'sua', note: 'Giảm lệ phí theo Nghị quyết 12/2026.' },
          { date: '2025-08-01', change: 'them' },
        ],
      }),
    );
    expect(changes.map((c) => [c.change, c.date, c.basis])).toEqual([
      ['them', '2025-08-01', 'history'],
      ['sua', '2026-03-01', 'history'],
    ]);
    expect(changes[1]?.summary).toBe('Giảm lệ phí theo Nghị quyết 12/2026.');
  });

  test('a repeal comes from history, names the replacement, and stops derived changes', () => {
    const changes = procedureChanges(
      dated({
        status: 'repealed',
        replacedBy: '1.000001',
        publication: PUBLICATION,
        history: [{ date: '2026-07-01', change: 'bai-bo' }],
      }),
      (code) => (code === '1.000001' ? 'Thủ tục mới' : undefined),
    );
    expect(changes.map((c) => c.change)).toEqual(['them', 'bai-bo']);
    expect(changes[1]?.summary).toBe(
      'Thủ tục bãi bỏ từ ngày 01/07/2026. Thay thế bởi thủ tục 1.000001 (Thủ tục mới).',
    );
  });

  test('the catalogue: newest first, one entry per procedure, kind and day', () => {
    const a = dated({ code: '1.000001', slug: 'a', publication: PUBLICATION });
    const b = dated({
      code: '1.000002',
      slug: 'b',
      history: [
        { date: '2026-11-27', change: 'bai-bo' },
        { date: '2026-11-27', change: 'bai-bo' },
      ],
      status: 'repealed',
      replacedBy: '1.000001',
    });
    const changes = catalogueChanges([a, b]);
    expect(changes.map((c) => `${c.date} ${c.change} ${c.code}`)).toEqual([
      '2026-11-27 bai-bo 1.000002',
      '2026-11-27 sua 1.000001',
      '2026-11-27 them 1.000002',
      '2025-06-27 them 1.000001',
    ]);
    const real = catalogueChanges(catalogue.procedures);
    const dates = real.map((c) => c.date);
    expect(dates).toEqual([...dates].sort().reverse());
    for (const p of catalogue.procedures) {
      expect(real.filter((c) => c.code === p.code && c.change === 'them')).toHaveLength(1);
    }
  });
});

const NAME = '[A-Za-z_][\\w.:-]*';
const TAG = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(/?)>$`);
const TEXT = /^(?:[^<&]|&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)*$/;

/**
 * Well-formedness problems of XML in the subset the feed uses (a declaration, elements,
 * quoted attributes, text, the five entities); [] when well-formed. The served feed is
 * also parsed by Chromium's strict XML parser in tests/e2e/open-data.test.ts.
 */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml version="1\.0" encoding="utf-8"\?>\n/, '');
  if (body === xml) problems.push('no XML declaration');
  const open: string[] = [];
  let roots = 0;
  for (const token of body.split(/(<[^>]*>)/)) {
    if (!token.startsWith('<')) {
      if (!TEXT.test(token)) problems.push(`bad text: ${token.slice(0, 40)}`);
      if (open.length === 0 && token.trim()) problems.push(`text outside the root: ${token}`);
      if (xmlChars(token) !== token) problems.push('a character XML does not allow');
      continue;
    }
    const m = TAG.exec(token);
    if (!m) {
      problems.push(`bad tag: ${token}`);
      continue;
    }
    const [, close, name = '', attributes = '', empty] = m;
    if (!TEXT.test(attributes.replace(/"/g, ''))) problems.push(`bad attribute: ${token}`);
    if (close) {
      if (open.pop() !== name) problems.push(`unbalanced </${name}>`);
    } else {
      if (open.length === 0) roots++;
      if (!empty) open.push(name);
    }
  }
  if (open.length > 0) problems.push(`unclosed: ${open.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

test('the well-formedness check bites', () => {
  const ok = '<?xml version="1.0" encoding="utf-8"?>\n<a x="1"><b>A &amp; B</b><c/></a>\n';
  expect(xmlProblems(ok)).toEqual([]);
  for (const bad of [
    ok.replace('A &amp; B', 'A & B'),
    ok.replace('A &amp; B', 'A < B'),
    ok.replace('</b>', '</c>'),
    ok.replace('x="1"', 'x=1'),
    ok.replace('</a>', ''),
    `${ok}<d/>`,
    ok.replace('A &amp; B', 'A \u0001 B'),
  ]) {
    expect(xmlProblems(bad), bad).not.toEqual([]);
  }
});

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['entry', 'link'].includes(name),
});

interface AtomLink {
  rel: string;
  href: string;
  type?: string;
}
interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  summary: string;
  link: AtomLink[];
  category: { term: string; label: string };
}
interface AtomFeed {
  feed: {
    xmlns: string;
    id: string;
    title: string;
    updated: string;
    author: { name: string; uri: string };
    link: AtomLink[];
    rights: string;
    entry?: AtomEntry[];
  };
}

function feedOf(procedures: readonly Procedure[]): { xml: string; feed: AtomFeed['feed'] } {
  const xml = renderChangesFeed(catalogueChanges(procedures), {
    siteName: catalogue.site.name,
    localityName: catalogue.site.locality.name,
    absoluteUrl,
    licence: DEFAULT_LICENCE,
    fallbackUpdated: '2026-11-27T08:00:00.000Z',
  });
  expect(xmlProblems(xml)).toEqual([]);
  return { xml, feed: (parser.parse(xml) as AtomFeed).feed };
}

describe('thay-doi.atom and its yearly archives (RFC 5005)', () => {
  // More changes than the subscription feed holds, over three years.
  const many = Array.from({ length: FEED_SIZE + 150 }, (_, i) =>
    dated({
      code: `9.${String(i).padStart(6, '0')}`,
      slug: `thu-tuc-${i}`,
      effectiveDate: `${2024 + (i % 3)}-0${1 + (i % 9)}-1${i % 10}`,
      lastReviewed: '2024-01-01',
    }),
  );
  const changes = catalogueChanges(many);
  const options = {
    siteName: catalogue.site.name,
    localityName: catalogue.site.locality.name,
    absoluteUrl,
    licence: DEFAULT_LICENCE,
    fallbackUpdated: '2026-11-27T08:00:00.000Z',
  };
  const parse = (xml: string) => {
    expect(xmlProblems(xml)).toEqual([]);
    return (parser.parse(xml) as AtomFeed).feed as AtomFeed['feed'] & { 'fh:archive'?: string };
  };
  const href = (feed: AtomFeed['feed'], rel: string) => feed.link.find((l) => l.rel === rel)?.href;

  test('the subscription feed holds the newest FEED_SIZE changes and links the newest archive', () => {
    expect(changes.length).toBeGreaterThan(FEED_SIZE);
    const feed = parse(subscriptionFeed(changes, options));
    const ids = (feed.entry ?? []).map((e) => e.id);
    expect(ids).toHaveLength(FEED_SIZE);
    expect(ids).toEqual(
      changes
        .slice(0, FEED_SIZE)
        .map(
          (c) =>
            `tag:${new URL(catalogue.site.url).hostname},${c.date}:thu-tuc/${c.code}/${c.change}`,
        ),
    );
    expect(feed['fh:archive']).toBeUndefined();
    expect(href(feed, 'prev-archive')).toBe(absoluteUrl('/du-lieu/thay-doi/2026.atom'));
  });

  test('every change is in the archive of its year; archives chain prev/next and point to the feed', () => {
    expect(feedYears(changes)).toEqual(['2024', '2025', '2026']);
    const seen: string[] = [];
    for (const year of feedYears(changes)) {
      const xml = archiveFeed(changes, year, options);
      const feed = parse(xml);
      expect(xml).toContain('<fh:archive/>');
      expect(feed.id).toBe(absoluteUrl(`/du-lieu/thay-doi/${year}.atom`));
      expect(feed.title).toContain(`năm ${year}`);
      expect(href(feed, 'current')).toBe(absoluteUrl('/du-lieu/thay-doi.atom'));
      const before = String(Number(year) - 1);
      const after = String(Number(year) + 1);
      expect(href(feed, 'prev-archive')).toBe(
        year === '2024' ? undefined : absoluteUrl(`/du-lieu/thay-doi/${before}.atom`),
      );
      expect(href(feed, 'next-archive')).toBe(
        year === '2026' ? undefined : absoluteUrl(`/du-lieu/thay-doi/${after}.atom`),
      );
      for (const e of feed.entry ?? []) {
        expect(e.updated.startsWith(year)).toBe(true);
        seen.push(e.id);
      }
    }
    expect(seen).toHaveLength(changes.length);
    expect(new Set(seen).size).toBe(changes.length);
  });
});

describe('thay-doi.atom', () => {
  test('a valid Atom 1.0 feed: id, title, updated, author, self link', () => {
    const { xml, feed } = feedOf(catalogue.procedures);
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed ')).toBe(true);
    expect(feed.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe(absoluteUrl('/du-lieu/thay-doi.atom'));
    expect(feed.title).toContain(catalogue.site.locality.name);
    expect(feed.author.name).toBe(catalogue.site.name);
    expect(feed.link).toContainEqual({
      rel: 'self',
      type: 'application/atom+xml',
      href: absoluteUrl('/du-lieu/thay-doi.atom'),
    });
    expect(feed.rights).toContain(DEFAULT_LICENCE.url);
    const entries = feed.entry ?? [];
    expect(entries).toHaveLength(catalogueChanges(catalogue.procedures).length);
    expect(feed.updated).toBe(entries[0]?.updated);
  });

  test('entries: stable tag ids, titled by kind, dated, newest first, linked to the page', () => {
    const { feed } = feedOf(catalogue.procedures);
    const entries = feed.entry ?? [];
    const host = new URL(catalogue.site.url).hostname;
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    for (const e of entries) {
      expect(e.id).toMatch(
        new RegExp(
          `^tag:${host.replace(/\./g, '\\.')},\\d{4}-\\d{2}-\\d{2}:thu-tuc/[0-9DP.]+/(them|sua|bai-bo)$`,
        ),
      );
      expect(e.title).toMatch(/^(Bổ sung|Sửa đổi|Bãi bỏ): \S/);
      expect(e.updated).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00\+07:00$/);
      expect(e.summary.length).toBeGreaterThan(10);
      expect(e.link[0]?.rel).toBe('alternate');
      expect(e.link[0]?.href).toMatch(/^https?:\/\/[^/]+\/thu-tuc\/[a-z0-9-]+\/$/);
    }
    const updated = entries.map((e) => e.updated);
    expect(updated).toEqual([...updated].sort().reverse());
    // Built twice, the same ids: readers do not see old changes as new.
    expect(feedOf(catalogue.procedures).feed.entry?.map((e) => e.id)).toEqual(
      entries.map((e) => e.id),
    );
  });

  test('& < > and quotes in titles are escaped; control characters dropped', () => {
    const title = 'Hồ sơ A & B <b>đậm</b> "trích" \u0001';
    const { xml, feed } = feedOf([dated({ title })]);
    expect(xml).toContain(
      '<title>Bổ sung: Hồ sơ A &amp; B &lt;b&gt;đậm&lt;/b&gt; &quot;trích&quot; </title>',
    );
    expect(feed.entry?.[0]?.title).toBe('Bổ sung: Hồ sơ A & B <b>đậm</b> "trích"');
  });

  test('characters XML 1.0 forbids are dropped, lone surrogates replaced, tab and line breaks kept', () => {
    expect(xmlChars('\u0001a\tb\nc\r\uFFFEd\uD800e\u0000')).toBe('a\tb\nc\rd\uFFFDe');
  });

  test('xmlEscape: any text comes back from an XML parser as itself', () => {
    const strict = new XMLParser({
      processEntities: true,
      trimValues: false,
      parseTagValue: false,
    });
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const xml = `<t>${xmlEscape(text)}</t>`;
        if (xmlProblems(`<?xml version="1.0" encoding="utf-8"?>\n${xml}`).length > 0) return false;
        const clean = xmlChars(text);
        const parsed = (strict.parse(xml) as { t?: string }).t ?? '';
        return parsed === clean.replace(/\r\n?/g, '\n') || parsed === clean;
      }),
      { numRuns: 300 },
    );
  });

  test('dates are whole days in Vietnam time', () => {
    expect(atomDate('2026-07-01')).toBe('2026-07-01T00:00:00+07:00');
  });
});

describe('the licence', () => {
  test('the locality declares one; without it, CC BY 4.0', () => {
    expect(openDataLicence(catalogue.site)).toEqual({
      name: 'Giấy phép Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)',
      url: 'https://creativecommons.org/licenses/by/4.0/deed.vi',
    });
    const { openData: _o, ...bare } = catalogue.site;
    expect(openDataLicence(bare)).toEqual(DEFAULT_LICENCE);
  });
});

const FIXTURE = 'tests/fixtures/locality-b';
const PROC = 'procedures/khai-sinh.md';

/** The second locality with its one procedure edited, plus an active replacement procedure. */
async function fixtureWith(edit: (text: string) => string): Promise<ContentSource> {
  const source = await readContentSource(FIXTURE);
  const original = source.files.find((f) => f.rel === PROC);
  if (!original) throw new Error(`${PROC} missing from ${FIXTURE}`);
  const replacement = {
    rel: 'procedures/khai-sinh-moi.md',
    display: 'content/procedures/khai-sinh-moi.md',
    text: original.text.replace('code: "1.001193"', 'code: "1.009999"'),
  };
  return {
    ...source,
    files: [
      ...source.files.map((f) => (f.rel === PROC ? { ...f, text: edit(f.text) } : f)),
      replacement,
    ],
  };
}

function build(source: ContentSource): { catalogue?: Catalogue; issues: ContentIssue[] } {
  try {
    return { catalogue: buildCatalogue(source), issues: [] };
  } catch (error) {
    if (error instanceof ContentError) return { issues: error.issues };
    throw error;
  }
}

const repealed = (history: string) => (t: string) =>
  t.replace('lastReviewed', `status: repealed\nreplacedBy: "1.009999"\n${history}lastReviewed`);

describe('history in the procedure frontmatter', () => {
  test('a repealed procedure without a dated repeal is an error telling the editor what to add', async () => {
    const { issues } = build(await fixtureWith(repealed('')));
    const issue = issues.find((i) => i.path.join('.') === 'history');
    expect(issue, JSON.stringify(issues, null, 2)).toBeDefined();
    expect(issue?.file).toBe(`content/${PROC}`);
    expect(issue?.message).toMatch(
      /thủ tục đã bãi bỏ \(repealed\) phải ghi ngày bãi bỏ trong history/,
    );
    expect(issue?.message).toContain('change: bai-bo');
    expect(new ContentError(issues).message).toContain('Lịch sử thay đổi (history)');
  });

  test('with the repeal recorded, the catalogue builds and the feed has it', async () => {
    const { catalogue: built, issues } = build(
      await fixtureWith(
        repealed(
          'history:\n  - date: 01/07/2026\n    change: bai-bo\n    note: Bãi bỏ theo Quyết định số 1/QĐ-UBND.\n',
        ),
      ),
    );
    expect(issues).toEqual([]);
    const p = built?.procedures.find((x) => x.code === '1.001193');
    expect(p?.history).toEqual([
      { date: '2026-07-01', change: 'bai-bo', note: 'Bãi bỏ theo Quyết định số 1/QĐ-UBND.' },
    ]);
    const changes = catalogueChanges(built?.procedures ?? []);
    expect(changes[0]).toMatchObject({ code: '1.001193', change: 'bai-bo', date: '2026-07-01' });
    expect(changes[0]?.summary).toBe(
      'Bãi bỏ theo Quyết định số 1/QĐ-UBND. Thay thế bởi thủ tục 1.009999 (Đăng ký khai sinh).',
    );
  });

  test.each([
    {
      mistake: 'unknown kind of change',
      history: 'history:\n  - date: 2026-07-01\n    change: xoa\n',
      path: 'history.0.change',
      message: /chỉ nhận một trong các giá trị: them, sua, bai-bo/,
      label: 'Lịch sử thay đổi › mục 1 › Loại thay đổi',
    },
    {
      mistake: 'date that does not exist',
      history: 'history:\n  - date: 2026-02-30\n    change: them\n',
      path: 'history.0.date',
      message: /ngày "2026-02-30" không tồn tại/,
      label: 'Lịch sử thay đổi › mục 1 › Ngày thay đổi',
    },
    {
      mistake: 'missing date',
      history: 'history:\n  - change: sua\n',
      path: 'history.0.date',
      message: /thiếu trường bắt buộc/,
      label: 'Lịch sử thay đổi › mục 1 › Ngày thay đổi',
    },
    {
      mistake: 'misspelt key',
      history: 'history:\n  - date: 2026-07-01\n    chnage: sua\n',
      path: 'history.0.chnage',
      message: /trường "chnage" không có/,
      label: undefined,
    },
  ])('$mistake', async ({ history, path, message, label }) => {
    const { issues } = build(
      await fixtureWith((t) => t.replace('lastReviewed', `${history}lastReviewed`)),
    );
    const issue = issues.find((i) => i.path.join('.') === path);
    expect(issue, JSON.stringify(issues, null, 2)).toBeDefined();
    expect(issue?.message).toMatch(message);
    if (label) expect(issue?.label).toBe(label);
  });

  test('a repeal as the latest change of an active procedure is an error', async () => {
    const { issues } = build(
      await fixtureWith((t) =>
        t.replace(
          'lastReviewed',
          'history:\n  - date: 2026-07-01\n    change: bai-bo\nlastReviewed',
        ),
      ),
    );
    const issue = issues.find((i) => i.path.join('.') === 'status');
    expect(issue?.message).toMatch(/thay đổi mới nhất trong history là bãi bỏ/);
  });

  test('history stays optional: the real catalogue and the fixture build without it', async () => {
    expect(build(await fixtureWith((t) => t)).issues).toEqual([]);
    expect(catalogue.procedures.length).toBeGreaterThan(0);
  });
});
