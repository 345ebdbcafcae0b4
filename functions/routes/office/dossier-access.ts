import type { Context } from 'hono';
import { canSeeDossier, type Officer } from '../../../src/domain/auth/roles.ts';
import { loadOfficeDossier } from '../../db/office.ts';
import { forbidden, type OfficeEnv } from '../../http/auth.ts';
import { safeDecode } from '../../http/query.ts';
import type { LoadedDossier } from '../../services/office-dossier.ts';

export type { LoadedDossier };

/**
 * The dossier named by the route's `:code`, for the signed-in officer: a 404 when
 * there is none, a 403 when it belongs to agencies outside the officer's scope.
 */
export async function dossierInScope(
  c: Context<OfficeEnv>,
): Promise<{ loaded: LoadedDossier; code: string } | { response: Response }> {
  const officer = c.get('officer') as Officer;
  const code = safeDecode(c.req.param('code') ?? '');
  const loaded = await loadOfficeDossier(c.env.DB, code);
  if (!loaded) return { response: await c.notFound() };
  if (!canSeeDossier(officer, loaded.dossier)) {
    return { response: forbidden(c, 'Hồ sơ này không thuộc cơ quan của bạn.') };
  }
  return { loaded, code };
}
