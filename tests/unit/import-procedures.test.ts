import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import writeExcelFile from 'write-excel-file/node';
import { afterAll, describe, expect, test } from 'vitest';
import { parseContentFile } from '../../src/catalogue/parse.ts';
import { loadCatalogue } from '../../src/catalogue/read.ts';
import { matchHeader } from '../../scripts/lib/import/columns.ts';
import { matchAgencies, matchField } from '../../scripts/lib/import/match.ts';
import { failingFiles, formatReport } from '../../scripts/lib/import/report.ts';
import { csvTable, importProcedures } from '../../scripts/lib/import/run.ts';
import { parseCsv } from '../../scripts/lib/import/table.ts';
import { updateFile } from '../../scripts/lib/import/update.ts';
import {
  listItems,
  parseDocuments,
  parseFees,
  parseLegal,
  parseLevels,
  parseTime,
} from '../../scripts/lib/import/text.ts';

const FIXTURES = resolve('tests/fixtures/import');
const CSV = join(FIXTURES, 'quyet-dinh-cong-bo.csv');
const TODAY = '2026-02-03';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh copy of the fixture locality: <root>/content with one existing procedure. */
function locality(): string {
  const root = mkdtempSync(join(tmpdir(), 'mot-cua-import-'));
  dirs.push(root);
  cpSync(join(FIXTURES, 'content'), join(root, 'content'), { recursive: true });
  return root;
}

/** The frontmatter of a written procedure file, as the content loader parses it. */
function frontmatter(path: string): Record<string, unknown> {
  const parsed = parseContentFile(path, readFileSync(path, 'utf8'), 'markdown').parsed;
  return parsed?.data as Record<string, unknown>;
}

describe('headers', () => {
  test.each([
    ['Mã thủ tục', 'code'],
    ['MÃ TTHC', 'code'],
    ['Ma thu tuc', 'code'],
    ['Mã hồ sơ TTHC', 'code'],
    ['Tên thủ tục hành chính', 'title'],
    ['ten tthc', 'title'],
    ['Lĩnh vực', 'field'],
    ['Cap thuc hien', 'level'],
    ['Trình tự thực hiện', 'steps'],
    ['Cách thức thực hiện', 'channels'],
    ['Thành phần, số lượng hồ sơ', 'documents'],
    ['Thoi han giai quyet (ngay lam viec)', 'time'],
    ['Thời gian giải quyết', 'time'],
    ['Đối tượng thực hiện TTHC', 'applicants'],
    ['Cơ quan thực hiện', 'agencies'],
    ['Địa điểm thực hiện', 'agencies'],
    ['Kết quả thực hiện TTHC', 'result'],
    ['Phí, lệ phí (nếu có)', 'fees'],
    ['Le phi', 'fees'],
    ['Căn cứ pháp lý của TTHC', 'legalBasis'],
    ['Can cu phap ly', 'legalBasis'],
    ['Yêu cầu, điều kiện thực hiện', 'conditions'],
    ['Tên mẫu đơn, mẫu tờ khai', 'forms'],
    ['Số quyết định', 'publication'],
    ['DVC trực tuyến', 'online'],
    ['Thủ tục hành chính liên quan', 'related'],
    ['STT', 'ignore'],
  ])('"%s" → %s', (header, key) => {
    expect(matchHeader(header)).toBe(key);
  });

  test('unknown headers stay unknown', () => {
    expect(matchHeader('Ghi chú nội bộ')).toBeUndefined();
    expect(matchHeader('')).toBeUndefined();
  });
});

