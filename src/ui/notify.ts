import { NOTIFY_FIELD } from '../domain/forms/fields.ts';
import { CHANNEL_LABELS, type NotifyChannel } from '../domain/notify/delivery.ts';
import { formatDateTime } from '../domain/format.ts';
import type { FormField } from '../schemas/online-form.ts';
import { type FieldState, renderField } from './form.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * The back office's view of messages to citizens (docs/adr/0019-notifications.md): each
 * message of a dossier with its delivery (never its text or address), and the alert on the
 * dashboard when a channel fails for a reason of configuration.
 */

export interface DeliveryView {
  kind: string;
  channel: string;
  createdAt: string;
  status: string;
  /** Failed for good: the officer should reach the citizen another way. */
  failed: boolean;
}

export function deliveriesSection(rows: readonly DeliveryView[]): SafeHtml {
  return html`<h2 id="tin-nhan">Tin nhắn gửi người dân</h2>
${
  rows.length === 0
    ? html`<p>Chưa có tin nhắn nào.</p>`
    : html`<div class="table-scroll" role="region" tabindex="0" aria-label="Tin nhắn gửi người dân"><table><caption class="visually-hidden">Tin nhắn đã tạo cho hồ sơ và tình trạng gửi</caption>
<thead><tr><th scope="col">Tin</th><th scope="col">Kênh</th><th scope="col">Tạo lúc</th><th scope="col">Tình trạng</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.kind}</td><td>${r.channel}</td><td>${formatDateTime(r.createdAt)}</td><td>${r.failed ? html`<strong class="badge bad">${r.status}</strong>` : r.status}</td></tr>`)}</tbody></table></div>
${rows.some((r) => r.failed) ? html`<p class="small">Tin không gửi được: hãy liên hệ người nộp bằng cách khác (điện thoại, tại quầy).</p>` : ''}`
}`;
}

export interface AlertView {
  channel: NotifyChannel;
  code: string;
  lastAt: string;
  count: number;
}

/** The dashboard's alert: which channels fail for a reason of configuration since when. */
export function notifyAlertBanner(
  alerts: readonly AlertView[],
  clear: { csrfField: SafeHtml } | undefined,
): SafeHtml | '' {
  if (alerts.length === 0) return '';
  return html`<div class="notice" role="alert"><h2>Tin nhắn cho người dân đang không gửi được</h2>
<ul>${alerts.map((a) => html`<li>${CHANNEL_LABELS[a.channel]}: lỗi cấu hình hoặc tài khoản nhà cung cấp (mã ${a.code}), ${a.count} tin, gần nhất lúc ${formatDateTime(a.lastAt)}.${clear ? html` <form method="post" action="/can-bo/tin-nhan/sua-xong">${clear.csrfField}<input type="hidden" name="kenh" value="${a.channel}"><button type="submit">Đã sửa cấu hình, gửi lại</button></form>` : ''}</li>`)}</ul>
<p class="small">Quản trị viên kiểm tra khóa, số dư và cấu hình kênh (docs/deploy.md, mục Gửi tin nhắn).</p></div>`;
}

const CHOICE_LABELS: Record<NotifyChannel, string> = {
  zalo: 'Zalo (số điện thoại ở trên có dùng Zalo)',
  sms: 'Tin nhắn SMS đến số điện thoại ở trên',
  email: 'Email (nhập email ở trên)',
};

/**
 * The choice of channel on the online and counter forms: the channels this deployment offers
 * (none asked when there is only one). `adapt` words the field for the officer at the counter.
 */
export function notifyChoice(
  channels: readonly NotifyChannel[],
  state: FieldState,
  adapt: (field: FormField) => FormField = (f) => f,
): SafeHtml | '' {
  if (channels.length < 2) return '';
  return renderField(adapt(NOTIFY_FIELD), state, {
    options: channels.map((c) => ({ value: c, label: CHOICE_LABELS[c] })),
  });
}
