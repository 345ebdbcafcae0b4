import { Hono } from 'hono';
import type { Officer } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { toCsv } from '../../../src/domain/csv.ts';
import { ACTION_LABELS, supplementRequests } from '../../../src/domain/dossier/lifecycle.ts';
import { CHANNEL_NAMES, STATUS_NAMES } from '../../../src/domain/dossier/status.ts';
import {
  TIMELINESS_LABELS,
  timeliness,
  vietnamDay,
} from '../../../src/domain/dossier/timeliness.ts';
import {
  formatDate,
  formatDateWithWeekday,
  formatHour,
  formatTimeLimit,
} from '../../../src/domain/format.ts';
import { type FormError, toFormErrors } from '../../../src/domain/errors.ts';
import { formatAddress, receivedDocuments } from '../../../src/domain/forms/display.ts';
import {
  appointmentHour,
  formByNumber,
  formOfKind,
  type LegalForm,
  type RuleSet,
  ruleSetForDay,
} from '../../../src/domain/rules/select.ts';
import { bookQuery } from '../../../src/schemas/office.ts';
import { formatReceptionTime } from '../../../src/ui/dossier.ts';
import { renderErrorSummary } from '../../../src/ui/form.ts';
import { html, raw, type SafeHtml } from '../../../src/ui/html.ts';
import { formSignature, hint, issuingBody, printedFormHead } from '../../../src/ui/printed-form.ts';
import type { Agency } from '../../../src/schemas/agency.ts';
import {
  noteDetail,
  placeAndDate,
  placeOf,
  supplementItems,
} from '../../../src/domain/forms/printed.ts';
import type { OfficeEvent } from '../../db/office.ts';
import { audit } from '../../db/audit.ts';
import { bookRows } from '../../db/book.ts';
import { type OfficeEnv, requireOfficer } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { readQuery } from '../../http/query.ts';
import { clientOf } from '../../http/rate-limit.ts';
import { officeNav } from './chrome.ts';
import { dossierInScope } from './dossier-access.ts';
import { rulesOfDossier } from '../../services/office-dossier.ts';
import { maskIdNumber } from '../../../src/domain/validate/personal.ts';

/** A dossier code that wraps only after its hyphens in a narrow column. */
const breakAfterHyphens = (code: string): SafeHtml =>
  html`${code.split('-').map((part, i) => html`${i > 0 ? html`-<wbr>` : ''}${part}`)}`;

/**
 * The legal forms printed from the data, numbered and titled by the dossier's own rule set
 * (content/rules/<id>.yaml, kept from its reception day): `/can-bo/ho-so/<mã>/mau/<NN>` on A5,
 * and the tracking book on A4 and as CSV (`/can-bo/so-theo-doi`), numbered by the set in force
 * in the month shown. A form whose title or fields the reference could not verify says so to
 * the officer on screen, never on paper.
 */
