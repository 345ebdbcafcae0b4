import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import type { ChannelCode } from '../../src/domain/dossier/status.ts';
import { routes } from '../../src/domain/routes.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import type { Submission } from '../../src/schemas/submission.ts';
import { type ReceiptData, renderReceipt } from '../../src/ui/dossier.ts';
import { html, type SafeHtml } from '../../src/ui/html.ts';
import { qrSvg } from '../../src/ui/qr.ts';
import { type Accepted, processingDaysFor } from './submissions.ts';

/** Absolute URL of the status lookup for a dossier, as the receipt's QR code carries it. */
export function lookupUrl(siteUrl: string, code: string, secret: string): string {
  const url = new URL(routes.lookup(), siteUrl);
  url.searchParams.set('ma', code);
  url.searchParams.set('bm', secret);
  return url.toString();
}

/** The receipt (form 01) right after a dossier is accepted, online or at the counter. */
export async function receiptFor(
  index: CatalogueIndex,
  procedure: Procedure,
  accepted: Accepted,
  submission: Submission,
  uploaded: ReadonlySet<number>,
  channel: ChannelCode,
): Promise<SafeHtml> {
  const agency = index.agencyBySlug.get(submission.agency);
  const desk = agency ? index.deskOf(agency) : index.mainDesk;
  const url = lookupUrl(index.catalogue.site.url, accepted.code, accepted.secret);
  const { applicant, representative: rep } = submission;
  const data: ReceiptData = {
    code: accepted.code,
    secret: accepted.secret,
    qrSvg: await qrSvg(url),
    lookupUrl: url,
    procedureTitle: procedure.title,
    processingDays: processingDaysFor(procedure, channel),
    desk,
    agencyName: agency?.name ?? '',
    channel,
    applicant: { ...applicant, email: applicant.email || undefined },
    communes: index.communes,
    representative: rep ? { fullName: rep.fullName, relation: rep.relation } : undefined,
    receivedAt: accepted.receivedAt,
    countedFrom: accepted.countedFrom,
    dueDate: accepted.dueDate,
    provisional: accepted.provisional,
    documents: procedure.documents.map((d, i) => ({ name: d.name, uploaded: uploaded.has(i) })),
    sets: procedure.sets,
    replayed: accepted.replayed,
  };
  return html`${renderReceipt(data)}
<p class="no-print"><a class="button" href="${routes.lookup()}">Tra cứu hồ sơ</a> <button type="button" class="secondary" data-print hidden>In giấy tiếp nhận</button></p>`;
}
