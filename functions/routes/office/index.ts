import { Hono } from 'hono';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { type AccessKeys, loadOfficer, type OfficeEnv } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { adminRoutes } from './admin.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { counterRoutes } from './counter.ts';
import { dossierRoutes } from './dossier.ts';
import { officeFeedbackRoutes } from './feedback.ts';
import { formRoutes } from './forms.ts';
import { loginRoutes } from './login.ts';
import { notifyRoutes } from './notify.ts';
import { queueRoutes } from './queue.ts';

export interface OfficeDeps {
  index: CatalogueIndex;
  kit: PageKit;
  now: () => Date;
  /** Cloudflare Access key source (default: fetched from the team domain). */
  accessKeys?: AccessKeys | undefined;
}

/** The back office under /can-bo (pages) and /api/can-bo (JSON). */
export function officeRoutes(deps: OfficeDeps) {
  const office = new Hono<OfficeEnv>();
  for (const path of ['/can-bo', '/can-bo/*', '/api/can-bo/*']) {
    office.use(path, loadOfficer(...(deps.accessKeys ? [deps.accessKeys] : [])));
  }
  office.route('/', loginRoutes(deps.kit, deps.now));
  office.route('/', queueRoutes(deps.index, deps.kit, deps.now));
  office.route('/', dossierRoutes(deps));
  office.route('/', counterRoutes(deps.index, deps.kit, deps.now));
  office.route('/', formRoutes(deps.index, deps.kit, deps.now));
  office.route('/', adminRoutes(deps.index, deps.kit, deps.now));
  office.route('/', apiKeyRoutes(deps.kit, deps.now));
  office.route('/', officeFeedbackRoutes(deps.index, deps.kit, deps.now));
  office.route('/', notifyRoutes(deps.index, deps.kit, deps.now));
  return office;
}
