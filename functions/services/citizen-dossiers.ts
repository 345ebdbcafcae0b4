import {
  normaliseDossierCode,
  normaliseSecret,
  parseDossierCode,
} from '../../src/domain/dossier/code.ts';
import type { OwnedDossier } from '../../src/domain/auth/citizen.ts';
import { claimDossier, ownedDossiers } from '../db/citizens.ts';
import { findForCitizen } from './submissions.ts';

/**
 * "Hồ sơ của tôi" (docs/adr/0016-citizen-sign-in.md): a dossier belongs to a signed-in
 * citizen when it was filed during their session, or claimed with its code and secret
 * during their session. Never by a typed ID number: anyone can type anyone's.
 */

/** Records that the signed-in citizen filed this dossier. */
export async function recordFiled(
  db: D1Database,
  subject: string,
  dossierId: string,
  at: Date,
): Promise<void> {
  await claimDossier(db, dossierId, subject, 'filed', at.toISOString());
}

export type ClaimOutcome =
  | { kind: 'added'; code: string }
  /** Wrong code or wrong secret: one answer for both. */
  | { kind: 'not-found' }
  /** The dossier is already in another account's list. */
  | { kind: 'taken' };

/** Adds a dossier to the citizen's list with its code and lookup secret. */
export async function claimWithCode(
  db: D1Database,
  subject: string,
  rawCode: string,
  rawSecret: string,
  at: Date,
): Promise<ClaimOutcome> {
  const code = normaliseDossierCode(rawCode);
  const secret = normaliseSecret(rawSecret);
  if (!parseDossierCode(code) || secret.length < 8 || secret.length > 32) {
    return { kind: 'not-found' };
  }
  const dossier = await findForCitizen(db, code, secret);
  if (!dossier) return { kind: 'not-found' };
  const owner = await claimDossier(db, dossier.id, subject, 'claimed', at.toISOString());
  return owner === subject ? { kind: 'added', code: dossier.code } : { kind: 'taken' };
}

export const myDossiers = (db: D1Database, subject: string): Promise<OwnedDossier[]> =>
  ownedDossiers(db, subject);
