import type { Commune } from '../domain/commune.ts';
import { receivedDocumentField } from '../domain/forms/counter.ts';
import type { FormError } from '../domain/errors.ts';
import { APPLICANT_FIELDS, NOTIFY_FIELD, REPRESENTATIVE_FIELDS } from '../domain/forms/fields.ts';
import type { NotifyChannel } from '../domain/notify/delivery.ts';
import { notifyChoice } from './notify.ts';
import { FILE_NOT_KEPT } from '../domain/forms/messages.ts';
import { forOfficer, officerWording } from '../domain/forms/officer-wording.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Procedure } from '../schemas/procedure.ts';
import { OTHER_COMMUNE } from '../schemas/submission.ts';
import { renderErrorSummary, renderField, renderFileField } from './form.ts';
import { html, type SafeHtml } from './html.ts';

/**
 * The counter reception form (`/can-bo/tiep-nhan/<thủ tục>`): the fields of the online
 * form, with the same names (the same intake reads both), in the officer's words
 * (`forOfficer`, src/domain/forms/officer-wording.ts), the checklist of the paper documents
 * received, optional scans, and "Tiếp nhận hồ sơ".
 */

export interface CounterFormState {
  values: Record<string, string>;
  errors: FormError[];
  idempotencyKey: string;
  /** Indexes of file inputs that had a file in the post shown again (not kept). */
  filesNotKept?: readonly number[];
}

