import type { z } from 'zod';
import { AGENCY_CODE_FIX, agencyCodeForm } from '../domain/agency-code.ts';
import { HISTORICAL_COMMUNE_UNITS } from '../domain/commune.ts';
import { FIXED_PATHS, normalisePath, routes } from '../domain/routes.ts';
import { type Agency, agencyFile, DESK_KINDS, isDeskKind } from '../schemas/agency.ts';
import { type CalendarYearFile, calendarYearFile } from '../schemas/calendar.ts';
import { type IndicatorFramework, indicatorFrameworkFile } from '../schemas/indicators.ts';
import { type NotificationTemplates, notificationsFile } from '../schemas/notifications.ts';
import { type ReportedYear, reportedYearFile } from '../schemas/statistics.ts';
import { SLUG_RE } from '../schemas/common.ts';
import { type Field, fieldsFile } from '../schemas/field.ts';
import { type Procedure, procedureFrontmatter } from '../schemas/procedure.ts';
import { type Chain, chainFile } from '../schemas/chain.ts';
import { checkChain } from './validate-chains.ts';
import { ruleSetFile } from '../schemas/rule-set.ts';
import { HISTORICAL_LOCALITY_KINDS, type Site, siteFile } from '../schemas/site.ts';
import { type AdminUnitEntry, unitsFile } from '../schemas/units.ts';
import { describeAt, describePath } from './describe.ts';
import { type ContentIssue, ContentError } from './issues.ts';
import { type ParsedFile, parseContentFile } from './parse.ts';
import { checkRuleSets } from './rule-sets.ts';
import { closest, referenceHint } from './suggest.ts';
import { checkAgencyCommunes, checkUnitLinks } from './validate-units.ts';
import type { Catalogue } from './types.ts';

/** One text file of the content directory. */
export interface ContentSourceFile {
  /** Path inside the content directory, with forward slashes: `procedures/x.md`. */
  rel: string;
  /** Path to show in messages, e.g. `content/procedures/x.md`. */
  display: string;
  text: string;
}

export interface ContentSource {
  files: ContentSourceFile[];
  /** Other files inside the content directory (forms, media), as `rel` paths. */
  assets: string[];
}

/** Procedure file names that would collide with catalogue pages under /thu-tuc/. */
const RESERVED_PROCEDURE_SLUGS = new Set(['linh-vuc', 'cap', 'truc-tuyen', 'trang']);

const valueAt = (data: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === 'object'
        ? (node as Record<PropertyKey, unknown>)[key]
        : undefined,
    data,
  );

const show = (value: unknown): string => {
  if (value === undefined) return '(trống)';
  if (typeof value === 'string') return `"${value}"`;
  const json = JSON.stringify(value);
  return json && json.length > 60 ? `${json.slice(0, 57)}...` : String(json);
};

function labelFor(schema: z.core.$ZodType, path: readonly PropertyKey[]): string {
  return describePath(schema, path)
    .map((info, i) => info.title ?? String(path[i]))
    .join(' › ');
}

function hintFor(schema: z.core.$ZodType, path: readonly PropertyKey[]): string | undefined {
  const info = describePath(schema, path).at(-1);
  if (!info) return undefined;
  const parts: string[] = [];
  if (info.description) parts.push(info.description);
  if (info.examples?.length) parts.push(`Ví dụ: ${String(path.at(-1))}: ${show(info.examples[0])}`);
  return parts.join(' ') || undefined;
}

/** Turns zod issues into editor-facing issues with labels, lines and fixes. */
function zodIssues(
  file: string,
  parsed: ParsedFile,
  schema: z.core.$ZodType,
  error: z.core.$ZodError,
): ContentIssue[] {
  const out: ContentIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path as PropertyKey[];
    if (issue.code === 'unrecognized_keys') {
      const allowed = describeAt(schema, path).keys ?? [];
      for (const key of issue.keys) {
        const guess = closest(key, allowed);
        out.push({
          file,
          line: parsed.lineOf([...path, key]),
          path: [...path, key],
          message: `trường "${key}" không có trong mẫu nội dung (unknown key)`,
          fix: guess
            ? `Có phải ý bạn là "${guess}"? Đổi tên trường thành "${guess}".`
            : `Xóa trường này. Các trường hợp lệ: ${allowed.join(', ')}.`,
        });
      }
      continue;
    }
    const value = valueAt(parsed.data, path);
    const missing = value === undefined && issue.code === 'invalid_type';
    out.push({
      file,
      line: parsed.lineOf(path),
      path,
      label: labelFor(schema, path),
      message: missing
        ? 'thiếu trường bắt buộc (required field missing)'
        : `${issue.message}; giá trị hiện tại: ${show(value)}`,
      fix: missing
        ? `Thêm trường "${String(path.at(-1))}". ${hintFor(schema, path) ?? ''}`.trim()
        : hintFor(schema, path),
    });
  }
  return out;
}

