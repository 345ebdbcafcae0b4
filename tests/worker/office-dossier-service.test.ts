import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { describe, expect, test } from 'vitest';
import { loadOfficeDossier } from '../../functions/db/office.ts';
import {
  dossierView,
  type LoadedDossier,
  takeAction,
} from '../../functions/services/office-dossier.ts';
import type { Officer, Role } from '../../src/domain/auth/roles.ts';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { STATUS } from '../../src/domain/dossier/status.ts';
import { newDossier, stored } from './db-helpers.ts';

/**
 * The officers' dossier service called directly, with its dependencies passed in (the
 * routes only read the form and render): each outcome, and what it wrote.
 */

const index = indexCatalogue(catalogue);
const AGENCY = 'ubnd-xa-thuan-bac';
const now = () => new Date('2025-06-02T10:00:00+07:00');
const services = { db: env.DB, index, now };
const officer = (role: Role): Officer => ({
  id: `svc-${role}`,
  username: `svc-${role}`,
  displayName: role,
  role,
  agencies: [AGENCY],
});

async function fresh(): Promise<LoadedDossier> {
  const { code } = await stored(newDossier(AGENCY, { deskSlug: 'ttpvhcc-xa-thuan-bac' }));
  return (await loadOfficeDossier(env.DB, code)) as LoadedDossier;
}

describe('takeAction', () => {
  test('done: the status moves and the citizen message is queued', async () => {
    const loaded = await fresh();
    const outcome = await takeAction(services, {
      officer: officer('receptionist'),
      loaded,
      body: { action: 'receive', expected: '1' },
      client: 'test',
    });
    expect(outcome).toEqual({ kind: 'done', action: 'receive', messageQueued: true });
    const after = await loadOfficeDossier(env.DB, loaded.dossier.code);
    expect(after?.dossier.status).toBe(STATUS.RECEIVED);
  });

  test.each([
    ['not-your-role', 'specialist', { action: 'receive', expected: '1' }],
    ['not-possible', 'receptionist', { action: 'return-result', expected: '1' }],
    ['not-possible', 'receptionist', { action: 'refuse', expected: '1', reason: '' }],
    ['unknown-action', 'receptionist', { action: 'xoa-ho-so', expected: '1' }],
    ['stale', 'receptionist', { action: 'receive', expected: '2' }],
  ] as const)('%s (%s, %j): nothing written', async (kind, role, body) => {
    const loaded = await fresh();
    const outcome = await takeAction(services, {
      officer: officer(role),
      loaded,
      body,
      client: 'test',
    });
    expect(outcome.kind).toBe(kind);
    if (outcome.kind !== 'done') expect(outcome.reason).not.toBe('');
    const after = await loadOfficeDossier(env.DB, loaded.dossier.code);
    expect(after?.events).toHaveLength(1);
  });

  test('stale after the check: the fresh dossier comes back', async () => {
    const loaded = await fresh();
    const first = await takeAction(services, {
      officer: officer('receptionist'),
      loaded,
      body: { action: 'receive', expected: '1' },
      client: 'test',
    });
    expect(first.kind).toBe('done');
    // The same page, posted again: the dossier moved on meanwhile.
    const second = await takeAction(services, {
      officer: officer('receptionist'),
      loaded,
      body: { action: 'refuse', expected: '1', reason: 'Thiếu giấy tờ' },
      client: 'test',
    });
    expect(second.kind).toBe('stale');
    if (second.kind === 'stale') expect(second.fresh?.dossier.status).toBe(STATUS.RECEIVED);
  });
});

describe('dossierView', () => {
  test('a receptionist sees the desk actions; an administrator none', async () => {
    const loaded = await fresh();
    const desk = await dossierView({ index, now }, officer('receptionist'), loaded);
    expect(desk.actions.map((a) => a.action)).toContain('receive');
    expect(desk.timeliness).toBe('in-progress');
    expect((await dossierView({ index, now }, officer('admin'), loaded)).actions).toEqual([]);
  });

  test('assigning: the agency the dossier was filed with is the first (default) choice', async () => {
    const loaded = await fresh();
    const received = await takeAction(services, {
      officer: officer('receptionist'),
      loaded,
      body: { action: 'receive', expected: '1' },
      client: 'test',
    });
    expect(received.kind).toBe('done');
    const after = (await loadOfficeDossier(env.DB, loaded.dossier.code)) as LoadedDossier;
    const assign = (await dossierView({ index, now }, officer('receptionist'), after)).actions.find(
      (a) => a.action === 'assign',
    );
    const others = assign?.agencies.slice(1).map((a) => a.slug) ?? [];
    expect(others.length).toBeGreaterThan(0);
    expect(assign?.agencies[0]?.slug).toBe(AGENCY);
  });
});
