import { type Context, Hono } from 'hono';
import { type Officer, seesPersonalData, worksOnDossier } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { ACTION_LABELS, type ActionName } from '../../../src/domain/dossier/lifecycle.ts';
import { dossierDoneQuery } from '../../../src/schemas/office.ts';
import { html } from '../../../src/ui/html.ts';
import { officeDossierMain } from '../../../src/ui/office-dossier.ts';
import { audit } from '../../db/audit.ts';
import { forbidden, type OfficeEnv, requireCsrf, requireOfficer } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { clientOf } from '../../http/rate-limit.ts';
import {
  type ActionOutcome,
  dossierView,
  isActionName,
  type LoadedDossier,
  takeAction,
} from '../../services/office-dossier.ts';
import { platformOf } from '../../services/payment/request.ts';
import { dispatchNow } from '../../services/notify/dispatch.ts';
import { deliveryViews } from '../../services/outbox.ts';
import { decideStopRequest, stopRequestView } from '../../services/stop-request.ts';

/** `?da-ghi=` after the desk refused an applicant's stop request. */
const STOP_REQUEST_REFUSED = 'khong-dung';
import { csrfField, officeNav, officeQuery } from './chrome.ts';
import { dossierInScope } from './dossier-access.ts';
import { officeResultSection, RESULT_ATTACHED } from './result.ts';

/** Lets work finish after the response; without an execution context (tests) it just runs. */
function inBackground(
  c: { executionCtx: { waitUntil(p: Promise<unknown>): void } },
  work: Promise<unknown>,
): void {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    void work;
  }
}

/** The status each refused outcome of `takeAction` is answered with. */
const REFUSED_STATUS: Record<Exclude<ActionOutcome['kind'], 'done'>, 403 | 409 | 422> = {
  'unknown-action': 422,
  'not-your-role': 403,
  'not-possible': 422,
  stale: 409,
};

export interface DossierRouteDeps {
  index: CatalogueIndex;
  kit: PageKit;
  now: () => Date;
}