export function formRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const agencyName = (slug: string) => index.agencyBySlug.get(slug)?.name ?? slug;

  const province = index.catalogue.site.locality.province;
  /** The body a form is issued under: the receiving desk or the deciding agency, per the form. */
  const issuerOf = (form: LegalForm, deskSlug: string, agencySlug: string) =>
    (form.issuer === 'agency' ? index.agencyBySlug.get(agencySlug) : undefined) ??
    index.agencyBySlug.get(deskSlug) ??
    index.mainDesk;

  const printed = (form: LegalForm, body: SafeHtml, issuer: Agency, rules: RuleSet) => {
    const parent = issuer.parent ? index.agencyBySlug.get(issuer.parent) : undefined;
    return kit.render({
      title: form.title,
      bodyClass: 'receipt-page',
      head: html`<meta name="robots" content="noindex">`,
      scripts: ['/js/bieu-mau.js'],
      main: html`${form.confirmed ? '' : html`<div class="notice no-print"><p><strong>Mẫu chưa xác nhận:</strong> ${form.pending ?? ''} (${rules.title}.)</p></div>`}<article class="receipt">${printedFormHead(issuingBody(issuer, parent), form.number)}
<h1>${form.title}</h1>${body}</article>
<p class="no-print"><button type="button" class="secondary" data-print hidden>In phiếu</button></p>`,
    });
  };

  return new Hono<OfficeEnv>()
    .get(
      '/can-bo/ho-so/:code/mau/:form{[0-9][0-9]}',
      requireOfficer(['receptionist', 'specialist', 'leader']),
      async (c) => {
        const officer = c.get('officer') as Officer;
        c.header('cache-control', 'no-store');
        const found = await dossierInScope(c, index);
        if ('response' in found) return found.response;
        const { loaded, code } = found;
        const { dossier: d, events } = loaded;
        const rules = rulesOfDossier(index, d);
        const form = formByNumber(rules, c.req.param('form'));
        if (!form) return c.notFound();
        if (form.kind === 'book') {
          return c.redirect(
            `/can-bo/so-theo-doi?thang=${vietnamDay(d.receivedAt).slice(0, 7)}`,
            303,
          );
        }
        await audit(
          c.env.DB,
          {
            actor: officer.id,
            action: 'print-form',
            target: code,
            detail: `mẫu ${form.number}`,
            client: clientOf(c),
          },
          now().toISOString(),
        );
        const last = (action: string) => [...events].reverse().find((e) => e.action === action);
        const lines = (rows: [string, SafeHtml | string][]) =>
          html`<dl class="receipt-lines">${rows.map(([dt, dd]) => html`<div><dt>${dt}</dt><dd>${dd}</dd></div>`)}</dl>`;
        const a = d.applicant;
        const address = a ? formatAddress(a.address, a.commune, index.communeChoices) : '';
        const who = html`${a?.fullName ?? ''}${address ? html`, ${address}` : ''}${a?.phone ? html`, ĐT ${a.phone}` : ''}`;
        /** The step the form records: its letterhead, place and signer come from it. */
        const step = (e: OfficeEvent | undefined) =>
          issuerOf(form, d.deskSlug, e?.agencySlug ?? d.agencySlug);
        /** Place and date of the issuing body, then the title and name of who took the step. */
        const signature = (
          issuer: Agency,
          role: string,
          e: Pick<OfficeEvent, 'at' | 'actorName'> | undefined,
        ) =>
          formSignature(
            placeAndDate(placeOf(issuer, province), vietnamDay(e?.at ?? now().toISOString())),
            role,
            e?.actorName,
          );
        const documents = receivedDocuments(loaded.attachments);
        const procedure = await index.procedureForCode(d.procedureCode);
        const appointment = (due: string, countedFrom: string) => {
          // Counted in hours: the stored hour of the current appointment; else the set's hour.
          const hour =
            d.processingHours === null
              ? appointmentHour(rules, countedFrom, d.processingDays)
              : due === d.dueDate && d.dueHour
                ? formatHour(d.dueHour)
                : undefined;
          return html`<strong>${hour ? `${hour}, ` : ''}${formatDateWithWeekday(due)}</strong>`;
        };
        const page = (body: SafeHtml, issuer: Agency) => c.html(printed(form, body, issuer, rules));
        switch (form.kind) {
          case 'receipt': {
            // The reception: at the counter ("register") or of an online dossier ("receive").
            const e = events.find((x) => x.action === 'register' || x.action === 'receive');
            const issuer = step(e);
            const papers = d.documentsReceived ?? [];
            const sets = procedure
              ? html`Số lượng hồ sơ: ${String(procedure.sets).padStart(2, '0')} bộ.`
              : '';
            const fileList = html`<ol class="received-documents">${documents.map((doc) => html`<li>${doc.name}: ${String(doc.files).padStart(2, '0')} tệp điện tử</li>`)}</ol>`;
            return page(
              html`${lines([
                ['Mã hồ sơ', html`<span class="code">${d.code}</span>`],
                ['Tiếp nhận hồ sơ của', who],
                ['Số định danh cá nhân', maskIdNumber(a?.idNumber ?? '')],
                ...(a?.email ? ([['Thư điện tử', a.email]] as [string, string][]) : []),
                ...(a?.representative
                  ? ([
                      [
                        'Người nộp thay',
                        `${a.representative.fullName}, số định danh ${maskIdNumber(a.representative.idNumber)}${a.representative.relation ? ` (${a.representative.relation})` : ''}`,
                      ],
                    ] as [string, string][])
                  : []),
                ['Nội dung yêu cầu', d.procedureTitle],
                ...(papers.length > 0
                  ? ([
                      [
                        'Giấy tờ đã nhận',
                        html`<ol class="received-papers">${papers.map((name) => html`<li>${name}</li>`)}</ol>${documents.length > 0 ? '' : sets}`,
                      ],
                    ] as [string, SafeHtml][])
                  : []),
                ...(papers.length === 0 || documents.length > 0
                  ? ([
                      [
                        'Thành phần hồ sơ đã nhận',
                        html`${
                          documents.length > 0
                            ? fileList
                            : html`Không có tệp nào trong hệ thống; giấy tờ nhận trực tiếp:<br>…………………………………………<br>…………………………………………<br>${hint('(Người tiếp nhận ghi tên, số bản chính, bản sao của từng giấy tờ)')}`
                        }${procedure ? html`<br>${sets}` : ''}`,
                      ],
                    ] as [string, SafeHtml][])
                  : []),
                ['Hình thức nộp', CHANNEL_NAMES[d.channel]],
                [
                  'Thời gian giải quyết',
                  formatTimeLimit({
                    days: d.processingDays,
                    hours: d.processingHours ?? undefined,
                  }),
                ],
                ['Thời gian nhận hồ sơ', formatReceptionTime(d.receivedAt)],
                ['Thời gian trả kết quả', appointment(d.dueDate, d.countedFrom)],
                ['Nhận kết quả tại', agencyName(d.returnDeskSlug)],
                [
                  'Hình thức nhận kết quả',
                  html`☐ Trực tiếp tại nơi nộp hồ sơ ☐ Qua dịch vụ bưu chính công ích ☐ Trực tuyến<br>${hint('(Người tiếp nhận đánh dấu theo lựa chọn của người nộp)')}`,
                ],
                ['Mã tra cứu', 'in trên giấy tiếp nhận cấp lần đầu (không in lại)'],
              ])}${signature(issuer, 'Người tiếp nhận', e ?? { at: d.receivedAt, actorName: null })}`,
              issuer,
            );
          }
          case 'supplement': {
            const e = last('request-supplement');
            if (!e) return c.notFound();
            const issuer = step(e);
            const requests = supplementRequests(events);
            const items = supplementItems(e.publicNote);
            return page(
              html`${lines([
                ['Hồ sơ của', who],
                ['Mã hồ sơ', d.code],
                ['Nội dung yêu cầu', d.procedureTitle],
                ['Ngày', formatReceptionTime(e.at)],
                ...(requests > 1
                  ? ([['Lần yêu cầu bổ sung', String(requests).padStart(2, '0')]] as [
                      string,
                      string,
                    ][])
                  : []),
                [
                  'Cần bổ sung, hoàn thiện',
                  items.length > 1
                    ? html`<ol>${items.map((item) => html`<li>${item}</li>`)}</ol>`
                    : (items[0] ?? ''),
                ],
                ['Liên hệ', `${agencyName(d.deskSlug)} · ${index.catalogue.site.hotline}`],
              ])}<p>Đề nghị bổ sung một lần, đầy đủ các nội dung trên. Thời hạn giải quyết được tính lại từ khi hồ sơ đủ, hợp lệ.</p>${signature(issuer, 'Người hướng dẫn', e)}`,
              issuer,
            );
          }
          case 'refusal': {
            const e = last('refuse');
            if (!e) return c.notFound();
            const issuer = step(e);
            return page(
              html`${lines([
                ['Người nộp', who],
                ['Số định danh cá nhân', maskIdNumber(a?.idNumber ?? '')],
                ['Mã hồ sơ', d.code],
                ['Nội dung yêu cầu', d.procedureTitle],
                ['Lý do từ chối', noteDetail('refuse', e.publicNote)],
                ['Ngày', formatReceptionTime(e.at)],
              ])}${signature(issuer, 'Người tiếp nhận', e)}`,
              issuer,
            );
          }
          case 'apology': {
            const e = last('apologize');
            if (!e) return c.notFound();
            const issuer = step(e);
            const before =
              [...events].filter((x) => x.id < e.id && x.dueDate).at(-1)?.dueDate ?? d.dueDate;
            const seq = d.code.split('-').at(-1) ?? '';
            return page(
              html`<p class="form-ref">Số: ${seq}/PXL</p>${lines([
                ['Kính gửi', a?.fullName ?? ''],
                ['Số định danh cá nhân', maskIdNumber(a?.idNumber ?? '')],
                ['Mã hồ sơ', d.code],
                ['Nội dung yêu cầu', d.procedureTitle],
                ['Thời gian hẹn trả ban đầu', appointment(before, d.countedFrom)],
                ['Lý do chưa trả kết quả đúng hẹn', noteDetail('apologize', e.publicNote)],
                [
                  'Thời gian đề nghị trả kết quả mới',
                  appointment(e.dueDate ?? d.dueDate, d.countedFrom),
                ],
              ])}<p>${issuer.name} thành thật xin lỗi ông/bà vì sự chậm trễ này.</p>${signature(issuer, 'Thủ trưởng cơ quan', e)}`,
              issuer,
            );
          }
          case 'stop': {
            const e = last('stop');
            if (!e) return c.notFound();
            const issuer = step(e);
            return page(
              html`${lines([
                ['Kính gửi', who],
                ['Số định danh cá nhân', maskIdNumber(a?.idNumber ?? '')],
                ['Mã hồ sơ', d.code],
                ['Nội dung yêu cầu', d.procedureTitle],
                ['Thời gian nhận hồ sơ', formatReceptionTime(d.receivedAt)],
                ['Lý do dừng giải quyết', noteDetail('stop', e.publicNote)],
                ['Ngày dừng giải quyết', formatReceptionTime(e.at)],
              ])}<p>${issuer.name} thông báo dừng giải quyết hồ sơ nêu trên.</p>${signature(issuer, 'Thủ trưởng cơ quan', e)}`,
              issuer,
            );
          }
          default: {
            const issuer = step(undefined);
            const timely = timeliness(events, d.statutoryDueDate, now());
            return page(
              html`${lines([
                ['Mã hồ sơ', d.code],
                ['Cơ quan giải quyết', agencyName(d.agencySlug)],
                ['Ngày nhận', formatReceptionTime(d.receivedAt)],
                ['Hẹn trả', formatDate(d.dueDate)],
              ])}
<table><thead><tr><th scope="col">Thời gian</th><th scope="col">Bước</th><th scope="col">Người thực hiện</th><th scope="col">Trạng thái sau</th></tr></thead>
<tbody>${events.map((e) => html`<tr><td>${formatReceptionTime(e.at)}</td><td>${e.action && (ACTION_LABELS as Record<string, string>)[e.action] ? (ACTION_LABELS as Record<string, string>)[e.action] : e.action === 'register' ? 'Tiếp nhận tại quầy' : 'Nộp hồ sơ'}</td><td>${e.actorName ?? (e.actor === 'citizen' ? 'Người dân' : e.actor)}</td><td>${STATUS_NAMES[e.status]}</td></tr>`)}</tbody></table>
<p><strong>Kết quả giải quyết hồ sơ:</strong> ${TIMELINESS_LABELS[timely.state]}</p>
<p class="place-date"><em>${placeAndDate(placeOf(issuer, province), vietnamDay(now().toISOString()))}</em></p>`,
              issuer,
            );
          }
        }
      },
    )
    .get(
      '/can-bo/so-theo-doi',
      requireOfficer(['receptionist', 'specialist', 'leader']),
      async (c) => {
        const officer = c.get('officer') as Officer;
        c.header('cache-control', 'no-store');
        /** The month picker, with its inline error when the month typed is not one. */
        const monthForm = (value: string, error?: string) =>
          html`<form method="get" class="search no-print"><label for="thang">Tháng</label>${error ? html`<p class="field-error" id="thang-error"><span class="visually-hidden">Lỗi:</span> ${error}</p>` : ''}<input type="month" id="thang" name="thang" value="${value}"${error ? raw(' aria-describedby="thang-error" aria-invalid="true"') : ''}><button type="submit">Xem</button></form>`;
        const query = readQuery(c, bookQuery);
        if (!query.ok) {
          // A month that is not one: the picker again with what was typed, and no book.
          const errors: FormError[] = toFormErrors(query.refusal.problems, (path) =>
            path === 'thang' ? 'thang' : undefined,
          ).map((e) => (e.name === 'thang' ? { ...e, id: 'thang' } : e));
          const typed = new URL(c.req.url).searchParams.get('thang') ?? '';
          return c.html(
            kit.render({
              title: 'Sổ theo dõi hồ sơ',
              hasErrors: true,
              head: html`<meta name="robots" content="noindex">`,
              sectionNav: officeNav(officer, c.get('csrf'), 'book'),
              main: html`${renderErrorSummary(errors)}<h1>Sổ theo dõi hồ sơ</h1>
${monthForm(typed.slice(0, 20), errors.find((e) => e.name === 'thang')?.message)}`,
            }),
            400,
          );
        }
        const csv = query.value.dang === 'csv';
        const month = query.value.thang ?? vietnamDay(now().toISOString()).slice(0, 7);
        const rows = await bookRows(c.env.DB, officer.agencies, month);
        const bookNumber = formOfKind(
          ruleSetForDay(index.catalogue.ruleSets, `${month}-01`),
          'book',
        )?.number;
        const header = [
          'STT',
          'Mã hồ sơ',
          'Tên thủ tục hành chính',
          'Tên tổ chức, cá nhân',
          'Địa chỉ, số điện thoại',
          'Cơ quan chủ trì giải quyết',
          'Nhận hồ sơ',
          'Hẹn trả kết quả',
          'Trả kết quả',
          'Phương thức nhận kết quả',
          'Ký nhận',
        ];
        const data = rows.map((r, i) => [
          i + 1,
          r.code,
          r.procedureTitle,
          r.fullName ?? '',
          [formatAddress(r.address ?? '', r.commune ?? undefined, index.communeChoices), r.phone]
            .filter(Boolean)
            .join(', '),
          agencyName(r.agencySlug),
          formatReceptionTime(r.receivedAt),
          formatDate(r.dueDate),
          r.returnedAt ? formatReceptionTime(r.returnedAt) : '',
          r.returnedAt ? `Trực tiếp tại ${agencyName(r.returnDeskSlug)}` : '',
          '',
        ]);
        await audit(
          c.env.DB,
          {
            actor: officer.id,
            action: csv ? 'export-csv' : 'view-book',
            target: `so-theo-doi ${month}`,
            detail: `${rows.length} hồ sơ`,
            client: clientOf(c),
          },
          now().toISOString(),
        );
        if (csv) {
          return c.body(toCsv(header, data), 200, {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="so-theo-doi-${month}.csv"`,
            'cache-control': 'no-store',
          });
        }
        return c.html(
          kit.render({
            title: `Sổ theo dõi hồ sơ tháng ${month.slice(5)}/${month.slice(0, 4)}`,
            bodyClass: 'book-page',
            head: html`<meta name="robots" content="noindex">`,
            sectionNav: officeNav(officer, c.get('csrf'), 'book'),
            main: html`<h1>Sổ theo dõi hồ sơ tháng ${month.slice(5)}/${month.slice(0, 4)}</h1>
${monthForm(month)}
<p class="no-print"><a href="/can-bo/so-theo-doi?thang=${month}&amp;dang=csv" download>Tải sổ (CSV)</a> · In trang này để có sổ khổ A4.</p>
<div class="table-scroll" tabindex="0" role="region" aria-label="Sổ theo dõi hồ sơ"><table class="book"><caption class="visually-hidden">Sổ theo dõi hồ sơ${bookNumber ? ` (mẫu số ${bookNumber})` : ''}</caption><thead><tr>${header.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${data.map((row) => html`<tr>${row.map((cell, i) => html`<td>${i === 1 ? breakAfterHyphens(String(cell)) : String(cell)}</td>`)}</tr>`)}</tbody></table></div>`,
          }),
        );
      },
    );
}
