/**
 * VietQR: the NAPAS bank-transfer QR (EMVCo merchant-presented format, NAPAS "QR code
 * format" specification). A payload is a list of TLV fields (2-digit tag, 2-digit length,
 * value), closed by the CRC of everything before it. Pure: no I/O.
 *
 * A transfer QR only fills in the citizen's banking app; it confirms nothing. A payment
 * counts when the collecting body or the payment platform confirms it (ADR 0018).
 */

/** NAPAS's application identifier in tag 38 (the VietQR consumer/beneficiary account). */
export const NAPAS_GUID = 'A000000727';
/** Service code: transfer to an account (QRIBFTTC would be to a card). */
export const TRANSFER_TO_ACCOUNT = 'QRIBFTTA';
/** ISO 4217 numeric code of the đồng. */
const CURRENCY_VND = '704';

export interface VietQrInput {
  /** The beneficiary bank's 6-digit NAPAS BIN. */
  bin: string;
  /** The collecting account's number (at most 19 characters). */
  accountNumber: string;
  /** Amount in đồng; a QR without it lets the payer type any amount (static QR). */
  amount?: number | undefined;
  /** Purpose of the transfer (tag 62, sub-tag 08): here the dossier code. */
  purpose?: string | undefined;
}

/** One TLV field; the value's length must fit in two digits. */
function field(tag: string, value: string): string {
  if (value.length > 99) throw new RangeError(`VietQR field ${tag} longer than 99 characters`);
  return `${tag}${String(value.length).padStart(2, '0')}${value}`;
}

/** CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR). */
export function crc16CcittFalse(text: string): number {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/** The transfer purpose as banks accept it: ASCII letters, digits, spaces, dot and hyphen. */
export function transferPurpose(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9 .-]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 50);
}

/**
 * The VietQR payload: dynamic (point of initiation 12) when it carries an amount, static (11)
 * otherwise. Throws RangeError on a BIN, account or amount no bank would accept: these come
 * from the agency's configuration and the payment request, never from the citizen.
 */
export function encodeVietQr(input: VietQrInput): string {
  if (!/^\d{6}$/.test(input.bin)) throw new RangeError('VietQR BIN must be 6 digits');
  if (!/^[0-9A-Za-z]{1,19}$/.test(input.accountNumber)) {
    throw new RangeError('VietQR account number must be 1–19 letters or digits');
  }
  const amount = input.amount;
  if (
    amount !== undefined &&
    (!Number.isSafeInteger(amount) || amount <= 0 || amount > 9_999_999_999_999)
  ) {
    throw new RangeError('VietQR amount must be a positive whole number of đồng');
  }
  const beneficiary = field('00', input.bin) + field('01', input.accountNumber);
  const account =
    field('00', NAPAS_GUID) + field('01', beneficiary) + field('02', TRANSFER_TO_ACCOUNT);
  const purpose = input.purpose ? transferPurpose(input.purpose) : '';
  const body =
    field('00', '01') +
    field('01', amount === undefined ? '11' : '12') +
    field('38', account) +
    field('53', CURRENCY_VND) +
    (amount === undefined ? '' : field('54', String(amount))) +
    field('58', 'VN') +
    (purpose ? field('62', field('08', purpose)) : '') +
    '6304';
  return body + crc16CcittFalse(body).toString(16).toUpperCase().padStart(4, '0');
}
