import { type CommuneChoice, communeName, inSentence } from '../domain/commune.ts';
import { APPLICANT_FIELDS, NOTIFY_FIELD, REPRESENTATIVE_FIELDS } from '../domain/forms/fields.ts';
import type { NotifyChannel } from '../domain/notify/delivery.ts';
import { notifyChoice } from './notify.ts';
import { FILE_NOT_KEPT } from '../domain/forms/messages.ts';
import type { FormError } from '../domain/errors.ts';
import { routes } from '../domain/routes.ts';
import type { Agency } from '../schemas/agency.ts';
import { ONLINE_LABELS, type Procedure } from '../schemas/procedure.ts';
import { OTHER_COMMUNE } from '../schemas/submission.ts';
import { renderErrorSummary, renderField, renderFileField } from './form.ts';
import { html, type SafeHtml } from './html.ts';

export interface ApplyFormState {
  values: Record<string, string>;
  errors: FormError[];
  idempotencyKey: string;
  /** The error summary's heading when it is not a list of mistakes (a 429: "not sent yet"). */
  errorHeading?: string;
  /**
   * Indexes of the file inputs that came with a file in the post shown again: browsers
   * never send a file twice, so each says it was not kept and must be chosen again.
   */
  filesNotKept?: readonly number[];
}

