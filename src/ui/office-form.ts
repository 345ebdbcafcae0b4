import type { FormError } from '../domain/errors.ts';
import { fieldId } from './form.ts';
import { html, raw, type SafeHtml } from './html.ts';

/**
 * A field of a back-office form (account, API key, login password) in the same GOV.UK
 * markup as `renderField` (src/ui/form.ts): label, hint, the inline error with its hidden
 * "Lỗi:" prefix, and the control described by both. The control is the caller's (a
 * password, a multiple select…); it gets `id`, `name` and the aria attributes.
 */
export function officeField(options: {
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  control: (attributes: SafeHtml) => SafeHtml;
}): SafeHtml {
  const id = fieldId(options.name);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [options.hint ? hintId : '', options.error ? errorId : '']
    .filter(Boolean)
    .join(' ');
  const attributes = html`id="${id}" name="${options.name}"${describedBy ? html` aria-describedby="${describedBy}"` : ''}${options.error ? raw(' aria-invalid="true"') : ''}`;
  return html`<div class="field${options.error ? ' field--error' : ''}"><label for="${id}">${options.label}</label>${options.hint ? html`<p class="hint" id="${hintId}">${options.hint}</p>` : ''}${options.error ? html`<p class="field-error" id="${errorId}"><span class="visually-hidden">Lỗi:</span> ${options.error}</p>` : ''}${options.control(attributes)}</div>`;
}

/** The message of the first error of a field, for its inline error. */
export const errorFor = (errors: readonly FormError[], name: string): string | undefined =>
  errors.find((e) => e.name === name && e.id === undefined)?.message;
