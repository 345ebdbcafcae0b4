import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { CHANNEL, type ChannelCode } from '../../src/domain/dossier/status.ts';
import { answerRows } from '../../src/domain/forms/display.ts';
import { escapeHtml } from '../../src/domain/text/escape.ts';
import { routes } from '../../src/domain/routes.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import type { Submission } from '../../src/schemas/submission.ts';
import { type ReceiptData, renderReceipt } from '../../src/ui/dossier.ts';
import { html, type SafeHtml } from '../../src/ui/html.ts';
import { issuingBody } from '../../src/ui/printed-form.ts';
import { placeAndDate, placeOf } from '../../src/domain/forms/printed.ts';
import { qrSvg } from '../../src/ui/qr.ts';
import { feeDue, feeDueText } from '../../src/domain/payment/fees.ts';
import { loadOfficeDossier } from '../db/office.ts';
import { formatHour } from '../../src/domain/format.ts';
import { type Accepted, processingDaysFor, processingHoursFor } from './submissions.ts';
import { appointmentHour, formOfKind, ruleSetForDay } from '../../src/domain/rules/select.ts';
import { vietnamDay } from '../../src/domain/calendar/dates.ts';

/** Absolute URL of the status lookup for a dossier, as the receipt's QR code carries it. */
export function lookupUrl(siteUrl: string, code: string, secret: string): string {
  const url = new URL(routes.lookup(), siteUrl);
  url.searchParams.set('ma', code);
  url.searchParams.set('bm', secret);
  return url.toString();
}

/** The status page of one dossier on this site (a relative link: same origin, no referrer leak). */
export function lookupHref(code: string, secret: string): string {
  return `${routes.lookup()}?${new URLSearchParams({ ma: code, bm: secret })}`;
}

/** The few rules the saved receipt needs: it opens from a file, without the site's stylesheet. */
const SAVED_RECEIPT_CSS = `body{font-family:system-ui,sans-serif;max-width:42rem;margin:1rem auto;padding:0 1rem;line-height:1.4;color:#0b0c0c}
.receipt-head{display:flex;justify-content:space-between;gap:1rem;text-align:center;font-size:.875rem}
h1{font-size:1.25rem;text-align:center;text-transform:uppercase}h2{font-size:1.0625rem}
.qr-block{float:right;width:8rem;text-align:center;margin:0 0 .5rem 1rem}.qr-block svg{width:8rem;height:8rem}
.code{font-family:ui-monospace,monospace;font-size:1.5rem;font-weight:700}
dt{font-weight:700}dd{margin:0 0 .5rem}.small{font-size:.875rem}.no-print{display:none}
.receipt-lines div{border-top:1px solid #b1b4b6;padding:.3rem 0}
@media print{@page{size:A5;margin:7mm}body{font-size:8.5pt;margin:0;padding:0}.code{font-size:10pt}.qr-block,.qr-block svg{width:24mm;height:24mm}}`;

/**
 * The receipt as a file of its own (HTML with its QR code), for the "Lưu biên nhận" link:
 * a `data:` URL with `download`, so saving works without JavaScript and nothing is stored.
 */
