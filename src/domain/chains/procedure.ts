import type { CatalogueIndex } from '../catalogue-index.ts';
import { AGENCY_KIND_LABELS } from '../../schemas/agency.ts';
import type { Chain } from '../../schemas/chain.ts';
import type { Procedure } from '../../schemas/procedure.ts';
import { routes } from '../routes.ts';
import { type CombinedDocument, combinedDays, combinedDocuments } from './chain.ts';

/**
 * A chain seen as one procedure (ADR 0021), for its page, its one online form, its checks and
 * its receipt: built from the catalogue, no I/O.
 */

/** The members' whole procedures of a chain, in its order, from an index of whole procedures. */
const membersOf = (index: CatalogueIndex<Procedure>, chain: Chain): Procedure[] =>
  chain.members
    .map((m) => index.procedureByCode.get(m.procedure))
    .filter((p): p is Procedure => p !== undefined);

/**
 * The chain as one procedure for the form, its checks and the receipt: the first member's
 * agencies (where the citizen files), the combined documents, every member's form fields once,
 * the combined time.
 */
export function chainProcedure(
  index: CatalogueIndex,
  chain: Chain,
  /** The members' whole procedures, in the chain's order (the Worker reads them, ADR 0025). */
  members: readonly Procedure[],
): Procedure {
  const first = members[0] as Procedure;
  const fields = new Map(
    members.flatMap((p) => (p.onlineForm?.fields ?? []).map((f) => [f.name, f] as const)),
  );
  return {
    ...first,
    code: first.code,
    title: chain.title,
    slug: chain.slug,
    channels: [],
    time: {
      days: combinedDays(chain, (code) => index.procedureByCode.get(code)?.time.days ?? 0),
      ...(chain.time.note ? { note: chain.time.note } : {}),
    },
    documents: combinedDocuments(chain, (code) => index.procedureByCode.get(code)?.title ?? code),
    onlineForm: {
      ...(first.onlineForm ?? { attachments: 'optional' }),
      fields: [...fields.values()],
    },
  } as Procedure;
}

/** The chain page's members: each procedure, its agency (by kind, any commune) and its time. */
export function chainPageData(index: CatalogueIndex<Procedure>, chain: Chain) {
  const procedure = chainProcedure(index, chain, membersOf(index, chain));
  return {
    members: chain.members.map((m) => {
      const p = index.procedureByCode.get(m.procedure);
      const agencies = (p?.agencies ?? []).map((slug) => index.agencyBySlug.get(slug));
      const local = agencies.length > 1 && agencies.every((a) => a?.commune);
      return {
        procedure: m.procedure,
        title: p?.title ?? m.procedure,
        href: p ? routes.procedure(p.slug) : undefined,
        // Commune agencies: the kind, in the commune where the citizen files; else the agency.
        agencyName: local
          ? `${AGENCY_KIND_LABELS[agencies[0]?.kind ?? 'khac']} xã nơi cư trú`
          : agencies.map((a) => a?.name ?? '').join(', '),
        stage: m.stage,
        days: p?.time.days ?? 0,
      };
    }),
    documents: procedure.documents as CombinedDocument[],
    days: procedure.time.days,
  };
}