describe('CSV', () => {
  test('BOM, quoted cells with separators, doubled quotes and line breaks', () => {
    const rows = parseCsv('\uFEFFa;"b;c";"d ""e"""\r\n1;"x\r\ny";3\n', ';');
    expect(rows).toEqual([
      ['a', 'b;c', 'd "e"'],
      ['1', 'x\ny', '3'],
    ]);
  });

  test('the separator Excel declares with "sep=" wins', () => {
    const table = csvTable('sep=;\r\nMã thủ tục;Tên thủ tục\r\n1.001193;Đăng ký khai sinh\r\n');
    expect(table.delimiter).toBe(';');
    expect(table.rows[0]).toEqual(['Mã thủ tục', 'Tên thủ tục']);
  });

  test('the separator is the one that yields a header row', () => {
    expect(
      csvTable('Mã thủ tục,Tên thủ tục,Lĩnh vực\n1.001193,"Đăng ký, khai sinh",Hộ tịch').delimiter,
    ).toBe(',');
    expect(
      csvTable('Mã thủ tục;Tên thủ tục;Lĩnh vực\n1.001193;Đăng ký, khai sinh;Hộ tịch').delimiter,
    ).toBe(';');
  });
});

describe('free text', () => {
  test('lists split on line breaks, ";" and bullets; wrapped lines join', () => {
    expect(
      listItems('- Tờ khai;\n+ Giấy chứng sinh\n• Giấy tờ\ntùy thân', { semicolons: true }),
    ).toEqual(['Tờ khai', 'Giấy chứng sinh', 'Giấy tờ tùy thân']);
    expect(listItems('Bước 1: Nộp hồ sơ. Bước 2: Nhận kết quả.', { steps: true })).toEqual([
      'Nộp hồ sơ.',
      'Nhận kết quả.',
    ]);
  });

  test('processing time in working days', () => {
    expect(parseTime('15 ngày làm việc')).toEqual({ days: 15, unsure: [] });
    expect(parseTime('Trong ngày').days).toBe(0);
    expect(parseTime('05 (năm) ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ')).toEqual({
      days: 5,
      unsure: [],
    });
    const two = parseTime(
      '03 ngày làm việc; trường hợp cần xác minh thì không quá 10 ngày làm việc',
    );
    expect(two.days).toBe(3);
    expect(two.note).toContain('10 ngày làm việc');
    expect(two.unsure).toHaveLength(1);
    expect(parseTime('30 ngày').unsure[0]).toContain('ngày làm việc');
    expect(parseTime('theo quy định').days).toBeUndefined();
  });

  test('fees', () => {
    expect(parseFees('Không').fees).toEqual([]);
    expect(parseFees('Miễn phí').fees).toEqual([]);
    expect(parseFees('Lệ phí: 20.000 đồng').fees).toEqual([
      { name: 'Lệ phí', kind: 'le-phi', amount: 20000 },
    ]);
    expect(parseFees('Phí chứng thực: 2.000đ/trang').fees).toEqual([
      { name: 'Phí chứng thực', kind: 'phi', amount: 2000, unit: 'trang' },
    ]);
    const council = parseFees('Mức thu do HĐND tỉnh quy định');
    expect(council.fees[0]?.note).toBe('Mức thu do HĐND tỉnh quy định');
    expect(council.fees[0]?.amount).toBeUndefined();
    expect(council.unsure[0]).toContain('HĐND');
    expect(parseFees('Lệ phí: 8.000 đồng\nMiễn lệ phí cho hộ nghèo').exemptions).toEqual([
      'Miễn lệ phí cho hộ nghèo',
    ]);
  });

  test('levels', () => {
    expect(parseLevels('Cấp xã')).toEqual(['xa']);
    expect(parseLevels('Cấp Huyện')).toEqual(['huyen']);
    expect(parseLevels('Cấp tỉnh')).toEqual(['tinh']);
    expect(parseLevels('Cấp Tỉnh, Cấp Xã')).toEqual(['tinh', 'xa']);
    expect(parseLevels('Thị xã')).toEqual(['huyen']);
  });

  test('documents with counts, sets and headings', () => {
    const parsed = parseDocuments(
      '- Tờ khai (Bản chính: 1 - Bản sao: 0)\n- CCCD (01 bản sao)\nTrường hợp nộp thay:\n- Văn bản ủy quyền\nSố lượng hồ sơ: 02 bộ',
    );
    expect(parsed.sets).toBe(2);
    expect(parsed.documents).toEqual([
      { name: 'Tờ khai', originals: 1, copies: 0 },
      { name: 'CCCD', originals: 0, copies: 1 },
      { name: 'Văn bản ủy quyền', condition: 'Trường hợp nộp thay' },
    ]);
  });

  test('legal documents', () => {
    expect(parseLegal('Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014 của Quốc hội')).toEqual({
      number: '60/2014/QH13',
      title: 'Luật Hộ tịch',
      date: '2014-11-20',
      issuer: 'Quốc hội',
    });
    expect(parseLegal('60/2014/QH13 | Luật Hộ tịch | 20/11/2014 | Quốc hội')?.title).toBe(
      'Luật Hộ tịch',
    );
    expect(parseLegal('Thông tư số 85/2019/TT-BTC ngày 29 tháng 11 năm 2019')?.issuer).toBe(
      'Bộ Tài chính',
    );
    expect(parseLegal('Luật Hộ tịch năm 2014')).toBeUndefined();
  });

  test('fields and agencies by name', async () => {
    const catalogue = await loadCatalogue(join(FIXTURES, 'content'));
    expect(matchField('Hộ tịch', catalogue.fields)).toMatchObject({
      slug: 'ho-tich',
      how: 'exact',
    });
    expect(matchField('Chứng thực (Bộ Tư pháp)', catalogue.fields).slug).toBe('chung-thuc');
    expect(matchField('Quản lý cư trú', catalogue.fields)).toMatchObject({
      slug: 'cu-tru',
      how: 'partial',
    });
    expect(matchField('Đất đai', catalogue.fields)).toMatchObject({
      slug: 'dat-dai',
      how: 'unknown',
    });
    const generic = matchAgencies('Ủy ban nhân dân xã, phường, thị trấn', catalogue.agencies);
    expect(generic.slugs).toEqual(['ubnd-xa-an-binh', 'ubnd-xa-binh-minh']);
    expect(generic.unsure).toHaveLength(1);
    expect(matchAgencies('UBND xã An Bình', catalogue.agencies).slugs).toEqual(['ubnd-xa-an-binh']);
    expect(matchAgencies('Phòng Tư pháp huyện', catalogue.agencies).slugs).toEqual([
      'phong-tu-phap',
    ]);
    expect(matchAgencies('Công an xã', catalogue.agencies).unknown).toEqual(['Công an xã']);
  });
});

