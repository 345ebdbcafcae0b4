import { Hono } from 'hono';
import { type Officer, seesPersonalData } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import {
  ACTION_LABELS,
  type ActionName,
  availableActions,
  type DossierState,
  transition,
} from '../../../src/domain/dossier/lifecycle.ts';
import { composeMessage, messageFor } from '../../../src/domain/dossier/messages.ts';
import { CHANNEL_NAMES, STATUS_NAMES } from '../../../src/domain/dossier/status.ts';
import {
  TIMELINESS_LABELS,
  timeliness,
  vietnamDay,
  workingDaysUsed,
} from '../../../src/domain/dossier/timeliness.ts';
import { normaliseDate } from '../../../src/domain/forms/fields.ts';
import {
  formatDate,
  formatDateWithWeekday,
  formatWorkingDays,
} from '../../../src/domain/format.ts';
import { PURGED_NOTICE } from '../../../src/domain/retention.ts';
import { formatReceptionTime, maskName } from '../../../src/ui/dossier.ts';
import { html, type SafeHtml } from '../../../src/ui/html.ts';
import { audit } from '../../db/audit.ts';
import {
  applyChange,
  loadOfficeDossier,
  type OfficeDossier,
  type OfficeEvent,
} from '../../db/office.ts';
import { type OfficeEnv, requireCsrf, requireOfficer } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { clientOf } from '../../http/rate-limit.ts';
import { deliverPending, type MessageSender } from '../../services/outbox.ts';
import { dossierInScope, type LoadedDossier } from './dossier-access.ts';
import { csrfField, officeNav } from './chrome.ts';

const ACTION_NAMES = Object.keys(ACTION_LABELS) as ActionName[];

/** Lets work finish after the response; without an execution context (tests) it just runs. */
function inBackground(
  c: { executionCtx: { waitUntil(p: Promise<unknown>): void } },
  work: Promise<unknown>,
): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    void work;
  }
}

/** The lifecycle view of a stored dossier. */
export function stateOf(d: OfficeDossier, events: readonly OfficeEvent[]): DossierState {
  return {
    status: d.status,
    dueDate: d.dueDate,
    countedFrom: d.countedFrom,
    processingDays: d.processingDays,
    agency: d.agencySlug,
    events: events.map((e) => ({
      action: (e.action ?? 'submit') as DossierState['events'][number]['action'],
      status: e.status,
      at: e.at,
    })),
  };
}

/** A form field's value as the lifecycle expects it. */
function inputFrom(action: ActionName, body: Record<string, unknown>): Record<string, unknown> {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const input: Record<string, unknown> = {};
  if (text('note').trim()) input.note = text('note');
  if (action === 'request-supplement') {
    input.missing = text('missing')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
  }
  if (action === 'refuse' || action === 'withdraw' || action === 'stop' || action === 'apologize')
    input.reason = text('reason');
  if (action === 'assign' || action === 'transfer') input.agency = text('agency');
  if (action === 'request-payment')
    input.amount = Number(text('amount').replace(/[.\s,đ]/g, '')) || text('amount');
  if (action === 'apologize') input.newDueDate = normaliseDate(text('newDueDate').trim());
  return input;
}

export interface DossierRouteDeps {
  index: CatalogueIndex;
  kit: PageKit;
  now: () => Date;
  sender: MessageSender;
}

