import { internLists, listAt } from '../domain/intern.ts';
import type { Procedure } from '../schemas/procedure.ts';

/**
 * What the Worker keeps of a procedure for lists, filters, pickers, statistics and search
 * results (docs/adr/0025-catalogue-outside-the-worker.md): a few hundred bytes instead of
 * the whole record (documents, steps, forms, legal basis, pending notes…), which it reads
 * from the build's assets only for the procedure a request is about.
 */
export type ProcedureSummary = Pick<Procedure, (typeof SUMMARY_KEYS)[number]> & {
  onlineForm?: Pick<NonNullable<Procedure['onlineForm']>, 'attachments'> | undefined;
};

/** The keys of a procedure that its summary keeps (besides whether its form asks for files). */
export const SUMMARY_KEYS = [
  'code',
  'slug',
  'title',
  'summary',
  'keywords',
  'field',
  'level',
  'agencies',
  'boundaryFree',
  'receivingCentres',
  'online',
  'time',
  'supplementWindowDays',
  'status',
  'replacedBy',
  'lastReviewed',
] as const satisfies readonly (keyof Procedure)[];

/** A procedure's summary: the same values, nothing else. */
export function toSummary(procedure: Procedure): ProcedureSummary {
  const summary: Record<string, unknown> = {};
  for (const key of SUMMARY_KEYS) {
    if (procedure[key] !== undefined) summary[key] = procedure[key];
  }
  if (procedure.onlineForm) {
    summary.onlineForm =
      procedure.onlineForm.attachments === undefined
        ? {}
        : { attachments: procedure.onlineForm.attachments };
  }
  return summary as ProcedureSummary;
}

/**
 * The summaries file of a build (`tom-tat.json`): every procedure's summary, its agency list
 * replaced by a number into `agencyLists`, which holds each distinct list once. At 6,000
 * procedures of a 170-commune province the lists were 21 of the file's 24 MB.
 */
export interface SummariesFile {
  agencyLists: string[][];
  procedures: (Omit<ProcedureSummary, 'agencies'> & { agencies: number })[];
}

export function packSummaries(summaries: readonly ProcedureSummary[]): SummariesFile {
  const { lists, refs } = internLists(summaries.map((s) => s.agencies));
  return {
    agencyLists: lists,
    procedures: summaries.map((s, i) => ({ ...s, agencies: refs[i] as number })),
  };
}

/** The summaries again; procedures with the same agencies share one list. */
export function unpackSummaries(file: SummariesFile): ProcedureSummary[] {
  return file.procedures.map((s) => ({ ...s, agencies: listAt(file.agencyLists, s.agencies) }));
}
