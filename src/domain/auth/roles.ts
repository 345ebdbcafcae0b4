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

/** Where a dossier is: the desk that received it, its competent agency and its return desk. */
export interface DossierPlaces {
  deskSlug: string;
  agencySlug: string;
  returnDeskSlug: string;
}

/**
 * An officer works on a dossier when the account's desk received it or returns its result
 * (the reception and return actions, the receptionist's) or the account's agency is its
 * competent agency (the deciding actions, the specialist's and the leader's); the lifecycle
 * then allows each role its own actions. Administrators and editors work on none.
 */
export function worksOnDossier(officer: Officer, dossier: DossierPlaces): boolean {
  if (!handlesDossiers(officer)) return false;
  return [dossier.deskSlug, dossier.returnDeskSlug, dossier.agencySlug].some((slug) =>
    officer.agencies.includes(slug),
  );
}

/**
 * An officer sees a dossier when working on it; administrators and the officers of the
 * province's centre (`oversees`, src/domain/reception.ts `isProvinceCentre`) see every dossier,
 * read only; editors see none.
 */
export function canSeeDossier(officer: Officer, dossier: DossierPlaces, oversees = false): boolean {
  if (officer.role === 'admin') return true;
  if (officer.role === 'editor') return false;
  return oversees || worksOnDossier(officer, dossier);
}

/** Only officers who handle a dossier see the applicant's full personal data. */
export const seesPersonalData = (officer: Officer): boolean => officer.role !== 'admin';