/** `/can-bo/ho-so/<mã>`: the dossier, its timeline and the actions its state allows. */
export function dossierRoutes({ index, kit, now, sender }: DossierRouteDeps) {
  const agencyName = (slug: string) => index.agencyBySlug.get(slug)?.name ?? slug;

  function actionForm(action: ActionName, code: string, csrf: string, d: OfficeDossier): SafeHtml {
    const procedure = index.procedureByCode.get(d.procedureCode);
    const agencies = (procedure?.agencies ?? []).filter(
      (slug) => action !== 'transfer' || slug !== d.agencySlug,
    );
    const fields: SafeHtml[] = [];
    if (action === 'request-supplement') {
      fields.push(
        html`<div class="field"><label for="missing-${action}">Giấy tờ cần bổ sung, mỗi dòng một giấy tờ</label><textarea id="missing-${action}" name="missing" rows="4" required></textarea></div>`,
      );
    }
    if (
      action === 'refuse' ||
      action === 'withdraw' ||
      action === 'stop' ||
      action === 'apologize'
    ) {
      fields.push(
        html`<div class="field"><label for="reason-${action}">Lý do</label><textarea id="reason-${action}" name="reason" rows="3" required></textarea></div>`,
      );
    }
    if (action === 'assign' || action === 'transfer') {
      fields.push(
        html`<div class="field"><label for="agency-${action}">Cơ quan giải quyết</label><select id="agency-${action}" name="agency" required>${agencies.map((slug) => html`<option value="${slug}">${agencyName(slug)}</option>`)}</select></div>`,
      );
    }
    if (action === 'request-payment') {
      fields.push(
        html`<div class="field"><label for="amount-${action}">Số tiền (đồng)</label><input id="amount-${action}" name="amount" inputmode="numeric" required></div>`,
      );
    }
    if (action === 'apologize') {
      fields.push(
        html`<div class="field"><label for="date-${action}">Ngày hẹn trả mới</label><input type="date" id="date-${action}" name="newDueDate" required></div>`,
      );
    }
    return html`<details class="action"><summary>${ACTION_LABELS[action]}</summary>
<form method="post" action="/can-bo/ho-so/${encodeURIComponent(code)}/thao-tac">${csrfField(csrf)}<input type="hidden" name="action" value="${action}"><input type="hidden" name="expected" value="${d.status}">
${fields}
<div class="field"><label for="note-${action}">Ghi chú nội bộ <span class="small">(không bắt buộc; người dân không thấy)</span></label><textarea id="note-${action}" name="note" rows="2"></textarea></div>
<button type="submit">${ACTION_LABELS[action]}</button></form></details>`;
  }

  function render(
    officer: Officer,
    csrf: string,
    loaded: LoadedDossier,
    notice: { error?: string | undefined; done?: string | undefined },
  ): string {
    const { dossier: d, events, attachments } = loaded;
    const personal = seesPersonalData(officer);
    const procedure = index.procedureByCode.get(d.procedureCode);
    const agency = index.agencyBySlug.get(d.agencySlug);
    const actions =
      officer.role === 'admin'
        ? []
        : availableActions(stateOf(d, events), {
            now: now(),
            role: officer.role,
            calendar: index.calendar,
            ...(agency?.workingWeek ? { week: agency.workingWeek } : {}),
            agencies: procedure?.agencies ?? [],
          });
    const timely = timeliness(events, d.statutoryDueDate, now());
    const form = (() => {
      try {
        return JSON.parse(d.formData) as Record<string, string>;
      } catch {
        return {};
      }
    })();
    const fieldLabel = (name: string) =>
      procedure?.onlineForm?.fields.find((f) => f.name === name)?.label ?? name;
    const main = html`${officeNav(officer, csrf, 'queue')}
<p class="crumbs-back"><a href="/can-bo">← Hàng đợi</a></p>
<h1>Hồ sơ ${d.code}</h1>
${notice.error ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>Không thực hiện được</h2><p>${notice.error}</p></div>` : ''}
${notice.done ? html`<div class="notice" role="status"><p>Đã ghi: ${notice.done}.</p></div>` : ''}
<dl class="facts">
<div><dt>Thủ tục</dt><dd>${d.procedureTitle} (${d.procedureCode})</dd></div>
<div><dt>Trạng thái</dt><dd><strong>${STATUS_NAMES[d.status]}</strong></dd></div>
<div><dt>Hẹn trả</dt><dd>${formatDateWithWeekday(d.dueDate)}${d.calendarProvisional ? ' (lịch dự tính)' : ''}<br><span class="small">${TIMELINESS_LABELS[timely.state]}</span></dd></div>
<div><dt>Thời hạn</dt><dd>${formatWorkingDays(d.processingDays)}, tính từ ${formatReceptionTime(d.countedFrom)}</dd></div>
<div><dt>Kênh nộp</dt><dd>${CHANNEL_NAMES[d.channel]}</dd></div>
<div><dt>Cơ quan giải quyết</dt><dd>${agencyName(d.agencySlug)}</dd></div>
</dl>
<h2>Người có yêu cầu</h2>
${
  d.purgedAt
    ? html`<div class="notice" role="note"><p>${PURGED_NOTICE} Ngày xóa: ${formatDate(vietnamDay(d.purgedAt))}.</p></div>`
    : personal
      ? html`<dl class="receipt-lines">
<div><dt>Họ và tên</dt><dd>${d.fullName ?? ''}</dd></div>
<div><dt>Số định danh</dt><dd>${d.idNumber ?? ''}</dd></div>
<div><dt>Ngày sinh</dt><dd>${d.birthDate ? formatDate(d.birthDate) : ''}</dd></div>
<div><dt>Điện thoại</dt><dd>${d.phone ?? ''}</dd></div>
${d.email ? html`<div><dt>Email</dt><dd>${d.email}</dd></div>` : ''}
<div><dt>Địa chỉ</dt><dd>${d.address ?? ''}${d.commune ? html` (xã ${d.commune})` : ''}</dd></div>
${d.onBehalf ? html`<div><dt>Người nộp thay</dt><dd>${d.repFullName} (${d.repRelation}), số định danh ${d.repIdNumber}, điện thoại ${d.repPhone}</dd></div>` : ''}
</dl>`
      : html`<p>${maskName(d.fullName)} <span class="small">(quản trị viên không xem dữ liệu cá nhân)</span></p>`
}
${Object.keys(form).length > 0 ? html`<h2>Nội dung yêu cầu</h2><dl class="receipt-lines">${Object.entries(form).map(([k, v]) => html`<div><dt>${fieldLabel(k)}</dt><dd>${v}</dd></div>`)}</dl>` : ''}
<h2>Giấy tờ đính kèm</h2>
${
  attachments.length === 0
    ? html`<p>${d.purgedAt ? 'Tệp đính kèm đã được xóa theo quy định lưu trữ.' : 'Không có tệp đính kèm.'}</p>`
    : html`<ul>${attachments.map((a) => html`<li>${a.documentName}: ${personal ? html`<a href="/can-bo/ho-so/${encodeURIComponent(d.code)}/tep/${a.id}">${a.fileName}</a>` : a.fileName} (${Math.ceil(a.size / 1024)} KB)</li>`)}</ul>`
}
<h2>Quá trình giải quyết</h2>
<ol class="timeline">${events.map(
      (
        e,
      ) => html`<li><strong>${STATUS_NAMES[e.status]}</strong>${e.action && e.action !== 'submit' && e.action !== 'register' && (ACTION_LABELS as Record<string, string>)[e.action] ? html` – ${(ACTION_LABELS as Record<string, string>)[e.action]}` : ''} <span class="small">– ${formatReceptionTime(e.at)}, ${e.actorName ?? (e.actor === 'citizen' ? 'người dân (trực tuyến)' : e.actor)}</span>
${e.publicNote ? html`<p class="event-note">Người dân thấy: ${e.publicNote}</p>` : ''}${e.note ? html`<p class="event-note">Ghi chú nội bộ: ${e.note}</p>` : ''}${e.dueDate && e.action && ['receive', 'supplement-received', 'apologize'].includes(e.action) ? html`<p class="small">Hẹn trả: ${formatDate(e.dueDate)}</p>` : ''}</li>`,
    )}</ol>
${actions.length > 0 ? html`<h2>Thao tác</h2>${actions.map((a) => actionForm(a, d.code, csrf, d))}` : officer.role === 'admin' ? '' : html`<p>Không có thao tác nào cho tài khoản của bạn ở trạng thái này.</p>`}
<h2>In phiếu</h2>
<ul class="print-links">
<li><a href="/can-bo/ho-so/${encodeURIComponent(d.code)}/mau/01">Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả</a></li>
${events.some((e) => e.action === 'request-supplement') ? html`<li><a href="/can-bo/ho-so/${encodeURIComponent(d.code)}/mau/02">Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</a></li>` : ''}
${events.some((e) => e.action === 'refuse') ? html`<li><a href="/can-bo/ho-so/${encodeURIComponent(d.code)}/mau/03">Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ</a></li>` : ''}
${events.some((e) => e.action === 'apologize') ? html`<li><a href="/can-bo/ho-so/${encodeURIComponent(d.code)}/mau/04">Mẫu 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả</a></li>` : ''}
<li><a href="/can-bo/ho-so/${encodeURIComponent(d.code)}/mau/05">Mẫu 05: Phiếu kiểm soát quá trình giải quyết hồ sơ</a></li>
</ul>`;
    return kit.render({
      title: `Hồ sơ ${d.code}`,
      main,
      hasErrors: Boolean(notice.error),
      head: html`<meta name="robots" content="noindex">`,
    });
  }

  return new Hono<OfficeEnv>()
    .get('/can-bo/ho-so/:code', requireOfficer(), async (c) => {
      const officer = c.get('officer') as Officer;
      c.header('cache-control', 'no-store');
      const found = await dossierInScope(c);
      if ('response' in found) return found.response;
      const { loaded, code } = found;
      if (seesPersonalData(officer)) {
        await audit(
          c.env.DB,
          { actor: officer.id, action: 'view-personal-data', target: code, client: clientOf(c) },
          now().toISOString(),
        );
      }
      const done = c.req.query('da-ghi');
      return c.html(
        render(officer, c.get('csrf'), loaded, {
          done: done && (ACTION_LABELS as Record<string, string>)[done],
        }),
      );
    })
    .post(
      '/can-bo/ho-so/:code/thao-tac',
      requireOfficer(['receptionist', 'specialist', 'leader']),
      requireCsrf(),
      async (c) => {
        const officer = c.get('officer') as Officer;
        c.header('cache-control', 'no-store');
        const found = await dossierInScope(c);
        if ('response' in found) return found.response;
        const { loaded, code } = found;
        const { dossier: d, events } = loaded;
        const body = await c.req.parseBody();
        const action =
          typeof body.action === 'string' && (ACTION_NAMES as string[]).includes(body.action)
            ? (body.action as ActionName)
            : undefined;
        const at = now();
        if (!action)
          return c.html(
            render(officer, c.get('csrf'), loaded, { error: 'Không rõ thao tác cần thực hiện.' }),
            422,
          );
        if (String(body.expected ?? d.status) !== String(d.status)) {
          return c.html(
            render(officer, c.get('csrf'), loaded, {
              error:
                'Hồ sơ vừa được người khác cập nhật; hãy xem lại trạng thái rồi thao tác tiếp.',
            }),
            409,
          );
        }
        const procedure = index.procedureByCode.get(d.procedureCode);
        const agency = index.agencyBySlug.get(d.agencySlug);
        const result = transition(stateOf(d, events), action, inputFrom(action, body), {
          now: at,
          role: officer.role,
          calendar: index.calendar,
          ...(agency?.workingWeek ? { week: agency.workingWeek } : {}),
          agencies: procedure?.agencies ?? [],
        });
        if (!result.ok)
          return c.html(render(officer, c.get('csrf'), loaded, { error: result.reason }), 422);
        const kind = messageFor(action);
        const desk = index.agencyBySlug.get(d.deskSlug) ?? index.mainDesk;
        const contact = d.email
          ? { channel: 'email' as const, recipient: d.email }
          : d.phone
            ? { channel: 'sms' as const, recipient: d.phone }
            : undefined;
        const message =
          kind && contact
            ? {
                kind,
                ...contact,
                ...composeMessage(
                  kind,
                  {
                    code: d.code,
                    procedureTitle: d.procedureTitle,
                    deskName: desk.name,
                    dueDate: result.dueDate,
                    hotline: index.catalogue.site.hotline,
                  },
                  result.event.publicNote,
                ),
              }
            : undefined;
        const applied = await applyChange(c.env.DB, {
          dossierId: d.id,
          fromStatus: d.status,
          toStatus: result.status,
          agencySlug: result.agency,
          dueDate: result.dueDate,
          countedFrom: result.countedFrom,
          provisional: result.provisional,
          event: {
            action,
            at: result.event.at,
            actor: officer.id,
            note: result.event.note,
            publicNote: result.event.publicNote,
            workingDays: workingDaysUsed(
              index.calendar,
              result.countedFrom,
              result.event.at,
              (index.agencyBySlug.get(result.agency) ?? agency)?.workingWeek,
            ),
          },
          message,
          audit: {
            actor: officer.id,
            action: 'transition',
            target: d.code,
            detail: `${action}: ${d.status} → ${result.status}`,
            client: clientOf(c),
          },
        });
        if (!applied) {
          const fresh = await loadOfficeDossier(c.env.DB, code);
          return c.html(
            render(officer, c.get('csrf'), fresh ?? loaded, {
              error:
                'Hồ sơ vừa được người khác cập nhật; hãy xem lại trạng thái rồi thao tác tiếp.',
            }),
            409,
          );
        }
        if (message)
          inBackground(
            c,
            deliverPending(c.env.DB, sender).catch(() => 0),
          );
        return c.redirect(`/can-bo/ho-so/${encodeURIComponent(d.code)}?da-ghi=${action}`, 303);
      },
    )
    .get(
      '/can-bo/ho-so/:code/tep/:id',
      requireOfficer(['receptionist', 'specialist', 'leader']),
      async (c) => {
        const officer = c.get('officer') as Officer;
        const found = await dossierInScope(c);
        if ('response' in found) return found.response;
        const { loaded, code } = found;
        const file = loaded.attachments.find((a) => a.id === c.req.param('id'));
        const object = file ? await c.env.FILES?.get(file.storageKey) : null;
        if (!file || !object) return c.notFound();
        await audit(
          c.env.DB,
          {
            actor: officer.id,
            action: 'view-attachment',
            target: code,
            detail: file.documentName,
            client: clientOf(c),
          },
          now().toISOString(),
        );
        return new Response(object.body, {
          headers: {
            'content-type': file.contentType,
            'content-disposition': `attachment; filename="tep.${file.fileName.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          },
        });
      },
    );
}