export function renderCounterForm(
  procedure: Procedure,
  options: {
    agencies: readonly Agency[];
    /** Where the result may be returned, the receiving desk first (one: not asked). */
    returnDesks?: readonly Agency[];
    /** The procedure is received regardless of administrative boundary. */
    boundaryFree?: boolean;
    /** The agency preselected: the one whose own desk this is. */
    defaultAgency?: string | undefined;
    communes: readonly Commune[];
    state: CounterFormState;
    action: string;
    hidden: SafeHtml;
    /** The channels offered for messages about the dossier (none asked when fewer than two). */
    notifyChannels?: readonly NotifyChannel[] | undefined;
  },
): SafeHtml {
  const { values } = options.state;
  // Messages built from the citizen's labels read in the officer's words too.
  const errors = options.state.errors.map((e) => ({ ...e, message: officerWording(e.message) }));
  const errorOf = (name: string) => errors.find((e) => e.name === name)?.message;
  const state = (name: string) => {
    const error = errorOf(name);
    return { value: values[name] ?? '', ...(error ? { error } : {}) };
  };
  const field = <F extends Parameters<typeof renderField>[0]>(f: F) =>
    renderField(forOfficer(f), state(f.name));
  const communes = [
    ...options.communes.map((c) => ({ value: c.name, label: c.label })),
    { value: OTHER_COMMUNE, label: 'Nơi khác' },
  ];
  const communeField = {
    name: 'xa',
    label: options.communes.every((c) => c.unit === 'xa')
      ? 'Xã nơi cư trú'
      : 'Xã, phường, thị trấn nơi cư trú',
    type: 'select' as const,
    required: true,
    options: communes,
  };
  const form = procedure.onlineForm;
  const attachments = form?.attachments ?? 'optional';

  return html`${renderErrorSummary(errors)}<h1>Tiếp nhận hồ sơ tại quầy: ${procedure.title}</h1>
<p class="lead">Hồ sơ đã kiểm tra đủ, hợp lệ: ghi thông tin người nộp và các giấy tờ đã nhận để cấp mã hồ sơ và in giấy tiếp nhận.</p>
<form method="post" action="${options.action}" enctype="multipart/form-data" novalidate class="apply" data-apply>
${options.hidden}
<input type="hidden" name="idempotency-key" value="${options.state.idempotencyKey}">

${
  options.agencies.length > 1 || (options.returnDesks?.length ?? 0) > 1
    ? html`<fieldset><legend>Nơi giải quyết và nơi trả kết quả</legend>${
        options.agencies.length > 1
          ? renderField(
              {
                name: 'co-quan',
                label: 'Cơ quan giải quyết',
                type: 'select',
                required: true,
                hint: options.boundaryFree
                  ? 'Thủ tục tiếp nhận không phụ thuộc địa giới hành chính: chọn cơ quan có thẩm quyền (thường là nơi người có yêu cầu cư trú); hồ sơ được chuyển điện tử đến cơ quan đó ngay khi tiếp nhận.'
                  : 'Thường là nơi người có yêu cầu cư trú.',
              },
              { ...state('co-quan'), value: values['co-quan'] || (options.defaultAgency ?? '') },
              { options: options.agencies.map((a) => ({ value: a.slug, label: a.name })) },
            )
          : ''
      }${
        (options.returnDesks?.length ?? 0) > 1
          ? renderField(
              {
                name: 'noi-tra-ket-qua',
                label: 'Nơi nhận kết quả',
                type: 'select',
                required: true,
                hint: 'Nơi người có yêu cầu chọn để nhận kết quả; mặc định là nơi tiếp nhận.',
              },
              {
                ...state('noi-tra-ket-qua'),
                value: values['noi-tra-ket-qua'] || (options.returnDesks?.[0]?.slug ?? ''),
              },
              {
                options: (options.returnDesks ?? []).map((d) => ({ value: d.slug, label: d.name })),
              },
            )
          : ''
      }</fieldset>`
    : ''
}

<fieldset><legend>Người có yêu cầu</legend>
${Object.values(APPLICANT_FIELDS).map(field)}
${renderField(communeField, state('xa'), { options: communes })}
${notifyChoice(options.notifyChannels ?? [], state(NOTIFY_FIELD.name), forOfficer)}
</fieldset>

<fieldset><legend>Người nộp thay</legend>
${field({ name: 'nop-thay', label: 'Nộp thay cho người có yêu cầu', type: 'checkbox', required: false })}
<div class="conditional" data-when="nop-thay"><p class="hint">Chỉ điền khi người nộp là người được ủy quyền hoặc nộp thay.</p>
${Object.values(REPRESENTATIVE_FIELDS).map((f) => field({ ...f, required: false }))}
</div></fieldset>

${
  form && form.fields.length > 0
    ? html`<fieldset><legend>Thông tin của thủ tục</legend>${form.fields.map((f) => field({ ...f, name: `f-${f.name}` }))}</fieldset>`
    : ''
}

${
  procedure.documents.length > 0
    ? html`<fieldset><legend>Giấy tờ đã nhận</legend>
<p class="hint">Đánh dấu từng giấy tờ người nộp đã đưa (bản giấy). Danh sách được lưu cùng hồ sơ để ghi vào giấy tiếp nhận.</p>
${procedure.documents.map((d, i) =>
  renderField(
    {
      name: receivedDocumentField(i),
      label: d.name,
      type: 'checkbox',
      required: false,
      ...(d.condition ? { hint: `Chỉ cần khi: ${officerWording(d.condition)}` } : {}),
    },
    state(receivedDocumentField(i)),
  ),
)}
</fieldset>
${
  attachments === 'none'
    ? ''
    : html`<fieldset><legend>Bản quét giấy tờ</legend>
<p class="hint">${attachments === 'required' ? 'Thủ tục này cần bản quét các giấy tờ bắt buộc để cơ quan giải quyết xem.' : 'Không bắt buộc: có thể tải lên bản quét để cơ quan giải quyết xem.'} Mỗi tệp PDF, JPG hoặc PNG tối đa 5 MB, tổng cộng tối đa 15 MB.</p>
${procedure.documents.map((d, i) =>
  renderFileField(`tep-${i}`, d.name, {
    ...(errorOf(`tep-${i}`) ? { error: errorOf(`tep-${i}`) as string } : {}),
    required: attachments === 'required' && !d.condition,
    ...(options.state.filesNotKept?.includes(i) ? { notice: FILE_NOT_KEPT } : {}),
  }),
)}
</fieldset>`
}`
    : ''
}

<button type="submit">Tiếp nhận hồ sơ</button>
</form>
<p><a href="/can-bo/tiep-nhan">Chọn thủ tục khác</a></p>`;
}
