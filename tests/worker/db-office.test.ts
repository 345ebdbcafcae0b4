import { env } from 'cloudflare:workers';
import { describe, expect, test } from 'vitest';
import { findDossierByCode, findDossierById } from '../../functions/db/dossiers.ts';
import { applyChange, loadOfficeDossier } from '../../functions/db/office.ts';
import { purgeDossiers } from '../../functions/db/retention.ts';
import { STATUS } from '../../src/domain/dossier/status.ts';
import { moveTo, newDossier, stored } from './db-helpers.ts';

/** functions/db/office.ts against the real local D1: rows come back as domain types. */

const AGENCY = 'db-office';

describe('loadOfficeDossier', () => {
  test('maps the row: applicant object, parsed online form, booleans, typed events', async () => {
    const { code } = await stored(
      newDossier(AGENCY, {
        calendarProvisional: true,
        representative: {
          fullName: 'Trần Văn Bình',
          idNumber: '058090001234',
          phone: '0987654321',
          relation: 'chồng',
        },
      }),
    );
    const loaded = await loadOfficeDossier(env.DB, code);
    expect(loaded).toBeDefined();
    const d = loaded?.dossier;
    expect(d?.onlineForm).toEqual({ 'so-ban-sao': '2', 'noi-dang-ky': 'UBND xã Thuận Bắc' });
    expect(d?.calendarProvisional).toBe(true);
    expect(d?.statutoryDueDate).toBe('2025-06-05');
    expect(d?.applicant).toMatchObject({
      idNumber: '058185001234',
      phone: '0912345678',
      email: undefined,
      commune: 'Thuận Bắc',
      representative: {
        fullName: 'Trần Văn Bình',
        idNumber: '058090001234',
        phone: '0987654321',
        relation: 'chồng',
      },
    });
    // No raw columns leak out.
    expect(d).not.toHaveProperty('formData');
    expect(d).not.toHaveProperty('onBehalf');
    expect(d).not.toHaveProperty('repFullName');
    expect(loaded?.events).toEqual([
      expect.objectContaining({ status: STATUS.NEW, action: 'submit', dueDate: '2025-06-05' }),
    ]);
  });

  test('without a representative, none; a code that does not exist, undefined', async () => {
    const { code } = await stored(newDossier(AGENCY));
    const loaded = await loadOfficeDossier(env.DB, code);
    expect(loaded?.dossier.applicant?.representative).toBeUndefined();
    expect(loaded?.dossier.calendarProvisional).toBe(false);
    expect(await loadOfficeDossier(env.DB, 'KHONG-CO-250602-0001')).toBeUndefined();
  });

  test('after the retention purge: no applicant, no form answers', async () => {
    const { id, code } = await stored(newDossier(AGENCY));
    await moveTo(id, STATUS.REFUSED, '2025-06-03T10:00:00+07:00', 'refuse');
    await purgeDossiers(env.DB, [id], '2026-06-03T10:00:00+07:00', 0);
    const d = (await loadOfficeDossier(env.DB, code))?.dossier;
    expect(d?.applicant).toBeUndefined();
    expect(d?.onlineForm).toEqual({});
    expect(d?.purgedAt).toBe('2026-06-03T10:00:00+07:00');
  });

  test('an action name the lifecycle does not know reads as null', async () => {
    const { id, code } = await stored(newDossier(AGENCY));
    await moveTo(id, STATUS.RECEIVED, '2025-06-02T10:00:00+07:00', 'receive');
    await moveTo(id, STATUS.PROCESSING, '2025-06-02T11:00:00+07:00', 'an-old-name');
    const events = (await loadOfficeDossier(env.DB, code))?.events ?? [];
    expect(events.map((e) => e.action)).toEqual(['submit', 'receive', null]);
  });
});

describe('findDossierByCode / findDossierById', () => {
  test('the provisional-calendar flag comes back as a boolean', async () => {
    const yes = await stored(newDossier(AGENCY, { calendarProvisional: true }));
    const no = await stored(newDossier(AGENCY));
    expect((await findDossierByCode(env.DB, yes.code))?.calendarProvisional).toBe(true);
    expect((await findDossierById(env.DB, no.id))?.calendarProvisional).toBe(false);
    expect(await findDossierByCode(env.DB, 'KHONG-CO-250602-0001')).toBeNull();
  });
});

describe('applyChange', () => {
  const change = (dossierId: string, fromStatus: 1 | 2) => ({
    dossierId,
    fromStatus,
    toStatus: STATUS.RECEIVED,
    agencySlug: AGENCY,
    dueDate: '2025-06-06',
    countedFrom: '2025-06-03T08:00:00+07:00',
    provisional: false,
    event: { action: 'receive', at: '2025-06-02T10:00:00+07:00', actor: 'officer-1' },
    audit: { actor: 'officer-1', action: 'transition', target: 'x' },
  });

  test('applies once, from the status the officer saw; a stale second try changes nothing', async () => {
    const { id, code } = await stored(newDossier(AGENCY));
    expect(await applyChange(env.DB, change(id, STATUS.NEW))).toBe(true);
    expect(await applyChange(env.DB, change(id, STATUS.NEW))).toBe(false);
    const loaded = await loadOfficeDossier(env.DB, code);
    expect(loaded?.dossier.status).toBe(STATUS.RECEIVED);
    expect(loaded?.dossier.calendarProvisional).toBe(false);
    expect(loaded?.events.map((e) => e.action)).toEqual(['submit', 'receive']);
    // The reception restarts the legal due date (the statistics trigger follows it).
    expect(loaded?.dossier.statutoryDueDate).toBe('2025-06-06');
  });
});