describe('importing a provincial publication decision (CSV, BOM, semicolons)', async () => {
  const root = locality();
  const report = await importProcedures({
    input: CSV,
    contentDir: 'content',
    outDir: 'content/procedures',
    today: TODAY,
    cwd: root,
  });
  const text = formatReport(report);
  const procedures = join(root, 'content', 'procedures');

  test('finds the header below the title row and reports the unknown column', () => {
    expect(report.format).toBe('CSV');
    expect(report.delimiter).toBe(';');
    expect(report.headerRow).toBe(2);
    expect(report.columns.filter((c) => !c.key).map((c) => c.header)).toEqual(['Ghi chú nội bộ']);
    expect(text).toContain('Cột không nhận ra (1)');
    expect(text).toContain('R "Ghi chú nội bộ"');
  });

  test('imports four rows, skips the group heading, the row without a code and the existing code', () => {
    expect(report.imported.map((f) => [f.row, f.code, f.display])).toEqual([
      [4, '1.001193', 'content/procedures/dang-ky-khai-sinh.md'],
      [5, '2.000635', 'content/procedures/cap-ban-sao-trich-luc-ho-tich-ban-sao-giay-khai-sinh.md'],
      [8, '1.004873', 'content/procedures/cap-giay-xac-nhan-tinh-trang-hon-nhan.md'],
      [9, '1.001612', 'content/procedures/dang-ky-thanh-lap-ho-kinh-doanh.md'],
    ]);
    expect(report.skipped.map((s) => s.row)).toEqual([3, 6, 7]);
    expect(report.skipped[1]?.reason).toBe('thiếu mã thủ tục (thủ tục "Đăng ký kết hôn")');
    expect(report.skipped[2]?.reason).toContain(
      'đã có trong content/procedures/chung-thuc-ban-sao-tu-ban-chinh.md',
    );
    expect(text).toContain('• Dòng 6: thiếu mã thủ tục');
    expect(text).toContain('--force');
  });

  test('maps multi-line cells, days, fees, levels, agencies and legal documents', () => {
    const ks = frontmatter(join(procedures, 'dang-ky-khai-sinh.md'));
    expect(ks).toMatchObject({
      code: '1.001193',
      title: 'Đăng ký khai sinh',
      field: 'ho-tich',
      level: 'xa',
      agencies: ['ubnd-xa-an-binh', 'ubnd-xa-binh-minh'],
      online: 'khong',
      fees: [],
      lastReviewed: TODAY,
      publication: {
        decision: 'Quyết định số 1833/QĐ-BTP',
        date: '2025-06-30',
        issuer: 'Bộ Tư pháp',
      },
    });
    expect(ks.steps).toHaveLength(3);
    expect((ks.steps as string[])[1]).toBe(
      'Công chức tư pháp – hộ tịch kiểm tra hồ sơ; nếu đầy đủ, hợp lệ thì ghi vào Sổ đăng ký khai sinh.',
    );
    expect(ks.channels).toEqual([
      { type: 'truc-tiep', note: 'Trực tiếp tại Bộ phận Một cửa' },
      { type: 'buu-chinh' },
    ]);
    expect(ks.time).toMatchObject({ days: 0 });
    expect(ks.documents).toEqual([
      { name: 'Tờ khai đăng ký khai sinh theo mẫu', originals: 1, copies: 0 },
      { name: 'Giấy chứng sinh', originals: 1, copies: 0 },
      {
        name: 'Văn bản ủy quyền có chứng thực',
        originals: 1,
        copies: 0,
        condition: 'Trường hợp nộp thay',
      },
    ]);
    expect(ks.legalBasis).toEqual([
      { number: '60/2014/QH13', title: 'Luật Hộ tịch', date: '2014-11-20', issuer: 'Quốc hội' },
      {
        number: '123/2015/NĐ-CP',
        title: 'Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch',
        date: '2015-11-15',
        issuer: 'Chính phủ',
      },
    ]);
    const fields = (ks.pending as { field: string; note: string }[]).map((p) => p.field);
    expect(fields).toEqual(['lastReviewed', 'agencies', 'online', 'Ghi chú nội bộ']);

    const copy = frontmatter(
      join(procedures, 'cap-ban-sao-trich-luc-ho-tich-ban-sao-giay-khai-sinh.md'),
    );
    expect(copy.fees).toEqual([{ name: 'Lệ phí', kind: 'le-phi', amount: 8000, unit: 'bản' }]);
    expect(copy.agencies).toEqual(['ubnd-xa-an-binh', 'ubnd-xa-binh-minh']);

    const marriage = frontmatter(join(procedures, 'cap-giay-xac-nhan-tinh-trang-hon-nhan.md'));
    expect(marriage.fees).toEqual([{ name: 'Lệ phí', kind: 'le-phi', amount: 20000 }]);
    expect(marriage.time).toEqual({ days: 3 });
    expect(marriage.legalBasis).toHaveLength(1);
  });

  test('reports the cells it could not map and puts them under pending', () => {
    const legal = report.cells.find((c) => c.row === 8 && c.column === 'Căn cứ pháp lý');
    expect(legal?.problem).toContain('"Luật Hộ tịch năm 2014"');
    expect(text).toContain('Dòng 8, cột "Căn cứ pháp lý"');
    expect(text).toContain('Cách xử lý: ghi văn bản này vào legalBasis');
    const marriage = frontmatter(join(procedures, 'cap-giay-xac-nhan-tinh-trang-hon-nhan.md'));
    expect(
      (marriage.pending as { field: string; note: string }[]).some(
        (p) => p.field === 'legalBasis' && p.note.includes('Luật Hộ tịch năm 2014'),
      ),
    ).toBe(true);
  });

  test('validates the files with the content loader and reports the one that still fails', async () => {
    expect(failingFiles(report)).toEqual(['content/procedures/dang-ky-thanh-lap-ho-kinh-doanh.md']);
    expect(report.failing.map((i) => i.path.join('.'))).toEqual(['field', 'agencies.0']);
    expect(text).toContain('✗ 1/4 tệp chưa hợp lệ');
    expect(text).toContain('unknown field');
    // The loader agrees: without that file the catalogue is valid, and the imported files
    // are listed as pending for editors.
    rmSync(join(procedures, 'dang-ky-thanh-lap-ho-kinh-doanh.md'));
    const catalogue = await loadCatalogue(join(root, 'content'));
    expect(catalogue.procedures).toHaveLength(4);
    const ks = catalogue.procedures.find((p) => p.code === '1.001193');
    expect(ks?.pending.length).toBeGreaterThan(0);
    expect(ks?.documents[2]?.condition).toBe('Trường hợp nộp thay');
  });
});

