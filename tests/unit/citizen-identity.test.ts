import { describe, expect, test } from 'vitest';
import {
  acrAccepted,
  afterSignIn,
  identityFromClaims,
  lockedFields,
} from '../../src/domain/auth/citizen.ts';

/** What the portal takes from an identity provider's claims (docs/adr/0016-citizen-sign-in.md). */
describe('claims of the national sign-on and of the standard', () => {
  const TODAY = '2026-12-05';

  test('the national names, the birth date in any form seen, fill and lock three fields', () => {
    for (const date of ['14/07/1992', '1992-07-14', '19920714', '1992-07-14T00:00:00+07:00']) {
      const identity = identityFromClaims(
        { HoVaTen: ' Trần  Văn Mới ', SoDinhDanh: '058092004321', NgayThangNamSinh: date },
        TODAY,
      );
      expect(identity).toEqual({
        fullName: 'Trần Văn Mới',
        idNumber: '058092004321',
        birthDate: '1992-07-14',
      });
      expect(lockedFields(identity)).toEqual({
        'ho-ten': 'Trần Văn Mới',
        'so-dinh-danh': '058092004321',
        'ngay-sinh': '14/07/1992',
      });
    }
    expect(identityFromClaims({ name: 'Lê Thị Hoa', birthdate: '2001-02-03' }, TODAY)).toEqual({
      fullName: 'Lê Thị Hoa',
      idNumber: undefined,
      birthDate: '2001-02-03',
    });
  });

  test('a claim that fails the form’s own check is left for the citizen to type', () => {
    const identity = identityFromClaims(
      // An ID number whose 5th-6th digits do not match the birth year; a date not in a calendar.
      { HoVaTen: '<script>', SoDinhDanh: '058085004321', NgayThangNamSinh: '31/02/1992' },
      TODAY,
    );
    // Without a usable birth date the number is only checked for its 12 digits.
    expect(lockedFields(identity)).toEqual({ 'so-dinh-danh': '058085004321' });
    expect(
      lockedFields(
        identityFromClaims({ SoDinhDanh: '058085004321', birthdate: '1992-07-14' }, TODAY),
      ),
    ).toEqual({ 'ngay-sinh': '14/07/1992' });
  });

  test('acr must be one asked for; the return address is never another site', () => {
    expect(acrAccepted('LoA2', ['LoA2'])).toBe(true);
    expect(acrAccepted('LoA1', ['LoA2'])).toBe(false);
    expect(acrAccepted(undefined, ['LoA2'])).toBe(false);
    expect(acrAccepted(undefined, undefined)).toBe(true);
    expect(afterSignIn('/nop-ho-so/cap-ban-sao/')).toBe('/nop-ho-so/cap-ban-sao/');
    for (const bad of ['//evil.example/', 'https://evil.example/', '/can-bo', undefined]) {
      expect(afterSignIn(bad)).toBe('/ho-so-cua-toi');
    }
  });
});
