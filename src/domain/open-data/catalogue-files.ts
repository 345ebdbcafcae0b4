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
import type { Licence } from './licence.ts';
import { openDataPaths } from './paths.ts';

/**
 * The catalogue as downloadable files: `/du-lieu/thu-tuc.csv` and `/du-lieu/thu-tuc.json`,
 * one row or object per procedure, with the columns of ./columns.ts.
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

export interface CatalogueJson {
  /** When the file was built (ISO 8601 timestamp). */
  generated: string;
  licence: Licence;
  source: OpenDataSource;
  /** The documented columns: key, Vietnamese label, type and meaning. */
  columns: { key: string; label: string; type: Column['type']; description: string }[];
  count: number;
  procedures: Record<string, CellValue>[];
}

/** The catalogue as the JSON document served at `/du-lieu/thu-tuc.json`. */
export function catalogueJson(
  procedures: readonly Procedure[],
  ctx: OpenDataContext,
  meta: { generated: string; licence: Licence },
  columns: readonly Column[] = PROCEDURE_COLUMNS,
): CatalogueJson {
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
    count: procedures.length,
    procedures: procedures.map((p) => procedureRecord(p, ctx, columns)),
  };
}
