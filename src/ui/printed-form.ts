import { html, type SafeHtml } from './html.ts';

/**
 * The head of every printed form (01–06), laid out as the model forms set it: a two-column
 * header with the issuing body on the left (the body above it, then its own name in bold,
 * both in upper case) and, on the right, the form's number above the national motto
 * ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in upper case and bold, "Độc lập - Tự do - Hạnh
 * phúc" bold and underlined). Its foot: the place and date, then who signs. Hints are
 * `<small>`, which prints smaller than the content around it whatever size the print
 * stylesheet gives the page.
 */

export interface IssuingBody {
  /** The body the issuer belongs to ("Ủy ban nhân dân xã Thuận Bắc"), if it has one. */
  parent?: string | undefined;
  /** The issuer itself: the desk that received the dossier, or the deciding agency. */
  name: string;
}

/**
 * The letterhead of a body: its parent body above it, except for a people's committee
 * (ubnd), which heads its own documents ("ỦY BAN NHÂN DÂN XÃ THUẬN BẮC" alone).
 */
export function issuingBody(
  body: { name: string; kind: string },
  parent: { name: string } | undefined,
): IssuingBody {
  return { parent: body.kind === 'ubnd' ? undefined : parent?.name, name: body.name };
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

/**
 * The foot of a form: the place and date line ("Thuận Bắc, ngày 05 tháng 12 năm 2026"), then
 * the signer's title, the hint, room to sign and the name of the officer who took the step
 * (left blank when the step has no named officer, to be written by hand).
 */
export function formSignature(placeDate: string, role: string, name?: string | null): SafeHtml {
  return html`<div class="signature"><p class="place-date"><em>${placeDate}</em></p><p><strong>${role}</strong><br>${hint('(Ký, ghi rõ họ tên)')}</p><p class="signer">${name ?? ''}</p></div>`;
}
