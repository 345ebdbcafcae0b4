import type { Field } from '../../schemas/field.ts';
import type { Procedure } from '../../schemas/procedure.ts';

/**
 * The catalogue cut into parts for the downloadable exports (CPSV-AP JSON-LD, JSON, CSV):
 * one part per lĩnh vực (field), and a field with more than `PART_SIZE` procedures cut into
 * pages of `PART_SIZE`. Every static file stays far under the 25 MiB Workers asset limit at
 * any catalogue size, and a part's URL depends only on its field and page, so a harvester's
 * links survive procedures being added elsewhere. Decision and sizes: docs/adr/0026.
 */

/** Procedures per part: about 3.5 MB of CPSV-AP JSON-LD, 1.2 MB of JSON (ADR 0026). */
export const PART_SIZE = 500;

export interface CataloguePart {
  /** Stable name in the URLs: the field's slug, then `<slug>-trang-<n>` from page 2. */
  slug: string;
  field: { slug: string; name: string };
  /** 1-based page within the field, and the field's number of pages. */
  page: number;
  pages: number;
  procedures: Procedure[];
}

/** The part's slug: page 1 keeps the field's own slug, so a field that grows keeps its URL. */
export const partSlug = (field: string, page: number): string =>
  page === 1 ? field : `${field}-trang-${page}`;

/** "Hộ tịch" or "Hộ tịch (phần 2/3)": the part's name for people. */
export const partTitle = (part: CataloguePart): string =>
  part.pages === 1 ? part.field.name : `${part.field.name} (phần ${part.page}/${part.pages})`;

/**
 * The parts, in the order of the field list (a field of no procedure has no part; a
 * procedure whose field is not in the list gets a part named by its slug), procedures in
 * catalogue order within a field.
 */
export function catalogueParts(
  procedures: readonly Procedure[],
  fields: readonly Field[],
  size = PART_SIZE,
): CataloguePart[] {
  const byField = new Map<string, Procedure[]>(fields.map((f) => [f.slug, []]));
  for (const p of procedures) {
    const list = byField.get(p.field);
    if (list) list.push(p);
    else byField.set(p.field, [p]);
  }
  const names = new Map(fields.map((f) => [f.slug, f.name]));
  const parts: CataloguePart[] = [];
  for (const [slug, list] of byField) {
    const pages = Math.ceil(list.length / size);
    for (let page = 1; page <= pages; page++) {
      parts.push({
        slug: partSlug(slug, page),
        field: { slug, name: names.get(slug) ?? slug },
        page,
        pages,
        procedures: list.slice((page - 1) * size, page * size),
      });
    }
  }
  const slugs = new Set(parts.map((p) => p.slug));
  if (slugs.size !== parts.length) {
    throw new Error('Hai phần dữ liệu mở trùng tên: đổi mã lĩnh vực có đuôi "-trang-<số>".');
  }
  return parts;
}