describe('existing files, --dry-run and --force', () => {
  test('--dry-run writes nothing', async () => {
    const root = locality();
    const report = await importProcedures({
      input: CSV,
      contentDir: 'content',
      outDir: 'content/procedures',
      today: TODAY,
      dryRun: true,
      cwd: root,
    });
    expect(report.imported).toHaveLength(4);
    expect(formatReport(report)).toContain('CHẠY THỬ (--dry-run)');
    expect(existsSync(join(root, 'content/procedures/dang-ky-khai-sinh.md'))).toBe(false);
  });

  test('a second run skips every code it wrote; --force replaces the existing file', async () => {
    const root = locality();
    const options = { input: CSV, contentDir: 'content', outDir: 'content/procedures', cwd: root };
    await importProcedures({ ...options, today: TODAY });
    const file = join(root, 'content/procedures/dang-ky-khai-sinh.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('title: Đăng ký khai sinh', 'title: Đã sửa tay'),
    );
    const again = await importProcedures({ ...options, today: TODAY });
    expect(again.imported).toEqual([]);
    expect(readFileSync(file, 'utf8')).toContain('Đã sửa tay');

    const forced = await importProcedures({ ...options, today: TODAY, force: true });
    expect(forced.imported.map((f) => f.code)).toContain('2.000815');
    const replaced = forced.imported.find((f) => f.code === '2.000815');
    expect(replaced?.replaces).toBe('content/procedures/chung-thuc-ban-sao-tu-ban-chinh.md');
    expect(readFileSync(file, 'utf8')).toContain('title: Đăng ký khai sinh');
  });

  test('another output directory is validated together with content/', async () => {
    const root = locality();
    const report = await importProcedures({
      input: CSV,
      contentDir: 'content',
      outDir: 'nhap',
      today: TODAY,
      cwd: root,
    });
    expect(report.imported[0]?.display).toBe('nhap/dang-ky-khai-sinh.md');
    expect(existsSync(join(root, 'nhap/dang-ky-khai-sinh.md'))).toBe(true);
    expect(failingFiles(report)).toEqual(['nhap/dang-ky-thanh-lap-ho-kinh-doanh.md']);
  });
});

