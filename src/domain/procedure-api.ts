import type { ProcedureListItem, ProcedureListQuery, ProcedureRecord } from '../schemas/api.ts';
import type { ProcedureSummary } from '../catalogue/summary.ts';
import type { Procedure } from '../schemas/procedure.ts';
import type { CatalogueIndex } from './catalogue-index.ts';
import { describeFee, formAvailability } from './format.ts';
import { routes } from './routes.ts';

/** Applies the list filters of `GET /api/procedures` (pure; order preserved). */
export function filterProcedures<P extends ProcedureSummary>(
  procedures: readonly P[],
  query: Pick<ProcedureListQuery, 'field' | 'agency' | 'level' | 'online' | 'status'>,
): P[] {
  return procedures.filter(
    (p) =>
      (!query.field || p.field === query.field) &&
      (!query.agency || p.agencies.includes(query.agency)) &&
      (!query.level || p.level === query.level) &&
      (!query.online ||
        (query.online === 'co' ? p.online !== 'khong' : p.online === query.online)) &&
      (!query.status || p.status === query.status),
  );
}

export function toListItem(p: ProcedureSummary, index: CatalogueIndex): ProcedureListItem {
  return {
    code: p.code,
    slug: p.slug,
    title: p.title,
    field: { slug: p.field, name: index.fieldBySlug.get(p.field)?.name ?? p.field },
    agencies: p.agencies.map((slug) => ({
      slug,
      name: index.agencyBySlug.get(slug)?.name ?? slug,
    })),
    level: p.level,
    online: p.online,
    status: p.status,
    processingDays: p.time.days,
    url: routes.procedure(p.slug),
  };
}

export function toRecord(p: Procedure, index: CatalogueIndex): ProcedureRecord {
  return {
    ...toListItem(p, index),
    summary: p.summary,
    competentAuthority: p.competentAuthority,
    procedureType: p.procedureType,
    steps: p.steps,
    channels: p.channels.map((c) => ({
      type: c.type,
      processingDays: (c.time ?? p.time).days,
      timeNote: c.time?.note,
      note: c.note,
    })),
    time: p.time,
    documents: p.documents,
    sets: p.sets,
    applicants: p.applicants,
    result: p.result,
    fees: p.fees.map((f) => ({ ...f, description: describeFee(f) })),
    feeExemptions: p.feeExemptions,
    forms: p.forms.map((f) => ({
      id: f.id,
      name: f.name,
      code: f.code,
      source: f.source,
      url: f.file ? routes.form(f.file) : undefined,
      availability: formAvailability(f),
    })),
    conditions: p.conditions,
    legalBasis: p.legalBasis,
    keywords: p.keywords,
    publication: p.publication,
    effectiveDate: p.effectiveDate,
    lastReviewed: p.lastReviewed,
    replacedBy: p.replacedBy,
    statusNote: p.statusNote,
    related: p.related,
    body: p.body,
  };
}
