import { z } from 'zod';
import type { ChannelCode, StatusCode } from '../domain/dossier/status.ts';

/**
 * One line of a dossier archive object in R2 (functions/services/archive.ts,
 * docs/adr/0027-dossier-storage-plan.md), checked when a lookup reads it back: `lookup` is
 * what the citizen's lookup page shows, as the live database gave it at the move; `rows`
 * are the archived tables' rows as stored (for a restore or an audit), not read by pages.
 */

const status = z
  .number()
  .int()
  .min(1)
  .max(10)
  .transform((n) => n as StatusCode);
const nullableText = z.string().nullable();

const dossier = z.object({
  id: z.string(),
  code: z.string(),
  procedureCode: z.string(),
  procedureTitle: z.string(),
  agencySlug: z.string(),
  deskSlug: z.string(),
  returnDeskSlug: z.string(),
  channel: z
    .number()
    .int()
    .min(1)
    .max(3)
    .transform((n) => n as ChannelCode),
  status,
  receivedAt: z.string(),
  dueDate: z.string(),
  countedFrom: z.string(),
  statutoryDueDate: z.string(),
  processingDays: z.number(),
  processingHours: z.number().nullable(),
  dueHour: nullableText,
  calendarProvisional: z.boolean(),
  secretSalt: z.string(),
  secretHash: z.string(),
  commune: z.string(),
  fullName: nullableText,
  purgedAt: nullableText,
  ruleSet: nullableText,
  forwardedAt: nullableText,
  forwardedTo: nullableText,
});

const event = z.object({ status, at: z.string(), publicNote: nullableText });

const stopRequest = z.object({
  id: z.number(),
  reason: z.string(),
  requestedAt: z.string(),
  state: z.enum(['pending', 'confirmed', 'refused']),
  decidedAt: nullableText,
  refusalReason: nullableText,
});

export const archivedDossier = z.object({
  code: z.string(),
  lookup: z.object({
    dossier,
    events: z.array(event),
    /** When the citizen rated the dossier, if they did (the scores stay in D1). */
    evaluatedAt: nullableText,
    stop: stopRequest.nullable(),
  }),
  rows: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
});

export type ArchivedDossier = z.output<typeof archivedDossier>;
export type ArchivedDossierInput = z.input<typeof archivedDossier>;