/** `/can-bo/ho-so/<mã>`: the dossier, its timeline and the actions its state allows. */
export function dossierRoutes({ index, kit, now }: DossierRouteDeps) {
  /** The page's parts read from their own tables: stop request, result file, messages. */
  const parts = async (c: Context<OfficeEnv>, officer: Officer, shown: LoadedDossier) => ({
    stopRequest: await stopRequestView({ db: c.env.DB, index }, officer, shown),
    resultSection: await officeResultSection(c.env.DB, index, officer, c.get('csrf'), shown),
    deliveries: await deliveryViews(c.env.DB, shown.dossier.id),
    view: await dossierView({ index, now }, officer, shown),
  });

  const render = (
    officer: Officer,
    csrf: string,
    loaded: LoadedDossier,
    notice: {
      error?: string | undefined;
      action?: ActionName | undefined;
      done?: string | undefined;
    },
    { stopRequest, resultSection, deliveries, view }: Awaited<ReturnType<typeof parts>>,
  ): string =>
    kit.render({
      title: `Hồ sơ ${loaded.dossier.code}`,
      sectionNav: officeNav(officer, csrf, 'queue'),
      main: officeDossierMain({
        ...loaded,
        ...view,
        stopRequest,
        resultSection,
        deliveries,
        csrfField: csrfField(csrf),
        showPersonalData: seesPersonalData(officer),
        isAdmin: officer.role === 'admin',
        overseeing: !worksOnDossier(officer, loaded.dossier),
        notice,
      }),
      hasErrors: Boolean(notice.error),
      head: html`<meta name="robots" content="noindex">`,
    });

  /** The page again with the reason an action was refused, or back to it once done (303). */
  async function answer(
    c: Context<OfficeEnv>,
    officer: Officer,
    loaded: LoadedDossier,
    outcome: ActionOutcome,
    action: ActionName | undefined,
  ): Promise<Response> {
    if (outcome.kind !== 'done') {
      const shown = (outcome.kind === 'stale' && outcome.fresh) || loaded;
      return c.html(
        render(
          officer,
          c.get('csrf'),
          shown,
          { error: outcome.reason, action },
          await parts(c, officer, shown),
        ),
        REFUSED_STATUS[outcome.kind],
      );
    }
    if (outcome.messageQueued) {
      inBackground(c, dispatchNow(c.env, index.catalogue, now()));
    }
    const code = encodeURIComponent(loaded.dossier.code);
    return c.redirect(`/can-bo/ho-so/${code}?da-ghi=${outcome.action}`, 303);
  }

  return new Hono<OfficeEnv>()
    .get('/can-bo/ho-so/:code', requireOfficer(), async (c) => {
      const officer = c.get('officer') as Officer;
      c.header('cache-control', 'no-store');
      const found = await dossierInScope(c, index);
      if ('response' in found) return found.response;
      const { loaded, code } = found;
      if (seesPersonalData(officer)) {
        await audit(
          c.env.DB,
          { actor: officer.id, action: 'view-personal-data', target: code, client: clientOf(c) },
          now().toISOString(),
        );
      }
      const query = officeQuery(c, kit, dossierDoneQuery, 'queue');
      if (!query.ok) return query.response;
      const done = query.value['da-ghi'];
      return c.html(
        render(
          officer,
          c.get('csrf'),
          loaded,
          {
            done:
              done === STOP_REQUEST_REFUSED
                ? 'Không chấp nhận yêu cầu dừng giải quyết'
                : done === RESULT_ATTACHED
                  ? 'Đính kèm tệp kết quả điện tử'
                  : done && isActionName(done)
                    ? ACTION_LABELS[done]
                    : undefined,
          },
          await parts(c, officer, loaded),
        ),
      );
    })
    .post(
      '/can-bo/ho-so/:code/thao-tac',
      requireOfficer(['receptionist', 'specialist', 'leader']),
      requireCsrf(),
      async (c) => {
        const officer = c.get('officer') as Officer;
        c.header('cache-control', 'no-store');
        const found = await dossierInScope(c, index, 'act');
        if ('response' in found) return found.response;
        const { loaded } = found;
        const body = await c.req.parseBody();
        const outcome = await takeAction(
          { db: c.env.DB, index, now, platform: platformOf(c.env), files: c.env.FILES },
          { officer, loaded, body, client: clientOf(c) },
        );
        return answer(
          c,
          officer,
          loaded,
          outcome,
          isActionName(body.action) ? body.action : undefined,
        );
      },
    )
    .post(
      '/can-bo/ho-so/:code/yeu-cau-dung',
      requireOfficer(['receptionist', 'specialist', 'leader']),
      requireCsrf(),
      async (c) => {
        const officer = c.get('officer') as Officer;
        c.header('cache-control', 'no-store');
        const found = await dossierInScope(c, index, 'act');
        if ('response' in found) return found.response;
        const { loaded } = found;
        const body = await c.req.parseBody();
        const outcome = await decideStopRequest(
          { db: c.env.DB, index, now },
          { officer, loaded, body, client: clientOf(c) },
        );
        if (outcome.kind === 'refused-request') {
          if (outcome.messageQueued) {
            inBackground(c, dispatchNow(c.env, index.catalogue, now()));
          }
          const code = encodeURIComponent(loaded.dossier.code);
          return c.redirect(`/can-bo/ho-so/${code}?da-ghi=${STOP_REQUEST_REFUSED}`, 303);
        }
        if (outcome.kind === 'not-your-desk') return forbidden(c, outcome.reason);
        return answer(c, officer, loaded, outcome, undefined);
      },
    )
    .get(
      '/can-bo/ho-so/:code/tep/:id',
      requireOfficer(['receptionist', 'specialist', 'leader']),
      async (c) => {
        const officer = c.get('officer') as Officer;
        const found = await dossierInScope(c, index);
        if ('response' in found) return found.response;
        const { loaded, code } = found;
        const file = loaded.attachments.find((a) => a.id === c.req.param('id'));
        const object = file ? await c.env.FILES?.get(file.storageKey) : null;
        if (!file || !object) return c.notFound();
        await audit(
          c.env.DB,
          {
            actor: officer.id,
            action: 'view-attachment',
            target: code,
            detail: file.documentName,
            client: clientOf(c),
          },
          now().toISOString(),
        );
        return new Response(object.body, {
          headers: {
            'content-type': file.contentType,
            'content-disposition': `attachment; filename="tep.${file.fileName.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          },
        });
      },
    );
}