export function savedReceiptHref(title: string, receipt: SafeHtml): string {
  const doc = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${SAVED_RECEIPT_CSS}</style></head><body>${receipt.value}</body></html>`;
  let binary = '';
  for (const byte of new TextEncoder().encode(doc)) binary += String.fromCharCode(byte);
  return `data:text/html;charset=utf-8;base64,${btoa(binary)}`;
}

/**
 * The receipt (form 01) right after a dossier is accepted, online or at the counter.
 * `db`, when given, supplies the names of the files as stored; without it the receipt
 * names the components that came with a file, without file names.
 */
export async function receiptFor(
  index: CatalogueIndex,
  procedure: Procedure,
  accepted: Accepted,
  submission: Submission,
  uploaded: ReadonlySet<number>,
  channel: ChannelCode,
  db?: D1Database,
): Promise<SafeHtml> {
  const agency = index.agencyBySlug.get(submission.agency);
  const desk =
    index.agencyBySlug.get(accepted.deskSlug) ?? (agency ? index.deskOf(agency) : index.mainDesk);
  const returnDesk = index.agencyBySlug.get(accepted.returnDeskSlug) ?? desk;
  const parent = desk.parent ? index.agencyBySlug.get(desk.parent) : undefined;
  const url = lookupUrl(index.catalogue.site.url, accepted.code, accepted.secret);
  const { applicant, representative: rep } = submission;
  const loaded = db ? await loadOfficeDossier(db, accepted.code) : undefined;
  const stored = loaded?.attachments ?? [];
  const reception = loaded?.events.find((e) => e.action === 'register' || e.action === 'receive');
  const filesOf = (i: number) => stored.filter((f) => f.documentIndex === i).map((f) => f.fileName);
  const rules = ruleSetForDay(index.catalogue.ruleSets, vietnamDay(accepted.receivedAt));
  const onlineNote = procedure.channels.find((c) => c.type === 'truc-tuyen')?.note;
  const data: ReceiptData = {
    code: accepted.code,
    fee: feeDueText(feeDue(procedure.fees, channel)),
    secret: accepted.secret,
    qrSvg: await qrSvg(url),
    lookupUrl: url,
    lookupHref: lookupHref(accepted.code, accepted.secret),
    procedureTitle: procedure.title,
    processingDays: processingDaysFor(procedure, channel),
    processingHours: processingHoursFor(procedure, channel),
    desk,
    returnDesk,
    issuer: issuingBody(desk, parent),
    agencyName: agency?.name ?? '',
    channel,
    applicant: { ...applicant, email: applicant.email || undefined },
    declared: answerRows(
      procedure.onlineForm?.fields ?? [],
      Object.fromEntries(
        Object.entries(submission.fields).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      ),
    )
      .filter((a) => a.value.trim() !== '')
      .map(({ label, value }) => ({ label, value })),
    communes: index.communeChoices,
    representative: rep ? { fullName: rep.fullName, relation: rep.relation } : undefined,
    receivedAt: accepted.receivedAt,
    countedFrom: accepted.countedFrom,
    dueDate: accepted.dueDate,
    provisional: accepted.provisional,
    documents: procedure.documents.map((d, i) => ({
      name: d.name,
      sent: uploaded.has(i) || filesOf(i).length > 0,
      files: filesOf(i),
      originals: d.originals,
      copies: d.copies,
      condition: d.condition,
      note: d.note,
    })),
    channelNote: channel === CHANNEL.ONLINE ? onlineNote : undefined,
    sets: procedure.sets,
    replayed: accepted.replayed,
    form: formOfKind(rules, 'receipt'),
    // Counted in hours: the hour the count ends; else the rule set's hour for whole days.
    returnHour: accepted.dueHour
      ? formatHour(accepted.dueHour)
      : appointmentHour(rules, accepted.countedFrom, processingDaysFor(procedure, channel)),
    papers: loaded?.dossier.documentsReceived ?? undefined,
    placeDate: placeAndDate(
      placeOf(desk, index.catalogue.site.locality.province),
      vietnamDay(accepted.receivedAt),
    ),
    receivedBy: reception?.actorName ?? undefined,
  };
  const receipt = renderReceipt(data);
  const title = `Giấy tiếp nhận hồ sơ ${accepted.code}`;
  const fileName = `bien-nhan-${accepted.code.replace(/[^0-9A-Za-z-]+/g, '-')}.html`;
  return html`${receipt}
<div class="receipt-actions no-print">
<p><a class="button" href="${data.lookupHref}" rel="noreferrer">Tra cứu hồ sơ</a> <span class="small">(mở tình trạng của chính hồ sơ này)</span></p>
<p><a class="button secondary" href="${savedReceiptHref(title, receipt)}" download="${fileName}">Lưu biên nhận</a> <button type="button" class="secondary" data-print hidden>In hoặc lưu PDF</button></p>
<p class="small">«Lưu biên nhận» tải về một tệp giấy tiếp nhận (có mã QR để tra cứu) để mở lại hoặc in. Trên điện thoại, mã QR chỉ có trong bản in và tệp đã lưu (điện thoại không quét được mã trên chính màn hình của nó); mã hồ sơ và mã tra cứu ở trên là đủ để tra cứu.</p>
</div>`;
}
