import { isRealIsoDate, normaliseDate } from '../calendar/dates.ts';
import type { StatusCode } from '../dossier/status.ts';
import { sha256Hex } from '../dossier/secret.ts';
import { formatDate } from '../format.ts';
import { routes } from '../routes.ts';
import { APPLICANT_FIELDS } from '../forms/fields.ts';
import { checkBirthDate, checkIdNumber, checkPersonName } from '../validate/personal.ts';

/**
 * Citizen sign-in with the national electronic identity (docs/adr/0016-citizen-sign-in.md):
 * what the portal keeps of the identity provider's answer, and how it fills the form.
 * Pure: no I/O, no logging (claims are personal data).
 */

/** The claims that fill and lock the applicant section; each only when present and valid. */
export interface CitizenIdentity {
  fullName?: string | undefined;
  idNumber?: string | undefined;
  /** YYYY-MM-DD. */
  birthDate?: string | undefined;
}

/**
 * Claim names, first match wins. The national portal's single sign-on returns `HoVaTen`,
 * `SoDinhDanh` and `NgayThangNamSinh` (observed in public code, not in an official
 * specification); the OpenID Connect standard names follow for other providers.
 */
const CLAIM_NAMES = {
  fullName: ['HoVaTen', 'name'],
  idNumber: ['SoDinhDanh', 'personal_id_number'],
  birthDate: ['NgayThangNamSinh', 'birthdate'],
} as const;

const firstString = (claims: Record<string, unknown>, names: readonly string[]) => {
  for (const name of names) {
    const value = claims[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
};

/** "1990-01-05", "05/01/1990", "19900105" or "1990-01-05T00:00:00" → "1990-01-05". */
export function claimedDate(value: string): string | undefined {
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  const iso = compact
    ? `${compact[1]}-${compact[2]}-${compact[3]}`
    : normaliseDate(value.slice(0, 10).trim());
  return isRealIsoDate(iso) ? iso : undefined;
}

/**
 * The identity in the claims of the ID token and the UserInfo response. A claim that is
 * missing or fails the form's own check is left out: the citizen types that field.
 */
export function identityFromClaims(
  claims: Record<string, unknown>,
  today: string,
): CitizenIdentity {
  const fullName = firstString(claims, CLAIM_NAMES.fullName)?.replace(/\s+/g, ' ');
  const rawDate = firstString(claims, CLAIM_NAMES.birthDate);
  const birthDate = rawDate ? claimedDate(rawDate) : undefined;
  const idNumber = firstString(claims, CLAIM_NAMES.idNumber);
  const goodDate = birthDate && !checkBirthDate(birthDate, today) ? birthDate : undefined;
  return {
    fullName: fullName && !checkPersonName(fullName) ? fullName : undefined,
    idNumber: idNumber && !checkIdNumber(idNumber, goodDate) ? idNumber : undefined,
    birthDate: goodDate,
  };
}

/**
 * The subject the portal keeps: the SHA-256 of the issuer and its `sub`, so that two
 * providers never share a subject and the provider's own identifier is not stored.
 */
export const subjectOf = (issuer: string, sub: string): Promise<string> =>
  sha256Hex(`${issuer}\n${sub}`);

/**
 * Whether the assurance level the provider reports is one this portal asked for. With
 * `acr_values` configured, a missing or other `acr` is refused; without, any is accepted.
 */
export function acrAccepted(acr: unknown, accepted: readonly string[] | undefined): boolean {
  if (!accepted || accepted.length === 0) return true;
  return typeof acr === 'string' && accepted.includes(acr);
}

/**
 * The online form's applicant fields the identity locks, with the value shown (as the
 * citizen would type it). The server uses these values whatever the browser posts.
 */
export function lockedFields(identity: CitizenIdentity): Record<string, string> {
  const locked: Record<string, string> = {};
  if (identity.fullName) locked[APPLICANT_FIELDS.fullName.name] = identity.fullName;
  if (identity.idNumber) locked[APPLICANT_FIELDS.idNumber.name] = identity.idNumber;
  if (identity.birthDate) locked[APPLICANT_FIELDS.birthDate.name] = formatDate(identity.birthDate);
  return locked;
}

/**
 * Where to go after signing in: an online form or "Hồ sơ của tôi"; anything else (another
 * site, an unknown path) is "Hồ sơ của tôi", so the return address is never an open redirect.
 */
export function afterSignIn(path: unknown): string {
  if (typeof path === 'string' && /^\/nop-ho-so\/[a-z0-9-]+\/$/.test(path)) return path;
  return routes.myDossiers();
}

/** A line of "Hồ sơ của tôi": a dossier the citizen filed or claimed while signed in. */
export interface OwnedDossier {
  code: string;
  procedureTitle: string;
  status: StatusCode;
  receivedAt: string;
  dueDate: string;
  how: 'filed' | 'claimed';
  /** The competent agency attached the electronic result (docs/adr/0020). */
  hasResult: boolean;
}

/** Why a sign-in did not complete; each has its own Vietnamese message (src/ui/citizen.ts). */
export type SignInFailure =
  /** The identity provider did not answer (down, overloaded, unreachable). */
  | 'unavailable'
  /** The citizen cancelled, or the provider refused the request (e.g. an `acr` it lacks). */
  | 'refused'
  /** No sign-in under way for this browser: too old, already used, or from another browser. */
  | 'stale'
  /** The answer did not check out: wrong state, a replayed or expired code or token, a bad signature. */
  | 'invalid'
  /** Signed in at an assurance level (`acr`) this portal did not ask for. */
  | 'acr';
