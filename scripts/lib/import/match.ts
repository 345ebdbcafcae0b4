import { foldText } from '../../../src/domain/text/fold.ts';
import { slugify } from '../../../src/domain/text/slug.ts';
import type { Agency } from '../../../src/schemas/agency.ts';
import type { Field } from '../../../src/schemas/field.ts';
import type { Level } from '../../../src/schemas/procedure.ts';
import { clean } from './text.ts';

/**
 * Matching the names a publication decision uses against this locality's content:
 * fields (content/fields.yaml) and agencies (content/agencies/*.yaml).
 */

/** Abbreviations expanded before comparing names (on folded text). */
const ABBREVIATIONS: [RegExp, string][] = [
  [/\bubnd\b/g, 'uy ban nhan dan'],
  [/\bhdnd\b/g, 'hoi dong nhan dan'],
  [/\bbhxh\b/g, 'bao hiem xa hoi'],
  [/\btnmt\b/g, 'tai nguyen va moi truong'],
  [/\bldtbxh\b/g, 'lao dong thuong binh va xa hoi'],
  [/\bvpdkdd\b/g, 'van phong dang ki dat dai'],
  [/\btn va mt\b/g, 'tai nguyen va moi truong'],
];

/** Folds a name for comparison: no diacritics, lower case, abbreviations expanded. */
export function foldName(name: string): string {
  let out = foldText(name);
  for (const [re, full] of ABBREVIATIONS) out = out.replace(re, full);
  return out;
}

/** True when `needle` occurs in `hay` as whole words. */
const hasWords = (hay: string, needle: string): boolean => ` ${hay} `.includes(` ${needle} `);

export interface FieldMatch {
  /** The slug to write: a known field, or the slug of the name when unknown. */
  slug: string;
  how: 'exact' | 'partial' | 'unknown';
  /** The known field's name (for partial matches) or the cell's name. */
  name: string;
}

/**
 * A field by name: "Hộ tịch", "Hoạt động xây dựng (Bộ Xây dựng)" (the ministry in
 * brackets is ignored), or by slug; otherwise the one field whose name contains the
 * text or is contained in it.
 */
export function matchField(raw: string, fields: readonly Field[]): FieldMatch {
  const name = clean(raw)
    .replace(/\([^)]*\)/g, '')
    .trim();
  const folded = foldName(name);
  const exact = fields.find((f) => foldName(f.name) === folded || f.slug === slugify(name));
  if (exact) return { slug: exact.slug, how: 'exact', name: exact.name };
  const partial = fields.filter((f) => {
    const known = foldName(f.name);
    return folded.length >= 4 && (hasWords(known, folded) || hasWords(folded, known));
  });
  if (partial.length === 1 && partial[0])
    return { slug: partial[0].slug, how: 'partial', name: partial[0].name };
  return { slug: slugify(name) || 'chua-ro', how: 'unknown', name };
}

export interface AgencyMatch {
  slugs: string[];
  /** Names that matched no agency. */
  unknown: string[];
  /** Sentences for the editor: generic names spread over agencies, guesses. */
  unsure: string[];
  /** Informative parts that are not agencies (coordinating or delegated bodies). */
  other: string[];
}

const LEVEL_WORD: Record<string, Level> = {
  xa: 'xa',
  phuong: 'xa',
  'thi tran': 'xa',
  'dac khu': 'xa',
  huyen: 'huyen',
  quan: 'huyen',
  'thi xa': 'huyen',
  tinh: 'tinh',
};
const QUALIFIER_RE = /^(?:cap\s+)?(?:xa|phuong|thi tran|dac khu|huyen|quan|thi xa|tinh)$/;
const GENERIC_RE =
  /^(.+?)\s+(?:cap\s+)?(thi xa|thi tran|dac khu|xa|phuong|huyen|quan|tinh)(?:\s+(?:phuong|thi tran|xa|dac khu))*$/;

function display(agency: Agency): string {
  return agency.shortName ?? agency.name;
}

/**
 * Agencies by name. Each part (line, ";" or ",") is matched exactly (name or short
 * name, "UBND" = "Ủy ban nhân dân"); a generic name such as "Ủy ban nhân dân cấp xã"
 * means every agency of that kind at that level; a unique agency whose name starts
 * with the text is a guess. Unknown names come back for the report.
 */
export function matchAgencies(raw: string, agencies: readonly Agency[]): AgencyMatch {
  const out: AgencyMatch = { slugs: [], unknown: [], unsure: [], other: [] };
  const add = (slug: string) => {
    if (!out.slugs.includes(slug)) out.slugs.push(slug);
  };
  const folded = agencies.map((a) => ({
    agency: a,
    name: foldName(a.name),
    short: a.shortName ? foldName(a.shortName) : '',
  }));
  const parts = clean(raw)
    .split(/[\n;,]+/)
    .map((p) => p.trim().replace(/[.]+$/, ''))
    .filter(Boolean);
  for (const part of parts) {
    const colon = part.lastIndexOf(':');
    const label = colon >= 0 ? foldName(part.slice(0, colon)) : '';
    const text = colon >= 0 ? part.slice(colon + 1).trim() : part;
    if (/phoi hop|uy quyen|phan cap/.test(label)) {
      out.other.push(part);
      continue;
    }
    const f = foldName(text);
    if (!f || QUALIFIER_RE.test(f)) continue;
    const exact = folded.find((a) => a.name === f || a.short === f);
    if (exact) {
      add(exact.agency.slug);
      continue;
    }
    const generic = GENERIC_RE.exec(f);
    if (generic?.[1] && generic[2]) {
      const base = generic[1];
      const level = LEVEL_WORD[generic[2]];
      const all = folded.filter(
        (a) => a.agency.level === level && a.name.startsWith(`${base} `) && a.name !== base,
      );
      if (all.length > 0) {
        for (const a of all) add(a.agency.slug);
        if (all.length > 1)
          out.unsure.push(
            `"${text}" được hiểu là ${all.length} cơ quan: ${all.map((a) => display(a.agency)).join(', ')}`,
          );
        continue;
      }
    }
    const starts = folded.filter(
      (a) => f.includes(' ') && (a.name.startsWith(f) || a.short.startsWith(f)),
    );
    if (starts.length === 1 && starts[0]) {
      add(starts[0].agency.slug);
      out.unsure.push(`"${text}" được hiểu là ${starts[0].agency.name}`);
      continue;
    }
    out.unknown.push(text);
  }
  return out;
}
