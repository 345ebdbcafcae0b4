/**
 * Administrative units with their dates and mergers (content/units.yaml). Since
 * 01/07/2025 there is no district level and most communes were merged, so an address a
 * citizen writes ("xã Lợi Hải, huyện Thuận Bắc") may name a unit that no longer exists;
 * these functions find the unit that took it over. Pure: the catalogue hands the units in.
 */
import { foldText } from './text/fold.ts';

export const UNIT_KINDS = ['tinh', 'huyen', 'xa', 'phuong', 'dac-khu', 'thi-tran'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  tinh: 'Tỉnh',
  huyen: 'Huyện',
  xa: 'Xã',
  phuong: 'Phường',
  'dac-khu': 'Đặc khu',
  'thi-tran': 'Thị trấn',
};

/** Commune-level kinds (xã, phường, đặc khu; thị trấn before 01/07/2025). */
export const COMMUNE_LEVEL_KINDS: readonly UnitKind[] = ['xa', 'phuong', 'dac-khu', 'thi-tran'];

export interface AdminUnit {
  /** A stable identifier, e.g. `xa-loi-hai`. */
  id: string;
  /** The name without its unit word, e.g. "Lợi Hải". */
  name: string;
  kind: UnitKind;
  /** First day in force, `YYYY-MM-DD` (absent: before the records start). */
  validFrom?: string | undefined;
  /** Last day in force, `YYYY-MM-DD` (absent: still in force). */
  validTo?: string | undefined;
  /** The unit it was merged into, for a unit that no longer exists. */
  mergedInto?: string | undefined;
  /** The unit it belonged to (a commune's district or province). */
  parent?: string | undefined;
}

/** "Xã Lợi Hải". */
export const unitLabel = (unit: Pick<AdminUnit, 'kind' | 'name'>): string =>
  `${UNIT_KIND_LABELS[unit.kind]} ${unit.name}`;

/** "xã Lợi Hải", as it reads inside a sentence. */
export const unitInSentence = (unit: Pick<AdminUnit, 'kind' | 'name'>): string =>
  `${UNIT_KIND_LABELS[unit.kind].toLocaleLowerCase('vi')} ${unit.name}`;

/** Whether a unit is in force on a day (`YYYY-MM-DD`). */
export const validOn = (unit: AdminUnit, day: string): boolean =>
  (unit.validFrom === undefined || unit.validFrom <= day) &&
  (unit.validTo === undefined || day <= unit.validTo);

/** Whether a unit is still in force (no end date). */
export const isCurrent = (unit: AdminUnit): boolean => unit.validTo === undefined;

export interface UnitRegistry {
  readonly units: readonly AdminUnit[];
  byId(id: string): AdminUnit | undefined;
  /** The unit that carries on this one today: itself, or the end of its `mergedInto` chain. */
  currentOf(unit: AdminUnit): AdminUnit;
  /** The units merged into this one, directly or through earlier mergers, oldest first by name. */
  formerlyOf(unit: AdminUnit): AdminUnit[];
  /**
   * The commune-level unit a name stands for: a current one first, then a former one.
   * Accepts "Lợi Hải", "xã Lợi Hải", "loi hai" (any case, with or without marks).
   */
  communeByName(name: string): AdminUnit | undefined;
  /**
   * The commune-level unit named in a free-text address ("Thôn 2, xã Lợi Hải, huyện
   * Thuận Bắc"): the longest name found wins, a current unit before a former one of the
   * same name.
   */
  communeInText(text: string): AdminUnit | undefined;
}

/** A unit's name as matched: folded, without its unit word. */
const key = (name: string): string =>
  foldText(name)
    .replace(/^(xa|phuong|dac khu|thi tran) /, '')
    .trim();

/** Folded words that name a commune-level unit, or another level, just before a name. */
const COMMUNE_WORD_BEFORE = /(?:^|\s)(?:xa|x|phuong|p|dac khu|thi tran|tt)$/;
const OTHER_LEVEL_BEFORE = /(?:^|\s)(?:huyen|h|quan|q|tinh|t|thi xa|tx|thanh pho|tp)$/;

export function unitRegistry(units: readonly AdminUnit[]): UnitRegistry {
  const byId = new Map(units.map((u) => [u.id, u]));
  const currentOf = (unit: AdminUnit): AdminUnit => {
    let at = unit;
    const seen = new Set<string>();
    while (at.mergedInto && !seen.has(at.id)) {
      seen.add(at.id);
      const next = byId.get(at.mergedInto);
      if (!next) break;
      at = next;
    }
    return at;
  };
  const communes = units
    .filter((u) => COMMUNE_LEVEL_KINDS.includes(u.kind))
    // Current units first, so "Công Hải" is today's xã Công Hải, not the old one of that name.
    .sort((a, b) => Number(isCurrent(b)) - Number(isCurrent(a)));
  const byKey = new Map<string, AdminUnit>();
  for (const u of communes) if (!byKey.has(key(u.name))) byKey.set(key(u.name), u);
  // Longest names first, so "Phước Kháng" is not read as a shorter name inside it.
  const keysByLength = [...byKey.keys()].sort((a, b) => b.length - a.length);
  return {
    units,
    byId: (id) => byId.get(id),
    currentOf,
    formerlyOf: (unit) =>
      units
        .filter(
          (u) => u.id !== unit.id && u.mergedInto !== undefined && currentOf(u).id === unit.id,
        )
        .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    communeByName: (name) => byKey.get(key(name)),
    communeInText(text) {
      const words = foldText(text).split(' ');
      // A name right after a commune unit word ("xã Lợi Hải") first; then a bare name, unless
      // a district or province word stands before it ("huyện Thuận Bắc" is not a commune).
      let bare: string | undefined;
      for (const k of keysByLength) {
        const size = k.split(' ').length;
        for (let i = 0; i + size <= words.length; i++) {
          if (words.slice(i, i + size).join(' ') !== k) continue;
          const before = words.slice(Math.max(0, i - 2), i).join(' ');
          if (OTHER_LEVEL_BEFORE.test(before)) continue;
          if (COMMUNE_WORD_BEFORE.test(before)) return byKey.get(k);
          bare ??= k;
        }
      }
      return bare === undefined ? undefined : byKey.get(bare);
    },
  };
}

/** A commune as a citizen wrote it, and the unit that carries it on today. */
export interface CommuneResolution {
  /** The unit in force today. */
  current: AdminUnit;
  /** The unit named, when it no longer exists (merged into `current`). */
  former?: AdminUnit | undefined;
}

/** Resolves a name or an address to today's commune, remembering the old name. */
export function resolveCommune(
  registry: UnitRegistry,
  input: { name?: string | undefined; address?: string | undefined },
): CommuneResolution | undefined {
  const named =
    (input.name ? registry.communeByName(input.name) : undefined) ??
    (input.address ? registry.communeInText(input.address) : undefined);
  if (!named) return undefined;
  const current = registry.currentOf(named);
  return current.id === named.id ? { current } : { current, former: named };
}

/** "Xã Thuận Bắc (trước đây xã Lợi Hải)", or "Xã Thuận Bắc". */
export const resolutionLabel = (r: CommuneResolution): string =>
  r.former
    ? `${unitLabel(r.current)} (trước đây ${unitInSentence(r.former)})`
    : unitLabel(r.current);

/** Every name a current unit answers to: its own and those of the units merged into it. */
export const namesOf = (registry: UnitRegistry, unit: AdminUnit): string[] => [
  unit.name,
  ...registry
    .formerlyOf(unit)
    .map((u) => u.name)
    .filter((n) => n !== unit.name),
];