/** The online request form of a procedure, with the common applicant section. */
export function renderApplyForm(
  procedure: Procedure,
  options: {
    agencies: readonly Agency[];
    /**
     * For a procedure received regardless of administrative boundary: the centres where the
     * citizen may collect the result (none chosen: where the dossier is received).
     */
    returnDesks?: readonly Agency[] | undefined;
    /** Today's communes, then former ones merged into them ("Xã Lợi Hải (nay là xã Thuận Bắc)"). */
    communes: readonly CommuneChoice[];
    state: ApplyFormState;
    /** Where the form posts (default: the page itself). */
    action?: string;
    /** Extra hidden inputs, e.g. the back office's CSRF token. */
    hidden?: SafeHtml;
    /** At the counter the officer fills the form in; the heading says so. */
    counter?: boolean;
    /** The personal-data notice of the rule set in force today (src/domain/rules/). */
    privacy?: { text: string; basis?: string } | undefined;
    /**
     * Applicant fields filled from the signed-in citizen's identity (field name → value):
     * shown read-only, whatever was posted.
     */
    locked?: Readonly<Record<string, string>> | undefined;
    /** Above the form: signed in as whom, or the invitation to sign in (src/ui/citizen.ts). */
    account?: SafeHtml | undefined;
    /** The page the form belongs to (default: the procedure's; a chain's page for a chain). */
    backHref?: string;
    /** The channels offered for messages about the dossier (none asked when fewer than two). */
    notifyChannels?: readonly NotifyChannel[] | undefined;
  },
): SafeHtml {
  const { values, errors } = options.state;
  const errorOf = (name: string) => errors.find((e) => e.name === name)?.message;
  const state = (name: string) => {
    const locked = options.locked?.[name];
    if (locked !== undefined) return { value: locked, locked: true };
    const error = errorOf(name);
    return { value: values[name] ?? '', ...(error ? { error } : {}) };
  };
  const form = procedure.onlineForm;
  const attachments = form?.attachments ?? 'optional';
  const communes = [
    ...options.communes.map((c) => ({
      value: c.name,
      label: c.now ? `${communeName(c.unit, c.name)} (nay là ${inSentence(c.now)})` : c.label,
    })),
    { value: OTHER_COMMUNE, label: 'Nơi khác' },
  ];
  const communeField = {
    name: 'xa',
    label: options.communes.every((c) => c.unit === 'xa')
      ? 'Xã nơi cư trú'
      : 'Xã, phường, đặc khu nơi cư trú',
    type: 'select' as const,
    required: true,
    options: communes,
  };

  // The summary lists the problems in the order of the form, then each file that must be
  // chosen again (a browser never sends a file back), so nothing is fixed in rounds.
  const order = [
    'co-quan',
    'noi-tra-ket-qua',
    ...Object.values(APPLICANT_FIELDS).map((f) => f.name),
    'xa',
    NOTIFY_FIELD.name,
    'nop-thay',
    ...Object.values(REPRESENTATIVE_FIELDS).map((f) => f.name),
    ...(form?.fields ?? []).map((f) => `f-${f.name}`),
    ...procedure.documents.map((_, i) => `tep-${i}`),
  ];
  const rank = (name: string) => {
    const at = order.indexOf(name);
    return at === -1 ? -1 : at;
  };
  const summaryErrors = [
    ...[...errors].sort((a, b) => rank(a.name) - rank(b.name)),
    ...(options.state.filesNotKept ?? [])
      .filter((i) => !errorOf(`tep-${i}`) && procedure.documents[i])
      .map((i) => ({
        name: `tep-${i}`,
        message: `${procedure.documents[i]?.name}: ${FILE_NOT_KEPT.charAt(0).toLocaleLowerCase('vi')}${FILE_NOT_KEPT.slice(1)}`,
      })),
  ];
  const summary = options.state.errorHeading
    ? renderErrorSummary(summaryErrors, { heading: options.state.errorHeading })
    : renderErrorSummary(summaryErrors);
  return html`${summary}<h1>${options.counter ? 'Tiếp nhận hồ sơ tại quầy' : 'Nộp hồ sơ trực tuyến'}: ${procedure.title}</h1>
<p class="lead">${options.counter ? 'Hồ sơ đã kiểm tra đủ, hợp lệ; nhập thông tin để cấp mã hồ sơ và in giấy tiếp nhận.' : html`${ONLINE_LABELS[procedure.online]}. ${form?.intro ?? 'Điền các thông tin dưới đây; Bộ phận Một cửa sẽ kiểm tra và liên hệ nếu cần bổ sung.'}`}</p>
${options.account ?? ''}
<form method="post"${options.action ? html` action="${options.action}"` : ''} enctype="multipart/form-data" novalidate class="apply" data-apply>
${options.hidden ?? ''}
<input type="hidden" name="idempotency-key" value="${options.state.idempotencyKey}">
<div class="visually-hidden" aria-hidden="true"><label for="f_website">Để trống ô này</label><input type="text" id="f_website" name="website" tabindex="-1" autocomplete="off"></div>

${
  options.agencies.length > 1
    ? html`<fieldset><legend>Nơi giải quyết hồ sơ</legend>${renderField(
        {
          name: 'co-quan',
          label: 'Cơ quan giải quyết',
          type: 'select',
          required: true,
          hint: 'Thường là nơi bạn cư trú.',
        },
        state('co-quan'),
        { options: options.agencies.map((a) => ({ value: a.slug, label: a.name })) },
      )}</fieldset>`
    : ''
}
${
  options.returnDesks && options.returnDesks.length > 0
    ? html`<fieldset><legend>Nơi nhận kết quả</legend>${renderField(
        {
          name: 'noi-tra-ket-qua',
          label: 'Nhận kết quả tại',
          type: 'select',
          required: false,
          hint: 'Thủ tục tiếp nhận không phụ thuộc địa giới hành chính: bạn có thể nhận kết quả tại bất kỳ Trung tâm Phục vụ hành chính công nào trong tỉnh. Bỏ trống: nhận tại nơi tiếp nhận hồ sơ.',
        },
        state('noi-tra-ket-qua'),
        { options: options.returnDesks.map((d) => ({ value: d.slug, label: d.name })) },
      )}</fieldset>`
    : ''
}

<fieldset><legend>Người có yêu cầu</legend>
${Object.values(APPLICANT_FIELDS).map((f) => renderField(f, state(f.name)))}
${renderField(communeField, state('xa'), { options: communes })}
${notifyChoice(options.notifyChannels ?? [], state(NOTIFY_FIELD.name))}
</fieldset>

<fieldset><legend>Nộp thay cho người khác</legend>
${renderField({ name: 'nop-thay', label: 'Tôi nộp thay cho người có yêu cầu', type: 'checkbox', required: false }, state('nop-thay'))}
<div class="conditional" data-when="nop-thay"><p class="hint">Chỉ điền khi nộp thay.</p>
${Object.values(REPRESENTATIVE_FIELDS).map((f) => renderField({ ...f, required: false }, state(f.name)))}
</div></fieldset>

${
  form && form.fields.length > 0
    ? html`<fieldset><legend>Thông tin của thủ tục</legend>${form.fields.map((f) => renderField({ ...f, name: `f-${f.name}` }, state(`f-${f.name}`)))}</fieldset>`
    : ''
}

${
  attachments !== 'none'
    ? html`<fieldset><legend>Giấy tờ đính kèm</legend>
<p class="hint">${attachments === 'required' ? 'Tải lên bản chụp hoặc bản quét các giấy tờ bắt buộc.' : 'Có thể tải lên bản chụp để cán bộ kiểm tra trước; mang bản chính khi nhận kết quả.'} Mỗi tệp PDF, JPG hoặc PNG tối đa 5 MB, tổng cộng tối đa 15 MB.</p>
${procedure.documents.map((d, i) =>
  renderFileField(`tep-${i}`, d.name, {
    ...(errorOf(`tep-${i}`) ? { error: errorOf(`tep-${i}`) as string } : {}),
    required: attachments === 'required' && !d.condition,
    ...(options.state.filesNotKept?.includes(i) ? { notice: FILE_NOT_KEPT } : {}),
    ...(d.condition ? { note: `Chỉ cần khi: ${d.condition}` } : {}),
  }),
)}
</fieldset>`
    : ''
}

${options.privacy ? html`<p class="small" id="bao-ve-du-lieu">${options.privacy.text}${options.privacy.basis ? ` (${options.privacy.basis}.)` : ''}</p>` : ''}
<button type="submit">Gửi hồ sơ</button>
</form>
<p><a href="${options.backHref ?? routes.procedure(procedure.slug)}">Quay lại thông tin thủ tục</a></p>`;
}
