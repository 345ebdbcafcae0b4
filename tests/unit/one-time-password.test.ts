import { describe, expect, test } from 'vitest';
import { checkNewPassword } from '../../src/domain/auth/password.ts';
import { oneTimePassword } from '../../functions/services/passwords.ts';

describe('one-time passwords of a reset (web and admin:reset-password)', () => {
  test('16 unambiguous characters in groups of 4, accepted as a new password, never repeated', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = oneTimePassword();
      expect(p).toMatch(/^([a-km-zA-HJ-NP-Z2-9]{4}-){3}[a-km-zA-HJ-NP-Z2-9]{4}$/);
      expect(checkNewPassword(p, 'tn.datlai')).toBeUndefined();
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
