import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  alreadyApplied,
  dvcqgDossierSchema,
  dvcqgTimestamp,
  retryDelaySeconds,
  statusUpdateBody,
  SYNC_MAX_RETRIES,
} from '../../src/domain/interop/dvcqg.ts';

describe('data exchanged with DVCQG (ADR 0017)', () => {
  test('times go out as yyyyMMddHHmmss in Vietnam time', () => {
    expect(dvcqgTimestamp('2026-01-15T02:30:05.123Z')).toBe('20260115093005');
    expect(dvcqgTimestamp('2026-01-15T17:00:00Z')).toBe('20260116000000');
  });

  test('a status change carries the dossier, the status, its time and the appointment, without an officer name', () => {
    const body = statusUpdateBody({
      code: 'H32.101.01-260115-010001',
      status: 5,
      at: '2026-01-16T09:15:00+07:00',
      publicNote: 'Bản sao Giấy khai sinh',
      dueDate: '2026-01-20',
      dueHour: null,
      unit: 'Trung tâm Phục vụ hành chính công xã Thuận Bắc',
    });
    expect(body).toEqual({
      service: 'CapNhatTienDoHoSoMC',
      data: [
        {
          MaHoSo: 'H32.101.01-260115-010001',
          NguoiXuLy: 'Trung tâm Phục vụ hành chính công xã Thuận Bắc',
          ChucDanh: '',
          ThoiDiemXuLy: '20260116091500',
          PhongBanXuLy: 'Trung tâm Phục vụ hành chính công xã Thuận Bắc',
          NoiDungXuLy: 'Yêu cầu bổ sung giấy tờ: Bản sao Giấy khai sinh',
          TrangThai: '5',
          NgayBatDau: '',
          NgayKetThucTheoQuyDinh: '20260120235959',
        },
      ],
    });
    // What DVCQG already holds is recognised by status and time, not by anything else.
    const held = { error_code: '0', data: [{ TrangThai: '5', ThoiDiemXuLy: '20260116091500' }] };
    expect(alreadyApplied(held, { status: 5, at: '2026-01-16T02:15:00Z' })).toBe(true);
    expect(alreadyApplied(held, { status: 2, at: '2026-01-16T02:15:00Z' })).toBe(false);
  });

  test('codes in the TT 04/2025 and the older layout are accepted, others are not', () => {
    const base = {
      MaTTHC: '2.000635',
      NgayNopHoSo: '20260115093000',
      ChuHoSo: 'Nguyễn Thị Lan',
      SoDinhDanh: '058185001234',
      NgaySinh: '19850302',
      SoDienThoai: '0912345678',
      DiaChi: 'Thôn Ba Tháp',
      XaPhuong: 'Thuận Bắc',
    };
    for (const code of [
      'H32.101.01-260115-010001',
      '000.00.10.H32-260115-0007',
      ' h32.101.01-260115-0123456 ',
    ]) {
      expect(dvcqgDossierSchema.safeParse({ ...base, MaHoSo: code }).success, code).toBe(true);
    }
    for (const code of ['HS-2026-1', 'H32-2601-0001', '']) {
      expect(dvcqgDossierSchema.safeParse({ ...base, MaHoSo: code }).success, code).toBe(false);
    }
    expect(
      dvcqgDossierSchema.safeParse({ ...base, MaHoSo: 'H32.1-260115-0001', NgaySinh: '19850230' })
        .success,
    ).toBe(false);
  });

  test('the queue keeps retrying for more than a day before the dead-letter queue', () => {
    const toml = readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8');
    const consumer =
      /\[\[queues\.consumers\]\]\s*\nqueue = "mot-cua-dvcqg"\n([\s\S]*?)\n\n/.exec(toml)?.[1] ?? '';
    expect(consumer).toContain('dead_letter_queue = "mot-cua-dvcqg-dlq"');
    const maxRetries = Number(/max_retries = (\d+)/.exec(consumer)?.[1]);
    expect(maxRetries).toBe(SYNC_MAX_RETRIES);
    const delays = Array.from({ length: maxRetries }, (_, i) => retryDelaySeconds(i + 1));
    expect(delays.reduce((a, b) => a + b, 0)).toBeGreaterThan(24 * 3600);
    // Cloudflare Queues accept a delay of at most 12 hours.
    expect(Math.max(...delays)).toBeLessThanOrEqual(43_200);
  });
});
