/** Officer roles and who sees which dossiers. */

export const ROLES = ['receptionist', 'specialist', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  receptionist: 'Cán bộ tiếp nhận (Bộ phận Một cửa)',
  specialist: 'Chuyên viên xử lý',
  leader: 'Lãnh đạo ký duyệt',
  admin: 'Quản trị hệ thống',
};

export interface Officer {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Agency slugs the account works for: a desk for receptionists, agencies for the others. */
  agencies: readonly string[];
}

/**
 * An officer sees a dossier when it was received by, or is handled by, one of
 * the agencies the account works for. Administrators see all dossiers but act on none.
 */
export function canSeeDossier(
  officer: Officer,
  dossier: { deskSlug: string; agencySlug: string },
): boolean {
  if (officer.role === 'admin') return true;
  return (
    officer.agencies.includes(dossier.deskSlug) || officer.agencies.includes(dossier.agencySlug)
  );
}

/** Only officers who handle a dossier see the applicant's full personal data. */
export const seesPersonalData = (officer: Officer): boolean => officer.role !== 'admin';
