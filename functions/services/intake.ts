import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { APPLICANT_FIELDS, REPRESENTATIVE_FIELDS } from '../../src/domain/forms/fields.ts';
import { vietnamDay } from '../../src/domain/dossier/timeliness.ts';
import type { Agency } from '../../src/schemas/agency.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { formNameOf, type SubmissionContext } from '../../src/schemas/submission.ts';
import type { z } from 'zod';
import type { IncomingFile } from './attachments.ts';

/** The communes of the locality, from its commune-level agencies. */
export const communesOf = (index: CatalogueIndex): string[] => index.communes.map((c) => c.name);

export function agenciesOf(index: CatalogueIndex, procedure: Procedure): Agency[] {
  return procedure.agencies
    .map((slug) => index.agencyBySlug.get(slug))
    .filter((a): a is Agency => a !== undefined);
}

export function submissionContext(
  index: CatalogueIndex,
  procedure: Procedure,
  now: Date,
): SubmissionContext {
  return {
    today: vietnamDay(now.toISOString()),
    agencies: agenciesOf(index, procedure).map((a) => ({ slug: a.slug, name: a.name })),
    communes: communesOf(index),
  };
}

/** The procedures that take online requests now. */
export const acceptsOnline = (p: Procedure | undefined): p is Procedure =>
  p !== undefined && p.online !== 'khong' && p.status === 'active';

/** Form fields (as posted) → the JSON shape the submission schema validates. */
export function formToInput(form: Record<string, string>, procedure: Procedure) {
  const applicant = Object.fromEntries(
    Object.entries(APPLICANT_FIELDS).map(([key, field]) => [key, form[field.name] ?? '']),
  );
  const onBehalf = form['nop-thay'] === 'co';
  return {
    procedure: procedure.code,
    ...(form['co-quan'] !== undefined && form['co-quan'] !== ''
      ? { agency: form['co-quan'] }
      : procedure.agencies.length > 1
        ? { agency: '' }
        : {}),
    applicant: { ...applicant, commune: form.xa ?? '' },
    onBehalf,
    ...(onBehalf
      ? {
          representative: Object.fromEntries(
            Object.entries(REPRESENTATIVE_FIELDS).map(([key, field]) => [
              key,
              form[field.name] ?? '',
            ]),
          ),
        }
      : {}),
    fields: Object.fromEntries(
      (procedure.onlineForm?.fields ?? []).map((f) => [f.name, form[`f-${f.name}`] ?? '']),
    ),
  };
}

/** zod issues as form errors: each next to its input, first one per input. */
export function formErrors(error: z.ZodError): { name: string; message: string }[] {
  const seen = new Set<string>();
  const out: { name: string; message: string }[] = [];
  for (const issue of error.issues) {
    const name = formNameOf(issue.path);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, message: issue.message });
  }
  return out;
}

/** Splits multipart form data into text values and files (tep-N inputs). */
export async function splitFormData(
  data: FormData,
): Promise<{ values: Record<string, string>; files: IncomingFile[] }> {
  const values: Record<string, string> = {};
  const files: IncomingFile[] = [];
  for (const [name, value] of data) {
    if (typeof value === 'string') {
      // A repeated text field keeps its first value; forms here never repeat one.
      if (!(name in values)) values[name] = value;
      continue;
    }
    const match = /^tep-(\d{1,3})$/.exec(name);
    if (!match || value.size === 0) continue;
    files.push({
      documentIndex: Number(match[1]),
      name: value.name,
      bytes: new Uint8Array(await value.arrayBuffer()),
    });
  }
  return { values, files };
}
