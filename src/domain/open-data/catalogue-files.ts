import type { Procedure } from '../../schemas/procedure.ts';
import { localityPlace } from '../commune.ts';
import { toCsv } from '../csv.ts';
import {
  type CellValue,
  type Column,
  type OpenDataContext,
  PROCEDURE_COLUMNS,
  procedureRecord,
} from './columns.ts';
import { cpsvApPartPath } from '../interop/cpsv-ap.ts';
import type { Licence } from './licence.ts';
import { type CataloguePart, PART_SIZE } from './parts.ts';
import { openDataPartPaths, openDataPaths } from './paths.ts';

/**
 * The catalogue as downloadable files, one per part of the catalogue (./parts.ts):
 * `/du-lieu/thu-tuc/<part>.csv` and `/du-lieu/thu-tuc/<part>.json`, one row or object per
 * procedure, with the columns of ./columns.ts; `/du-lieu/thu-tuc.csv` and
 * `/du-lieu/thu-tuc.json` list the parts (docs/adr/0026).
 */

/** Items of a list column share one CSV cell, one item per line (RFC 4180 quotes the breaks). */
export const CSV_LIST_SEPARATOR = '\n';

/** A cell's text in the CSV: empty for null, list items one per line. */
export function csvText(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return value.join(CSV_LIST_SEPARATOR);
}

/**
 * The catalogue as CSV: UTF-8 with BOM, CRLF, every cell quoted, formulas neutralised
 * (the shared helper in ../csv.ts); the header row is the column keys.
 */
export function catalogueCsv(
  procedures: readonly Procedure[],
  ctx: OpenDataContext,
  columns: readonly Column[] = PROCEDURE_COLUMNS,
): string {
  const rows = procedures.map((p) => columns.map((c) => csvText(c.value(p, ctx))));
  return toCsv(
    columns.map((c) => c.key),
    rows,
  );
}

/** Who publishes the data, for the `source` block of the JSON file. */
export interface OpenDataSource {
  /** The portal's name, e.g. "Một Cửa Khánh Hòa". */
  name: string;
  /** The locality that publishes it, e.g. "Tỉnh Khánh Hòa" or "Xã An Bình, tỉnh Khánh Hòa". */
  publisher: string;
  /** The portal's home page. */
  url: string;
  /** The page documenting the open data. */
  documentation: string;
}

/** The documented columns: key, Vietnamese label, type and meaning. */
type ColumnDoc = { key: string; label: string; type: Column['type']; description: string };

export interface CatalogueJson {
  /** When the file was built (ISO 8601 timestamp). */
  generated: string;
  licence: Licence;
  source: OpenDataSource;
  columns: ColumnDoc[];
  count: number;
  procedures: Record<string, CellValue>[];
  /** Which part of the catalogue the file holds, and where the list of parts is. */
  part?: PartInfo;
}

/** A part as the files describe it. */
export interface PartInfo {
  slug: string;
  field: string;
  fieldName: string;
  page: number;
  pages: number;
  /** The list of every part (`/du-lieu/thu-tuc.json`), absolute. */
  index: string;
}

/** One line of the list of parts: the part and the absolute URLs of its three files. */
export interface PartEntry extends Omit<PartInfo, 'index'> {
  count: number;
  json: string;
  csv: string;
  cpsvAp: string;
}

/** The list of parts served at `/du-lieu/thu-tuc.json`. */
export interface CatalogueJsonIndex {
  generated: string;
  licence: Licence;
  source: OpenDataSource;
  columns: ColumnDoc[];
  /** Procedures in the whole catalogue. */
  count: number;
  /** Most procedures in one part. */
  partSize: number;
  parts: PartEntry[];
}

function header(
  ctx: OpenDataContext,
  meta: { generated: string; licence: Licence },
  columns: readonly Column[],
) {
  const { site } = ctx.index.catalogue;
  return {
    generated: meta.generated,
    licence: meta.licence,
    source: {
      name: site.name,
      publisher: localityPlace(site.locality),
      url: ctx.absoluteUrl('/'),
      documentation: ctx.absoluteUrl(openDataPaths.page),
    },
    columns: columns.map(({ key, label, type, description }) => ({
      key,
      label,
      type,
      description,
    })),
  };
}

/** The JSON document of one part (`/du-lieu/thu-tuc/<part>.json`), or of any list of procedures. */
export function catalogueJson(
  procedures: readonly Procedure[],
  ctx: OpenDataContext,
  meta: { generated: string; licence: Licence },
  columns: readonly Column[] = PROCEDURE_COLUMNS,
  part?: CataloguePart,
): CatalogueJson {
  return {
    ...header(ctx, meta, columns),
    count: procedures.length,
    procedures: procedures.map((p) => procedureRecord(p, ctx, columns)),
    ...(part ? { part: { ...partFields(part), index: ctx.absoluteUrl(openDataPaths.json) } } : {}),
  };
}

const partFields = (part: CataloguePart) => ({
  slug: part.slug,
  field: part.field.slug,
  fieldName: part.field.name,
  page: part.page,
  pages: part.pages,
});

/** Every part with its count and the absolute URLs of its JSON, CSV and CPSV-AP files. */
export function partEntries(parts: readonly CataloguePart[], ctx: OpenDataContext): PartEntry[] {
  return parts.map((part) => ({
    ...partFields(part),
    count: part.procedures.length,
    json: ctx.absoluteUrl(openDataPartPaths.json(part.slug)),
    csv: ctx.absoluteUrl(openDataPartPaths.csv(part.slug)),
    cpsvAp: ctx.absoluteUrl(cpsvApPartPath(part.slug)),
  }));
}

/** The list of parts served at `/du-lieu/thu-tuc.json`. */
export function catalogueJsonIndex(
  parts: readonly CataloguePart[],
  ctx: OpenDataContext,
  meta: { generated: string; licence: Licence },
  columns: readonly Column[] = PROCEDURE_COLUMNS,
): CatalogueJsonIndex {
  return {
    ...header(ctx, meta, columns),
    count: parts.reduce((sum, p) => sum + p.procedures.length, 0),
    partSize: PART_SIZE,
    parts: partEntries(parts, ctx),
  };
}

/** The columns of `/du-lieu/thu-tuc.csv`, the list of parts. */
export const PART_CSV_COLUMNS = [
  'part',
  'field',
  'field_name',
  'page',
  'pages',
  'count',
  'csv',
  'json',
  'cpsv_ap',
] as const;

/** The list of parts as CSV (`/du-lieu/thu-tuc.csv`): one row per part, its files' URLs. */
export function catalogueCsvIndex(parts: readonly CataloguePart[], ctx: OpenDataContext): string {
  return toCsv(
    PART_CSV_COLUMNS,
    partEntries(parts, ctx).map((e) => [
      e.slug,
      e.field,
      e.fieldName,
      e.page,
      e.pages,
      e.count,
      e.csv,
      e.json,
      e.cpsvAp,
    ]),
  );
}
