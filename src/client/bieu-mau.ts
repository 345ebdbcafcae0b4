/**
 * Enhances the online request form: the same checks as the server (the rules of
 * src/domain/forms/fields.ts, bundled here) as the citizen leaves each field, an
 * error summary before sending, no double submission, and the "on behalf"
 * section shown only when ticked. Without this script the form still works.
 */
import { vietnamDay } from '../domain/calendar/dates.ts';
import { checkField } from '../domain/forms/fields.ts';
import { isCountHeading, summaryHeading } from '../domain/forms/messages.ts';
import type { FormField } from '../schemas/online-form.ts';

const today = () => vietnamDay(Date.now());

function ruleOf(element: Element): FormField | undefined {
  try {
    return JSON.parse(element.getAttribute('data-rule') ?? '') as FormField;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the error summaries on the page (the server's `#loi`, the script's `#loi-js`) in
 * step with a field just checked: its item takes the new words, or goes once the field is
 * fixed; the count follows, and the summary (with "Lỗi: " in the title) goes with the last item.
 */
function refreshSummaries(id: string, error: string | undefined) {
  if (!id) return;
  for (const summary of document.querySelectorAll<HTMLElement>('#loi, #loi-js')) {
    const link = [...summary.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')].find(
      (a) => a.getAttribute('href') === `#${id}`,
    );
    if (!link) continue;
    if (error) link.textContent = error;
    else link.closest('li')?.remove();
    const count = summary.querySelectorAll('li').length;
    const heading = summary.querySelector('h2');
    if (count === 0) {
      summary.remove();
      document.title = document.title.replace(/^Lỗi: /, '');
    } else if (heading && isCountHeading(heading.textContent ?? '')) {
      heading.textContent = summaryHeading(count);
    }
  }
}

function enhanceForm(form: HTMLFormElement) {
  const values = () => {
    const out: Record<string, string> = {};
    for (const [k, v] of new FormData(form)) if (typeof v === 'string') out[k] = v;
    return out;
  };
  const behalf = form.querySelector<HTMLInputElement>('input[name="nop-thay"]');
  const conditional = form.querySelector<HTMLElement>('.conditional[data-when="nop-thay"]');
  const syncBehalf = () => {
    if (conditional && behalf) conditional.hidden = !behalf.checked;
  };
  behalf?.addEventListener('change', syncBehalf);
  syncBehalf();

  const ruled = [...form.querySelectorAll<HTMLElement>('[data-rule]')];

  function check(element: HTMLElement): string | undefined {
    const rule = ruleOf(element);
    if (!rule) return undefined;
    const inBehalf = conditional?.contains(element) ?? false;
    if (inBehalf && !behalf?.checked) return show(element, undefined);
    const all = values();
    const field = inBehalf ? { ...rule, required: true } : rule;
    const raw =
      element instanceof HTMLFieldSetElement
        ? (all[rule.name] ?? '')
        : element instanceof HTMLInputElement && element.type === 'checkbox'
          ? element.checked
            ? 'co'
            : ''
          : ((element as HTMLInputElement).value ?? '');
    const { error } = checkField(field, raw, { today: today(), values: all });
    return show(element, error);
  }

  function show(element: HTMLElement, error: string | undefined): string | undefined {
    const id = element.id || element.querySelector('input')?.id || '';
    const message = document.getElementById(`${id}-error`);
    const wrapper = element.closest('.field');
    if (message) {
      message.hidden = !error;
      message.innerHTML = '';
      if (error) {
        const prefix = document.createElement('span');
        prefix.className = 'visually-hidden';
        prefix.textContent = 'Lỗi:';
        message.append(prefix, ` ${error}`);
      }
    }
    wrapper?.classList.toggle('field--error', Boolean(error));
    if (error) element.setAttribute('aria-invalid', 'true');
    else element.removeAttribute('aria-invalid');
    const describedBy = new Set(
      (element.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean),
    );
    if (error) describedBy.add(`${id}-error`);
    else describedBy.delete(`${id}-error`);
    if (describedBy.size > 0) element.setAttribute('aria-describedby', [...describedBy].join(' '));
    else element.removeAttribute('aria-describedby');
    refreshSummaries(id, error);
    return error;
  }

  for (const element of ruled) {
    element.addEventListener('focusout', () => check(element));
    element.addEventListener('input', () => {
      if (element.getAttribute('aria-invalid') === 'true') check(element);
    });
  }

  let sending = false;
  form.addEventListener('submit', (event) => {
    if (sending) {
      event.preventDefault();
      return;
    }
    const errors = ruled
      .map((element) => ({ element, error: check(element) }))
      .filter((e): e is { element: HTMLElement; error: string } => Boolean(e.error));
    document.getElementById('loi-js')?.remove();
    if (errors.length > 0) {
      event.preventDefault();
      const summary = document.createElement('div');
      summary.className = 'error-summary';
      summary.id = 'loi-js';
      summary.setAttribute('role', 'alert');
      summary.tabIndex = -1;
      const heading = document.createElement('h2');
      heading.textContent = summaryHeading(errors.length);
      const list = document.createElement('ul');
      for (const { element, error } of errors) {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = `#${element.id || element.querySelector('input')?.id || ''}`;
        link.textContent = error;
        item.append(link);
        list.append(item);
      }
      summary.append(heading, list);
      // Where the server puts its summary: just above the page's h1, replacing it.
      document.getElementById('loi')?.remove();
      const h1 = form.closest('main')?.querySelector('h1');
      if (h1) h1.before(summary);
      else form.before(summary);
      if (!document.title.startsWith('Lỗi: ')) document.title = `Lỗi: ${document.title}`;
      summary.focus();
      return;
    }
    sending = true;
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (button) {
      button.setAttribute('aria-disabled', 'true');
      button.textContent = 'Đang gửi hồ sơ…';
    }
  });
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-apply]'))
  enhanceForm(form);
// The error summary sent by the server takes focus, as GOV.UK does.
document.getElementById('loi')?.focus();
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
