import { describe, expect, it } from 'vitest';
import {
  classifyEsms,
  classifyHttp,
  classifyZns,
  deliveryLabel,
  internationalPhone,
  MAX_ATTEMPTS,
  nextStep,
} from '../../src/domain/notify/delivery.ts';
import { offeredChannels, routeMessage } from '../../src/domain/notify/route.ts';
import { smsFor, smsPlan, unaccented } from '../../src/domain/notify/sms.ts';
import type { NotificationTemplates } from '../../src/schemas/notifications.ts';
import { readContentSource } from '../../src/catalogue/read.ts';
import { ContentError, type ContentIssue } from '../../src/catalogue/issues.ts';
import { buildCatalogue } from '../../src/catalogue/validate.ts';

describe('SMS encoding and length', () => {
  it('sends plain ASCII as GSM-7: 160 characters in one message, 153 per part after', () => {
    expect(smsPlan('a'.repeat(160))).toMatchObject({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(smsPlan('a'.repeat(161))).toMatchObject({ encoding: 'gsm7', segments: 2 });
    expect(smsPlan('a'.repeat(306)).segments).toBe(2);
    expect(smsPlan('a'.repeat(307)).segments).toBe(3);
  });

  it('counts the GSM extension characters twice', () => {
    expect(smsPlan('[x]€').units).toBe(7);
    expect(smsPlan(`${'a'.repeat(159)}€`).segments).toBe(2);
  });

  it('sends Vietnamese with diacritics as UCS-2: 70 in one message, 67 per part', () => {
    const word = 'Hồ sơ đã được tiếp nhận';
    expect(smsPlan(word).encoding).toBe('ucs2');
    expect(smsPlan('ồ'.repeat(70))).toMatchObject({ units: 70, segments: 1 });
    expect(smsPlan('ồ'.repeat(71)).segments).toBe(2);
    expect(smsPlan('ồ'.repeat(134)).segments).toBe(2);
    expect(smsPlan('ồ'.repeat(135)).segments).toBe(3);
  });

  it('counts a decomposed (NFD) text like the composed one', () => {
    const nfd = 'Thuận Bắc'.normalize('NFD');
    expect(smsPlan(nfd).units).toBe(smsPlan('Thuận Bắc').units);
  });

  it('removes the diacritics when the gateway takes unaccented text only', () => {
    const body = 'Hồ sơ H58.12 (Đăng ký khai sinh) đã có kết quả — mời nhận tại “Bộ phận Một cửa”.';
    const plain = unaccented(body);
    expect(plain).toBe(
      'Ho so H58.12 (Dang ky khai sinh) da co ket qua - moi nhan tai "Bo phan Mot cua".',
    );
    const plan = smsFor(body, { unaccented: true });
    expect(plan.encoding).toBe('gsm7');
    expect(plan.segments).toBe(1);
    expect(smsFor(body, { unaccented: false }).segments).toBe(2);
  });
});

describe('delivery outcomes', () => {
  it('retries a temporary failure with growing delays, then gives up', () => {
    const temporary = { ok: false, failure: 'temporary', code: 'http-503' } as const;
    expect(nextStep(temporary, 1)).toEqual({ state: 'retrying', delaySeconds: 60 });
    expect(nextStep(temporary, 3)).toEqual({ state: 'retrying', delaySeconds: 240 });
    expect(nextStep(temporary, MAX_ATTEMPTS)).toEqual({ state: 'failed', failure: 'temporary' });
  });

  it('stops at once on a permanent or technical failure', () => {
    expect(nextStep({ ok: false, failure: 'permanent', code: 'zns-108' }, 1)).toEqual({
      state: 'failed',
      failure: 'permanent',
    });
    expect(nextStep({ ok: false, failure: 'technical', code: 'zns-124' }, 1)).toEqual({
      state: 'failed',
      failure: 'technical',
    });
  });

  it('classifies HTTP statuses and provider codes', () => {
    expect([429, 500, 503, 408].map(classifyHttp)).toEqual(Array(4).fill('temporary'));
    expect([401, 403].map(classifyHttp)).toEqual(['technical', 'technical']);
    expect(classifyHttp(400)).toBe('permanent');
    expect(classifyZns(-108)).toBe('permanent'); // phone number invalid
    expect(classifyZns(-124)).toBe('technical'); // access token invalid
    expect(classifyZns(-100)).toBe('temporary');
    expect(classifyZns(-999)).toBe('technical'); // unknown: someone must look
    expect(classifyEsms('108')).toBe('permanent');
    expect(classifyEsms('101')).toBe('technical');
  });

  it('tells the officer how each message went, in Vietnamese', () => {
    expect(deliveryLabel({ state: 'pending', failure: null, reason: null })).toBe('Chờ gửi');
    expect(deliveryLabel({ state: 'sent', failure: null, reason: null })).toBe('Đã gửi');
    expect(deliveryLabel({ state: 'retrying', failure: 'temporary', reason: 'http-503' })).toBe(
      'Đang thử lại: lỗi tạm thời (mã http-503)',
    );
    expect(deliveryLabel({ state: 'failed', failure: 'permanent', reason: 'zns-108' })).toBe(
      'Không gửi được: người nhận không nhận được tin (mã zns-108)',
    );
    expect(
      deliveryLabel({ state: 'failed', failure: 'temporary', reason: 'too-many-attempts' }),
    ).toBe('Không gửi được: đã thử lại nhiều lần không được');
  });

  it('writes a Vietnamese mobile number the way ZNS takes it', () => {
    expect(internationalPhone('0912345678')).toBe('84912345678');
    expect(internationalPhone('84912345678')).toBe('84912345678');
    expect(internationalPhone('+84 912 345 678')).toBe('84912345678');
  });
});

describe('which channel a message takes', () => {
  const approved: NotificationTemplates = {
    zalo: { templates: { received: { id: '412345', data: { ma_ho_so: 'code' } } } },
    pending: [],
  };
  const contact = { phone: '0912345678', email: 'lan@example.vn' };

  it("follows the citizen's choice", () => {
    expect(routeMessage({ ...contact, notifyChannel: 'sms' }, 'received', approved)).toEqual({
      channel: 'sms',
      recipient: '0912345678',
    });
    expect(routeMessage({ ...contact, notifyChannel: 'zalo' }, 'received', approved)).toEqual({
      channel: 'zalo',
      recipient: '0912345678',
    });
    expect(
      routeMessage({ ...contact, notifyChannel: 'email' }, 'received', approved)?.channel,
    ).toBe('email');
  });

  it('sends by SMS a Zalo message without an approved template, or an email without an address', () => {
    expect(routeMessage({ ...contact, notifyChannel: 'zalo' }, 'refused', approved)?.channel).toBe(
      'sms',
    );
    expect(
      routeMessage(
        { phone: '0912345678', email: undefined, notifyChannel: 'email' },
        'received',
        approved,
      )?.channel,
    ).toBe('sms');
  });

  it('keeps the old rule for dossiers without a choice, and nothing once the data is purged', () => {
    expect(routeMessage(contact, 'received', approved)?.channel).toBe('email');
    expect(routeMessage({ phone: '0912345678', email: undefined }, 'received', null)?.channel).toBe(
      'sms',
    );
    expect(routeMessage(undefined, 'received', approved)).toBeUndefined();
  });

  it('offers Zalo only once a template is approved', () => {
    expect(offeredChannels(['zalo', 'sms', 'email'], approved)).toEqual(['zalo', 'sms', 'email']);
    const none: NotificationTemplates = { zalo: { templates: {} }, pending: [] };
    expect(offeredChannels(['zalo', 'sms'], none)).toEqual(['sms']);
  });
});

describe('content/notifications.yaml', () => {
  it('is read into the catalogue, its Zalo templates pending until the adopter registers them', async () => {
    const catalogue = buildCatalogue(await readContentSource('content'));
    expect(catalogue.notifications?.pending.map((p) => p.field)).toContain('zalo');
    expect(catalogue.notifications?.zalo.templates.received?.data).toMatchObject({
      ma_ho_so: 'code',
    });
    expect(Object.values(catalogue.notifications?.zalo.templates ?? {}).some((t) => t?.id)).toBe(
      false,
    );
  });

  it("refuses a template id that is not Zalo's number, naming the file, line and field", async () => {
    const source = await readContentSource('content');
    source.files = source.files.map((f) =>
      f.rel === 'notifications.yaml'
        ? { ...f, text: f.text.replace('    received:\n', '    received:\n      id: mẫu một\n') }
        : f,
    );
    let issues: ContentIssue[] = [];
    try {
      buildCatalogue(source);
    } catch (error) {
      if (error instanceof ContentError) issues = error.issues;
      else throw error;
    }
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      file: 'content/notifications.yaml',
      path: ['zalo', 'templates', 'received', 'id'],
      label: expect.stringContaining('Mã mẫu ZNS'),
    });
    expect(issues[0]?.line).toBeGreaterThan(0);
  });
});