describe('refreshing existing files from the national database export (--update)', () => {
  const NATIONAL = join(FIXTURES, 'csdl-quoc-gia-cap-nhat.csv');
  const EXISTING = 'content/procedures/chung-thuc-ban-sao-tu-ban-chinh.md';

  /** The fixture locality with local edits in the existing file: a comment and guidance. */
  function edited(): string {
    const root = locality();
    const path = join(root, EXISTING);
    writeFileSync(
      path,
      `${readFileSync(path, 'utf8').replace('level: xa', 'level: xa # cấp xã theo quyết định của tỉnh')}\nHướng dẫn riêng của xã: mang theo bản chụp rõ nét.\n`,
    );
    return root;
  }

  test('only the national fields change; agencies, guidance, comments and review date stay; each change is listed', async () => {
    const root = edited();
    const report = await importProcedures({
      input: NATIONAL,
      contentDir: 'content',
      outDir: 'content/procedures',
      today: TODAY,
      update: true,
      cwd: root,
    });
    const text = formatReport(report);
    const after = readFileSync(join(root, EXISTING), 'utf8');
    const data = frontmatter(join(root, EXISTING));
    // National fields refreshed.
    expect(data.title).toBe(
      'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp',
    );
    expect(data.time).toEqual({ days: 2 });
    expect((data.legalBasis as { number: string }[]).map((l) => l.number)).toEqual([
      '23/2015/NĐ-CP',
      '226/2016/TT-BTC',
    ]);
    // Local edits kept: the agencies serving the locality (the export names "UBND cấp xã"),
    // the review date, the comment and the Markdown guidance.
    expect(data.agencies).toEqual(['ubnd-xa-an-binh', 'ubnd-xa-binh-minh']);
    expect(data.lastReviewed).toBe('2026-01-15');
    expect(after).toContain('# cấp xã theo quyết định của tỉnh');
    expect(after).toContain('Hướng dẫn riêng của xã: mang theo bản chụp rõ nét.');
    // The readable diff, per file and field, in Vietnamese.
    expect(text).toContain(`✎ ${EXISTING} ← dòng 2, mã 2.000815`);
    expect(text).toContain('• Thời hạn giải quyết: Trong ngày → 2 ngày làm việc');
    expect(text).toMatch(
      /• Trình tự thực hiện:\n\s+− Mang bản chính và bản chụp đến Bộ phận Một cửa xã\.\n\s+\+ Người yêu cầu chứng thực/,
    );
    expect(text).toContain('+ 226/2016/TT-BTC');
    expect(text).not.toContain('− 23/2015/NĐ-CP');
    expect(text).toContain('Giữ nguyên: cơ quan thực hiện tại địa phương, ngày rà soát.');
    expect(failingFiles(report)).toEqual([]);
    // The updated catalogue loads.
    const catalogue = await loadCatalogue(join(root, 'content'));
    expect(catalogue.procedures.find((p) => p.code === '2.000815')?.time.days).toBe(2);

    // A second run finds nothing to change and says so.
    const again = await importProcedures({
      input: NATIONAL,
      contentDir: 'content',
      outDir: 'content/procedures',
      today: TODAY,
      update: true,
      cwd: root,
    });
    expect(again.imported).toEqual([]);
    expect(formatReport(again)).toContain(`= ${EXISTING} (mã 2.000815): không có gì thay đổi`);
    expect(readFileSync(join(root, EXISTING), 'utf8')).toBe(after);
  });

  test('a form the national list drops is listed as removed; one it keeps keeps its local file and id', () => {
    const existing = `---\ncode: "1.000001"\ntitle: Thủ tục\nforms:\n  - id: to-khai\n    name: Tờ khai CT01\n    file: ct01.pdf\n  - id: cu\n    name: Mẫu cũ\n    file: cu.pdf\n---\nHướng dẫn.\n`;
    const mapped = {
      row: 2,
      code: '1.000001',
      title: 'Thủ tục',
      cells: [],
      data: {
        forms: [
          { id: 'to-khai-ct01', name: 'Tờ khai CT01', code: 'Mẫu CT01' },
          { id: 'mau-moi', name: 'Mẫu mới' },
        ],
        pending: [],
      },
    };
    const updated = updateFile(existing, mapped, new Set(['forms'] as const));
    const forms = (
      parseContentFile('x.md', updated.text, 'markdown').parsed?.data as
        | { forms: Record<string, string>[] }
        | undefined
    )?.forms;
    expect(forms).toEqual([
      { id: 'to-khai', name: 'Tờ khai CT01', file: 'ct01.pdf', code: 'Mẫu CT01' },
      { id: 'mau-moi', name: 'Mẫu mới' },
    ]);
    expect(updated.changes.map((c) => [c.label, c.removed, c.added])).toEqual([
      [
        'Mẫu đơn, tờ khai',
        ['Tờ khai CT01 (file: ct01.pdf)', 'Mẫu cũ (file: cu.pdf)'],
        ['Tờ khai CT01 (file: ct01.pdf; code: Mẫu CT01)', 'Mẫu mới'],
      ],
    ]);
    expect(updated.text.endsWith('---\nHướng dẫn.\n')).toBe(true);
    // A column missing from the export changes nothing.
    expect(updateFile(existing, mapped, new Set(['title'] as const)).changes).toEqual([]);
  });

  test('--dry-run prints the same changes and writes nothing; --update with --force is refused', async () => {
    const root = edited();
    const before = readFileSync(join(root, EXISTING), 'utf8');
    const options = {
      input: NATIONAL,
      contentDir: 'content',
      outDir: 'content/procedures',
      today: TODAY,
      update: true,
      cwd: root,
    };
    const report = await importProcedures({ ...options, dryRun: true });
    const text = formatReport(report);
    expect(text).toContain('Sẽ cập nhật 1 thủ tục đã có');
    expect(text).toContain('• Thời hạn giải quyết: Trong ngày → 2 ngày làm việc');
    expect(readFileSync(join(root, EXISTING), 'utf8')).toBe(before);
    await expect(importProcedures({ ...options, force: true })).rejects.toThrow(
      /Chọn một trong hai: --update/,
    );
  });
});

