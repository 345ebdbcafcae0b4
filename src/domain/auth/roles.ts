/** Officer roles and who sees which dossiers. */

export const ROLES = ['receptionist', 'specialist', 'leader', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  receptionist: 'Cán bộ tiếp nhận (Bộ phận Một cửa)',
  specialist: 'Chuyên viên xử lý',
  leader: 'Lãnh đạo ký duyệt',
  editor: 'Biên tập viên (danh mục thủ tục, góp ý của người dân)',
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

/** Roles that work on dossiers: they see a queue and act on the lifecycle. */
export const handlesDossiers = (officer: Pick<Officer, 'role'>): boolean =>
  officer.role === 'receptionist' || officer.role === 'specialist' || officer.role === 'leader';

/** Roles that belong to no agency: they see the whole locality's catalogue or accounts. */
export const worksAcrossAgencies = (role: Role): boolean => role === 'admin' || role === 'editor';

/**
 * An officer sees a dossier when it was received by, or is handled by, one of
 * the agencies the account works for. Administrators see all dossiers but act on none;
 * editors see none.
 */
export function canSeeDossier(
  officer: Officer,
  dossier: { deskSlug: string; agencySlug: string },
): boolean {
  if (officer.role === 'admin') return true;
  if (officer.role === 'editor') return false;
  return (
    officer.agencies.includes(dossier.deskSlug) || officer.agencies.includes(dossier.agencySlug)
  );
}

/** Only officers who handle a dossier see the applicant's full personal data. */
export const seesPersonalData = (officer: Officer): boolean => officer.role !== 'admin';
