import { Hono } from 'hono';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { type AccessKeys, loadOfficer, type OfficeEnv } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { adminRoutes } from './admin.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { counterRoutes } from './counter.ts';
import { dvcqgSyncRoutes } from './dvcqg-sync.ts';
import { counterChainRoutes } from './counter-chains.ts';
import { dossierRoutes } from './dossier.ts';
import { officeFeedbackRoutes } from './feedback.ts';
import { officePaymentRoutes } from './payments.ts';
import { formRoutes } from './forms.ts';
import { loginRoutes } from './login.ts';
import { officePaknRoutes } from './pakn.ts';
import { notifyRoutes } from './notify.ts';
import { queueRoutes } from './queue.ts';
import { resultOfficeRoutes } from './result.ts';

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
  office.route('/', resultOfficeRoutes(deps));
  office.route('/', counterChainRoutes(deps.index, deps.kit, deps.now));
  office.route('/', counterRoutes(deps.index, deps.kit, deps.now));
  office.route('/', formRoutes(deps.index, deps.kit, deps.now));
  office.route('/', adminRoutes(deps.index, deps.kit, deps.now));
  office.route('/', apiKeyRoutes(deps.kit, deps.now));
  office.route('/', officeFeedbackRoutes(deps.index, deps.kit, deps.now));
  office.route('/', dvcqgSyncRoutes(deps.index, deps.kit, deps.now));
  office.route('/', officePaknRoutes(deps.index, deps.kit, deps.now));
  office.route('/', officePaymentRoutes(deps.index, deps.kit));
  office.route('/', notifyRoutes(deps.index, deps.kit, deps.now));
  return office;
}