describe('importing an XLSX export with headers without diacritics', async () => {
  const root = locality();
  const input = join(root, 'csdl-quoc-gia.xlsx');
  await writeExcelFile([
    [
      'Ma TTHC',
      'Ten thu tuc',
      'Linh vuc',
      'Cap thuc hien',
      'Trinh tu thuc hien',
      'Cach thuc thuc hien',
      'Thanh phan ho so',
      'Doi tuong thuc hien',
      'Co quan thuc hien',
      'Ket qua thuc hien',
      'Le phi',
      'Can cu phap ly',
      'Yeu cau, dieu kien',
      'Ma vach noi bo',
    ],
    [
      { value: 1.004194, type: Number },
      'Đăng ký tạm trú',
      'Đăng ký, quản lý cư trú',
      'Cấp Xã',
      'Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.',
      'Trực tiếp: 03 ngày làm việc\nTrực tuyến: 03 ngày làm việc',
      'Tờ khai thay đổi thông tin cư trú (Mẫu CT01) – 01 bản chính\nGiấy tờ chứng minh chỗ ở hợp pháp – 01 bản sao',
      'Công dân Việt Nam',
      'UBND xã Bình Minh',
      'Xác nhận đăng ký tạm trú',
      'Lệ phí: 15.000 đồng/lần đăng ký',
      'Luật Cư trú số 68/2020/QH14 ngày 13/11/2020 của Quốc hội',
      'Có chỗ ở hợp pháp',
      'X-001',
    ],
  ]).toFile(input);
  const report = await importProcedures({
    input,
    contentDir: 'content',
    outDir: 'content/procedures',
    today: TODAY,
    cwd: root,
  });

  test('matches the headers, maps the row and validates', () => {
    expect(report.format).toBe('XLSX');
    expect(report.columns.filter((c) => !c.key).map((c) => c.header)).toEqual(['Ma vach noi bo']);
    expect(report.imported.map((f) => f.code)).toEqual(['1.004194']);
    expect(report.failing).toEqual([]);
    const data = frontmatter(join(root, 'content/procedures/dang-ky-tam-tru.md'));
    expect(data).toMatchObject({
      code: '1.004194',
      field: 'cu-tru',
      level: 'xa',
      agencies: ['ubnd-xa-binh-minh'],
      time: { days: 3 },
      channels: [{ type: 'truc-tiep' }],
      conditions: ['Có chỗ ở hợp pháp'],
      fees: [{ name: 'Lệ phí', kind: 'le-phi', amount: 15000, unit: 'lần đăng ký' }],
    });
    expect(data.documents).toEqual([
      { name: 'Tờ khai thay đổi thông tin cư trú (Mẫu CT01)', originals: 1, copies: 0 },
      { name: 'Giấy tờ chứng minh chỗ ở hợp pháp', originals: 0, copies: 1 },
    ]);
    // No time column: the time comes from the channels, as the national database writes it.
    expect(report.cells.some((c) => c.column === 'Thoi han giai quyet')).toBe(false);
  });
});
