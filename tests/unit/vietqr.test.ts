import { crc16ccitt } from 'crc';
import { QRPay } from 'vietnam-qr-pay';
import { describe, expect, test } from 'vitest';
import { crc16CcittFalse, encodeVietQr, NAPAS_GUID } from '../../src/domain/payment/vietqr.ts';

/**
 * The transfer QR shown on the lookup page, read back by code that shares nothing with the
 * encoder: the `vietnam-qr-pay` parser (fields, CRC) and the `crc` package's CRC-16/CCITT-FALSE,
 * plus a TLV walk written here. A bank app that scans the code must find the collecting
 * account, the amount and the dossier code as the purpose.
 */

/** Tag → value of one TLV level, as an EMVCo reader walks it. */
function tlv(payload: string): Map<string, string> {
  const fields = new Map<string, string>();
  let at = 0;
  while (at < payload.length) {
    const tag = payload.slice(at, at + 2);
    const length = Number(payload.slice(at + 2, at + 4));
    expect(Number.isInteger(length), `length of tag ${tag}`).toBe(true);
    fields.set(tag, payload.slice(at + 4, at + 4 + length));
    at += 4 + length;
  }
  expect(at).toBe(payload.length);
  return fields;
}

const independentCrc = (payload: string) =>
  crc16ccitt(payload.slice(0, -4)).toString(16).toUpperCase().padStart(4, '0');

describe('VietQR payload', () => {
  test('the published test vectors have the CRC this encoder computes', () => {
    // From xuannghia/vietnam-qr-pay's README (docs: /work/shared/reference/national-platforms.md §1.2).
    const vector =
      '00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F';
    expect(crc16CcittFalse(vector.slice(0, -4)).toString(16).toUpperCase()).toBe('AE9F');
  });

  test('a dynamic QR carries account, amount and the dossier code; the CRC checks out', () => {
    const payload = encodeVietQr({
      bin: '970436',
      accountNumber: '0011001234567',
      amount: 8000,
      purpose: 'Lệ phí hồ sơ 000.00.10.H32-251205-0003',
    });
    const decoded = new QRPay(payload);
    expect(decoded.isValid).toBe(true);
    expect(decoded.provider.guid).toBe(NAPAS_GUID);
    expect(decoded.provider.service).toBe('QRIBFTTA');
    expect(decoded.consumer.bankBin).toBe('970436');
    expect(decoded.consumer.bankNumber).toBe('0011001234567');
    expect(decoded.amount).toBe('8000');
    expect(decoded.currency).toBe('704');
    expect(decoded.nation).toBe('VN');
    expect(decoded.initMethod).toBe('12');
    expect(decoded.additionalData.purpose).toBe('Le phi ho so 000.00.10.H32-251205-0003');
    expect(payload.slice(-8, -4)).toBe('6304');
    expect(payload.slice(-4)).toBe(independentCrc(payload));

    const root = tlv(payload);
    expect([...root.keys()]).toEqual(['00', '01', '38', '53', '54', '58', '62', '63']);
    const account = tlv(root.get('38') ?? '');
    expect(tlv(account.get('01') ?? '').get('01')).toBe('0011001234567');
    expect(tlv(root.get('62') ?? '').get('08')).toMatch(/251205-0003$/);
  });

  test('without an amount the QR is static and the payer types the amount', () => {
    const payload = encodeVietQr({ bin: '970436', accountNumber: '123456' });
    const decoded = new QRPay(payload);
    expect(decoded.isValid).toBe(true);
    expect(decoded.initMethod).toBe('11');
    expect(decoded.amount).toBeUndefined();
    expect(payload.slice(-4)).toBe(independentCrc(payload));
  });

  test('one altered digit breaks the CRC, so a bank app rejects the code', () => {
    const payload = encodeVietQr({ bin: '970436', accountNumber: '123456', amount: 50000 });
    const altered = payload.replace('5405' + '50000', '5405' + '90000');
    expect(altered).not.toBe(payload);
    expect(new QRPay(altered).isValid).toBe(false);
  });

  test('configuration no bank would accept is refused, not encoded', () => {
    expect(() => encodeVietQr({ bin: '97043', accountNumber: '1' })).toThrow(RangeError);
    expect(() => encodeVietQr({ bin: '970436', accountNumber: '12 34' })).toThrow(RangeError);
    expect(() => encodeVietQr({ bin: '970436', accountNumber: '1', amount: 0 })).toThrow(
      RangeError,
    );
    expect(() => encodeVietQr({ bin: '970436', accountNumber: '1', amount: 1.5 })).toThrow(
      RangeError,
    );
  });
});