interface Checked<T> {
  value?: T;
  parsed?: ParsedFile;
}

function check<S extends z.core.$ZodType>(
  file: ContentSourceFile,
  kind: 'yaml' | 'markdown',
  schema: S,
  issues: ContentIssue[],
): Checked<z.output<S>> {
  const { parsed, issues: syntax } = parseContentFile(file.display, file.text, kind);
  // Syntax issues that point at a field get its Vietnamese label too ("Phí, lệ phí › mục 1 › …").
  issues.push(
    ...syntax.map((issue) =>
      issue.path?.length && !issue.label
        ? { ...issue, label: labelFor(schema, issue.path) }
        : issue,
    ),
  );
  if (!parsed) return {};
  const result = (schema as unknown as z.ZodType).safeParse(parsed.data);
  if (!result.success) {
    issues.push(...zodIssues(file.display, parsed, schema, result.error));
    return { parsed };
  }
  return { value: result.data as z.output<S>, parsed };
}

const slugOf = (rel: string) => rel.replace(/^.*\//, '').replace(/\.[^.]+$/, '');

const HISTORY_FIX =
  'Từ 01/07/2025 không còn cấp huyện và thị trấn. Nếu cổng trình bày một địa phương trước 01/07/2025, ghi trong site.yaml: locality: { historical: true }.';

/**
 * Units abolished on 01/07/2025 (cấp huyện, thị trấn) are allowed only in a historical
 * locality build (`locality.historical: true`), so the current catalogue cannot slip back.
 */
function historicalUnits(
  site: Site,
  siteSource: ContentSourceFile,
  siteParsed: ParsedFile | undefined,
  agencies: readonly Agency[],
  agencyParsed: ReadonlyMap<string, ParsedFile>,
  procedures: readonly Procedure[],
  procParsed: ReadonlyMap<string, ParsedFile>,
  issues: ContentIssue[],
): void {
  if (site.locality.historical) return;
  if (HISTORICAL_LOCALITY_KINDS.includes(site.locality.kind)) {
    issues.push({
      file: siteSource.display,
      line: siteParsed?.lineOf(['locality', 'kind']),
      path: ['locality', 'kind'],
      label: 'Địa phương › Cấp địa phương',
      message: `cấp "${site.locality.kind}" chỉ dùng cho bản lịch sử trước 01/07/2025 (abolished level)`,
      fix: `Ghi kind: tinh hoặc xa. ${HISTORY_FIX}`,
    });
  }
  for (const a of agencies) {
    const parsed = agencyParsed.get(a.slug);
    if (a.level === 'huyen') {
      issues.push({
        file: a.source,
        line: parsed?.lineOf(['level']),
        path: ['level'],
        label: 'Cấp',
        message: 'cơ quan cấp huyện không còn từ 01/07/2025 (abolished level)',
        fix: `Ghi level: tinh hoặc xa. ${HISTORY_FIX}`,
      });
    }
    if (a.commune && HISTORICAL_COMMUNE_UNITS.includes(a.communeUnit)) {
      issues.push({
        file: a.source,
        line: parsed?.lineOf(['communeUnit']),
        path: ['communeUnit'],
        label: 'Loại đơn vị cấp xã',
        message: `đơn vị "${a.communeUnit}" không còn từ 01/07/2025 (abolished unit)`,
        fix: `Ghi communeUnit: xa, phuong hoặc dac-khu. ${HISTORY_FIX}`,
      });
    }
  }
  for (const p of procedures) {
    if (p.level !== 'huyen') continue;
    issues.push({
      file: p.source,
      line: procParsed.get(p.slug)?.lineOf(['level']),
      path: ['level'],
      label: 'Cấp thực hiện',
      message: 'thủ tục cấp huyện không còn từ 01/07/2025 (abolished level)',
      fix: `Ghi level: xa hoặc tinh theo quyết định công bố mới. ${HISTORY_FIX}`,
    });
  }
}

/** A year file (calendar, statistics) must be named after its year: 2026.yaml holds 2026. */
function yearMatchesFileName(
  file: ContentSourceFile,
  year: number,
  parsed: ParsedFile | undefined,
  issues: ContentIssue[],
): boolean {
  const named = slugOf(file.rel);
  if (named === String(year)) return true;
  issues.push({
    file: file.display,
    line: parsed?.lineOf(['year']),
    path: ['year'],
    label: 'Năm',
    message: `tệp ${named}.yaml ghi năm ${year} (year does not match file name)`,
    fix: `Đổi tên tệp thành ${year}.yaml hoặc sửa năm.`,
  });
  return false;
}

const MARKDOWN_LINK_RE = /\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

/**
 * Validates a whole content directory: each file against its schema, then the
 * references between files. Returns the catalogue or throws a ContentError whose
 * message lists every problem at once.
 */
export function buildCatalogue(source: ContentSource): Catalogue {
  const issues: ContentIssue[] = [];
  const byRel = new Map(source.files.map((f) => [f.rel, f]));
  const assets = new Set(source.assets);
  const missingFile = (rel: string, what: string): ContentIssue => ({
    file: `content/${rel}`,
    path: [],
    message: `không tìm thấy tệp ${what} (missing file)`,
    fix: `Tạo tệp content/${rel}.`,
  });

  // Site configuration.
  const siteSource = byRel.get('site.yaml');
  let site: Site | undefined;
  let siteParsed: ParsedFile | undefined;
  if (!siteSource) issues.push(missingFile('site.yaml', 'cấu hình địa phương'));
  else ({ value: site, parsed: siteParsed } = check(siteSource, 'yaml', siteFile, issues));

  // Fields.
  const fieldsSource = byRel.get('fields.yaml');
  let fields: Field[] = [];
  let fieldsParsed: ParsedFile | undefined;
  if (!fieldsSource) issues.push(missingFile('fields.yaml', 'danh sách lĩnh vực'));
  else {
    const checked = check(fieldsSource, 'yaml', fieldsFile, issues);
    fields = checked.value?.fields ?? [];
    fieldsParsed = checked.parsed;
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (seen.has(f.slug)) {
        issues.push({
          file: fieldsSource.display,
          line: fieldsParsed?.lineOf(['fields', i, 'slug']),
          path: ['fields', i, 'slug'],
          label: 'Mã lĩnh vực',
          message: `mã lĩnh vực "${f.slug}" bị trùng (duplicate slug)`,
          fix: 'Mỗi lĩnh vực cần một mã riêng.',
        });
      }
      seen.add(f.slug);
    });
  }
  const fieldSlugs = new Set(fields.map((f) => f.slug));
  const fieldsOk = fieldsSource !== undefined && fieldsParsed !== undefined && fields.length > 0;

  // Agencies. Files that fail their own schema are remembered so that references
  // to them do not add a second, misleading "unknown agency" error.
  const brokenAgencies = new Set<string>();
  const agencies: Agency[] = [];
  const agencyParsed = new Map<string, ParsedFile>();
  for (const file of source.files.filter((f) => /^agencies\/[^/]+\.ya?ml$/.test(f.rel))) {
    const slug = slugOf(file.rel);
    if (!SLUG_RE.test(slug)) {
      issues.push({
        file: file.display,
        path: [],
        message: `tên tệp "${slug}" không hợp lệ (file name)`,
        fix: 'Đặt tên tệp bằng chữ thường không dấu và dấu gạch ngang, ví dụ "ubnd-xa-thuan-bac.yaml".',
      });
      continue;
    }
    const { value, parsed } = check(file, 'yaml', agencyFile, issues);
    if (parsed) agencyParsed.set(slug, parsed);
    if (value) agencies.push({ ...value, slug, source: file.display });
    else brokenAgencies.add(slug);
  }
  const agencyBySlug = new Map(agencies.map((a) => [a.slug, a]));
  const agencyCodes = new Map<string, string>();
  for (const agency of agencies) {
    const parsed = agencyParsed.get(agency.slug);
    const at = (path: PropertyKey[], label: string, message: string, fix?: string) =>
      issues.push({ file: agency.source, line: parsed?.lineOf(path), path, label, message, fix });
    if (!agencyCodeForm(agency.code)) {
      at(
        ['code'],
        'Mã định danh cơ quan',
        `mã "${agency.code}" không đúng dạng QCVN 102:2016 cũng không đúng dạng mã định danh điện tử (agency code)`,
        AGENCY_CODE_FIX,
      );
    }
    const other = agencyCodes.get(agency.code);
    if (other) {
      at(
        ['code'],
        'Mã định danh cơ quan',
        `mã "${agency.code}" trùng với cơ quan "${other}" (duplicate code)`,
        'Mỗi cơ quan có một mã định danh riêng.',
      );
    }
    agencyCodes.set(agency.code, agency.slug);
    for (const key of ['parent', 'desk'] as const) {
      const ref = agency[key];
      if (ref && !agencyBySlug.has(ref)) {
        if (brokenAgencies.has(ref)) continue;
        at(
          [key],
          key === 'parent' ? 'Cơ quan cấp trên' : 'Nơi tiếp nhận hồ sơ',
          `không có cơ quan "${ref}" trong content/agencies/ (unknown agency)`,
          referenceHint(ref, agencyBySlug.keys(), 'tên tệp (không có .yaml) của một cơ quan'),
        );
      } else if (key === 'desk' && ref && !isDeskKind(agencyBySlug.get(ref)?.kind ?? 'khac')) {
        at(
          ['desk'],
          'Nơi tiếp nhận hồ sơ',
          `"${ref}" không phải là nơi tiếp nhận hồ sơ (kind: ${DESK_KINDS.join(' hoặc ')})`,
          'Chọn một Trung tâm Phục vụ hành chính công (kind: ttpvhcc) hoặc Bộ phận Một cửa (kind: mot-cua).',
        );
      }
    }
  }

  // Procedures (broken ones remembered, as for agencies).
  const brokenCodes = new Set<string>();
  const brokenSlugs = new Set<string>();
  const procedures: Procedure[] = [];
  const procParsed = new Map<string, ParsedFile>();
  for (const file of source.files.filter((f) => /^procedures\/[^/]+\.md$/.test(f.rel))) {
    const slug = slugOf(file.rel);
    if (!SLUG_RE.test(slug) || RESERVED_PROCEDURE_SLUGS.has(slug)) {
      issues.push({
        file: file.display,
        path: [],
        message: RESERVED_PROCEDURE_SLUGS.has(slug)
          ? `tên tệp "${slug}" trùng với một trang có sẵn của cổng (reserved name)`
          : `tên tệp "${slug}" không hợp lệ (file name)`,
        fix: 'Đặt tên tệp bằng chữ thường không dấu và dấu gạch ngang, theo tên thủ tục, ví dụ "dang-ky-khai-sinh.md".',
      });
      continue;
    }
    const { value, parsed } = check(file, 'markdown', procedureFrontmatter, issues);
    if (parsed) procParsed.set(slug, parsed);
    if (value && parsed) {
      procedures.push({ ...value, slug, body: parsed.body, source: file.display });
    } else {
      brokenSlugs.add(slug);
      const rawCode = (parsed?.data as { code?: unknown } | undefined)?.code;
      if (typeof rawCode === 'string') brokenCodes.add(rawCode.trim());
    }
  }

  // Chained procedures (content/chains/<slug>.yaml, ADR 0021); their references are checked below.
  const chains: Chain[] = [];
  const chainParsed = new Map<string, ParsedFile>();
  for (const file of source.files.filter((f) => /^chains\/[^/]+\.ya?ml$/.test(f.rel))) {
    const slug = slugOf(file.rel);
    const { value, parsed } = check(file, 'yaml', chainFile, issues);
    if (parsed) chainParsed.set(slug, parsed);
    if (value && SLUG_RE.test(slug)) chains.push({ ...value, slug, source: file.display });
  }

  const byCode = new Map<string, Procedure>();
  const knownPaths = new Set<string>([
    ...chains.map((c) => routes.chain(c.slug)),
    ...FIXED_PATHS,
    ...fields.map((f) => routes.field(f.slug)),
    ...agencies.map((a) => routes.agency(a.slug)),
    ...procedures.map((p) => routes.procedure(p.slug)),
    ...[...brokenSlugs].map((slug) => routes.procedure(slug)),
    ...['tinh', 'huyen', 'xa'].map((l) => routes.level(l)),
    ...source.assets.filter((a) => a.startsWith('forms/')).map((a) => routes.form(a.slice(6))),
  ]);
  for (const p of procedures) {
    const parsed = procParsed.get(p.slug);
    const at = (path: PropertyKey[], label: string, message: string, fix?: string) =>
      issues.push({ file: p.source, line: parsed?.lineOf(path), path, label, message, fix });

    const twin = byCode.get(p.code);
    if (twin) {
      at(
        ['code'],
        'Mã thủ tục',
        `mã "${p.code}" đã dùng cho ${twin.source} (duplicate code)`,
        'Mỗi thủ tục có một mã riêng; nếu là bản thay thế, sửa mã hoặc đánh dấu bản cũ là repealed.',
      );
    } else byCode.set(p.code, p);

    if (fieldsOk && !fieldSlugs.has(p.field)) {
      at(
        ['field'],
        'Lĩnh vực',
        `lĩnh vực "${p.field}" không có trong content/fields.yaml (unknown field)`,
        referenceHint(
          p.field,
          fieldSlugs,
          'mã một lĩnh vực trong content/fields.yaml, hoặc thêm lĩnh vực mới vào tệp đó',
        ),
      );
    }
    p.agencies.forEach((slug, i) => {
      if (!agencyBySlug.has(slug) && !brokenAgencies.has(slug)) {
        at(
          ['agencies', i],
          `Cơ quan thực hiện › mục ${i + 1}`,
          `không có cơ quan "${slug}" trong content/agencies/ (unknown agency)`,
          referenceHint(
            slug,
            agencyBySlug.keys(),
            'tên tệp (không có .yaml) của một cơ quan trong content/agencies/',
          ),
        );
      }
    });
    p.receivingCentres?.forEach((slug, i) => {
      const centre = agencyBySlug.get(slug);
      if (!p.boundaryFree) {
        at(
          ['receivingCentres', i],
          `Trung tâm tiếp nhận không phụ thuộc địa giới › mục ${i + 1}`,
          'chỉ ghi được khi thủ tục tiếp nhận không phụ thuộc địa giới hành chính (receivingCentres without boundaryFree)',
          'Thêm dòng "boundaryFree: true" nếu thủ tục có trong danh mục tỉnh công bố, hoặc xóa receivingCentres.',
        );
      } else if (centre ? centre.kind !== 'ttpvhcc' : !brokenAgencies.has(slug)) {
        at(
          ['receivingCentres', i],
          `Trung tâm tiếp nhận không phụ thuộc địa giới › mục ${i + 1}`,
          centre
            ? `"${slug}" không phải Trung tâm Phục vụ hành chính công (kind: ttpvhcc)`
            : `không có cơ quan "${slug}" trong content/agencies/ (unknown agency)`,
          'tên tệp (không có .yaml) của một Trung tâm Phục vụ hành chính công trong content/agencies/',
        );
      }
    });
    p.forms.forEach((form, i) => {
      if (form.file && !assets.has(`forms/${form.file}`)) {
        at(
          ['forms', i, 'file'],
          `Mẫu đơn, tờ khai › mục ${i + 1} › Tệp mẫu`,
          `không tìm thấy tệp content/forms/${form.file} (missing form file)`,
          'Chép tệp mẫu vào thư mục content/forms/ hoặc xóa dòng file nếu chưa có tệp.',
        );
      }
    });
    for (const match of p.body.matchAll(MARKDOWN_LINK_RE)) {
      const target = match[1] ?? '';
      if (!target.startsWith('/') || target.startsWith('//')) continue;
      if (!knownPaths.has(normalisePath(target))) {
        const before = p.body.slice(0, match.index ?? 0).split('\n').length - 1;
        const line = parsed ? parsed.bodyStartLine + before : undefined;
        issues.push({
          file: p.source,
          line,
          path: ['body'],
          label: 'Nội dung hướng dẫn',
          message: `liên kết nội bộ "${target}" không dẫn tới trang nào (broken internal link)`,
          fix: 'Sửa đường dẫn, ví dụ /thu-tuc/dang-ky-khai-sinh/, hoặc xóa liên kết.',
        });
      }
    }
  }
  for (const p of procedures) {
    const parsed = procParsed.get(p.slug);
    const refs: [PropertyKey[], string, string][] = [];
    if (p.replacedBy) refs.push([['replacedBy'], p.replacedBy, 'Thay thế bởi']);
    p.related.forEach((code, i) => {
      refs.push([['related', i], code, `Thủ tục liên quan › mục ${i + 1}`]);
    });
    for (const [path, code, label] of refs) {
      const target = byCode.get(code);
      if (!target && brokenCodes.has(code)) continue;
      if (!target) {
        issues.push({
          file: p.source,
          line: parsed?.lineOf(path),
          path,
          label,
          message: `không có thủ tục mã "${code}" trong danh mục (unknown procedure)`,
          fix: 'Ghi mã của một thủ tục có trong content/procedures/.',
        });
      } else if (path[0] === 'replacedBy' && target.status === 'repealed') {
        issues.push({
          file: p.source,
          line: parsed?.lineOf(path),
          path,
          label,
          message: `thủ tục thay thế "${code}" cũng đã bãi bỏ (replacement is repealed)`,
          fix: 'Trỏ tới thủ tục đang áp dụng.',
        });
      }
    }
  }

  if (site && siteSource) {
    historicalUnits(
      site,
      siteSource,
      siteParsed,
      agencies,
      agencyParsed,
      procedures,
      procParsed,
      issues,
    );
    const desk = agencyBySlug.get(site.desk);
    if (!brokenAgencies.has(site.desk) && !(desk && isDeskKind(desk.kind))) {
      issues.push({
        file: siteSource.display,
        line: siteParsed?.lineOf(['desk']),
        path: ['desk'],
        label: 'Bộ phận Một cửa chính',
        message: desk
          ? `"${site.desk}" không phải là nơi tiếp nhận hồ sơ (kind: ${DESK_KINDS.join(' hoặc ')})`
          : `không có cơ quan "${site.desk}" trong content/agencies/ (unknown agency)`,
        fix: 'Ghi tên tệp của Trung tâm Phục vụ hành chính công chính, ví dụ "ttpvhcc-tinh".',
      });
    }
    site.popular.forEach((code, i) => {
      if (!byCode.has(code) && !brokenCodes.has(code)) {
        issues.push({
          file: siteSource.display,
          line: siteParsed?.lineOf(['popular', i]),
          path: ['popular', i],
          label: `Thủ tục phổ biến › mục ${i + 1}`,
          message: `không có thủ tục mã "${code}" (unknown procedure)`,
          fix: 'Ghi mã của một thủ tục có trong danh mục.',
        });
      }
    });
    if (site.logo && !assets.has(`media/${site.logo}`)) {
      issues.push({
        file: siteSource.display,
        line: siteParsed?.lineOf(['logo']),
        path: ['logo'],
        label: 'Logo',
        message: `không tìm thấy tệp content/media/${site.logo} (missing file)`,
        fix: 'Chép tệp logo vào content/media/ hoặc xóa dòng logo.',
      });
    }
  }
  // Administrative units and their mergers (optional: a locality without mergers may omit it).
  const units: AdminUnitEntry[] = [];
  const unitsSource = byRel.get('units.yaml');
  if (unitsSource) {
    const { value, parsed } = check(unitsSource, 'yaml', unitsFile, issues);
    if (value) {
      checkUnitLinks(value.units, (path, label, message, fix) =>
        issues.push({
          file: unitsSource.display,
          line: parsed?.lineOf(path),
          path,
          label,
          message,
          fix,
        }),
      );
      if (site) {
        checkAgencyCommunes(
          value.units,
          agencies,
          site.locality.historical,
          (agency) => (path, label, message, fix) =>
            issues.push({
              file: agency.source,
              line: agencyParsed.get(agency.slug)?.lineOf(path),
              path,
              label,
              message,
              fix,
            }),
        );
      }
      units.push(...value.units);
    }
  }

  // Official working-day calendars.
  const calendar: CalendarYearFile[] = [];
  for (const file of source.files.filter((f) => /^calendar\/[^/]+\.ya?ml$/.test(f.rel))) {
    const { value, parsed } = check(file, 'yaml', calendarYearFile, issues);
    if (!value) continue;
    if (!yearMatchesFileName(file, value.year, parsed, issues)) continue;
    calendar.push(value);
  }

  // Figures reported before the system (content/statistics/<year>.yaml).
  const reported: ReportedYear[] = [];
  for (const file of source.files.filter((f) => /^statistics\/[^/]+\.ya?ml$/.test(f.rel))) {
    const { value, parsed } = check(file, 'yaml', reportedYearFile, issues);
    if (!value) continue;
    if (!yearMatchesFileName(file, value.year, parsed, issues)) continue;
    value.figures.forEach((figure, i) => {
      if (figure.agency && !agencyBySlug.has(figure.agency) && !brokenAgencies.has(figure.agency)) {
        issues.push({
          file: file.display,
          line: parsed?.lineOf(['figures', i, 'agency']),
          path: ['figures', i, 'agency'],
          label: `Số liệu › mục ${i + 1} › Cơ quan`,
          message: `không có cơ quan "${figure.agency}" trong content/agencies/ (unknown agency)`,
          fix: 'Ghi tên tệp của một cơ quan, hoặc xóa dòng agency nếu là số liệu cả địa phương.',
        });
      }
    });
    reported.push(value);
  }

  for (const chain of chains) {
    const parsed = chainParsed.get(chain.slug);
    checkChain(chain, byCode, brokenCodes, agencyBySlug, (path, label, message, fix) =>
      issues.push({ file: chain.source, line: parsed?.lineOf(path), path, label, message, fix }),
    );
  }

  // The indicator framework /thong-ke reports against (optional: without it, no framework section).
  const indicatorsSource = byRel.get('indicators.yaml');
  const indicators: IndicatorFramework | null = indicatorsSource
    ? (check(indicatorsSource, 'yaml', indicatorFrameworkFile, issues).value ?? null)
    : null;
  // Zalo templates of the messages to citizens (optional: without them, Zalo is not offered).
  const notificationsSource = byRel.get('notifications.yaml');
  const notifications: NotificationTemplates | null = notificationsSource
    ? (check(notificationsSource, 'yaml', notificationsFile, issues).value ?? null)
    : null;
  // Rule sets by reception date (content/rules/<id>.yaml, ADR 0015).
  const ruleSets = checkRuleSets(
    source.files
      .filter((f) => /^rules\/[^/]+\.ya?ml$/.test(f.rel))
      .map((file) => ({ ...file, ...check(file, 'yaml', ruleSetFile, issues) })),
    issues,
  );

  if (procedures.length === 0 && issues.length === 0) {
    issues.push({
      file: 'content/procedures/',
      path: [],
      message: 'danh mục chưa có thủ tục nào (no procedures)',
      fix: 'Thêm ít nhất một tệp .md vào content/procedures/.',
    });
  }

  if (issues.length > 0 || !site) throw new ContentError(issues);
  const sortByTitle = <T extends { title?: string; name?: string }>(a: T, b: T) =>
    (a.title ?? a.name ?? '').localeCompare(b.title ?? b.name ?? '', 'vi');
  return {
    site,
    fields,
    agencies: agencies.sort(sortByTitle),
    procedures: procedures.sort(sortByTitle),
    chains: chains.sort(sortByTitle),
    calendar: calendar.sort((a, b) => a.year - b.year),
    reported: reported.sort((a, b) => a.year - b.year),
    indicators,
    ruleSets,
    units,
    notifications,
  };
}
