import type { Context } from 'hono';
import { canSeeDossier, type Officer, worksOnDossier } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { isProvinceCentre } from '../../../src/domain/reception.ts';
import { loadOfficeDossier } from '../../db/office.ts';
import { forbidden, type OfficeEnv } from '../../http/auth.ts';
import { safeDecode } from '../../http/query.ts';
import type { LoadedDossier } from '../../services/office-dossier.ts';

export type { LoadedDossier };

/** Whether the officer works at the province's centre, which oversees every dossier (read only). */
export const oversees = (index: CatalogueIndex, officer: Officer): boolean =>
  officer.agencies.some((slug) => {
    const agency = index.agencyBySlug.get(slug);
    return agency !== undefined && isProvinceCentre(agency);
  });

/**
 * The dossier named by the route's `:code`, for the signed-in officer: a 404 when there is
 * none, a 403 when it is outside the officer's scope (src/domain/auth/roles.ts): to `view`,
 * its receiving desk, return desk or competent agency, or the province centre's oversight;
 * to `act`, one of the first three.
 */
export async function dossierInScope(
  c: Context<OfficeEnv>,
  index: CatalogueIndex,
  need: 'view' | 'act' = 'view',
): Promise<{ loaded: LoadedDossier; code: string } | { response: Response }> {
  const officer = c.get('officer') as Officer;
  const code = safeDecode(c.req.param('code') ?? '');
  const loaded = await loadOfficeDossier(c.env.DB, code);
  if (!loaded) return { response: await c.notFound() };
  if (!canSeeDossier(officer, loaded.dossier, oversees(index, officer))) {
    return { response: forbidden(c, 'Hồ sơ này không thuộc cơ quan của bạn.') };
  }
  if (need === 'act' && !worksOnDossier(officer, loaded.dossier)) {
    return {
      response: forbidden(
        c,
        'Trung tâm Phục vụ hành chính công tỉnh chỉ theo dõi hồ sơ này; nơi tiếp nhận, nơi trả kết quả và cơ quan giải quyết mới thao tác được.',
      ),
    };
  }
  return { loaded, code };
}
