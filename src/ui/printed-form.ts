import { html, type SafeHtml } from './html.ts';

/**
 * The head of every printed form (01–05), laid out as the model forms set it: a two-column
 * header with the issuing body on the left (the body above it, then its own name in bold,
 * both in upper case) and, on the right, the form's number above the national motto
 * ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in upper case and bold, "Độc lập - Tự do - Hạnh
 * phúc" bold and underlined). Hints are `<small>`, which prints smaller than the content
 * around it whatever size the print stylesheet gives the page.
 */

export interface IssuingBody {
  /** The body the issuer belongs to ("Ủy ban nhân dân xã Thuận Bắc"), if it has one. */
  parent?: string | undefined;
  /** The issuer itself, the one-stop desk that received the dossier. */
  name: string;
}

const upper = (text: string) => text.toLocaleUpperCase('vi-VN');

/** The two-column header: issuing body left, form number and national motto right. */
export function printedFormHead(issuer: IssuingBody, formNumber: string): SafeHtml {
  return html`<header class="receipt-head form-head">
<div class="form-issuer"><p>${issuer.parent ? html`${upper(issuer.parent)}<br>` : ''}<strong>${upper(issuer.name)}</strong></p></div>
<div class="form-motto"><p class="form-number">Mẫu số ${formNumber}</p><p><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><strong><u>Độc lập - Tự do - Hạnh phúc</u></strong></p></div>
</header>`;
}

/** A hint printed under or beside content ("(Ký, ghi rõ họ tên)"), smaller than the content. */
export const hint = (text: string): SafeHtml => html`<small>${text}</small>`;
