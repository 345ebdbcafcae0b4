import { Hono } from 'hono';
import type { Officer } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { toFormErrors } from '../../../src/domain/errors.ts';
import { canAttachResult, RESULT_NOT_YET } from '../../../src/domain/files/result.ts';
import { html, type SafeHtml } from '../../../src/ui/html.ts';
import { renderErrorSummary } from '../../../src/ui/form.ts';
import { renderOfficeResults } from '../../../src/ui/result-file.ts';
import { audit } from '../../db/audit.ts';
import { forbidden, type OfficeEnv, requireCsrf, requireOfficer } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { clientOf } from '../../http/rate-limit.ts';
import type { LoadedDossier } from '../../services/office-dossier.ts';
import {
  attachesResults,
  attachResult,
  openResultFile,
  resultHistoryOf,
  resultIssuers,
  toResultView,
} from '../../services/result-files.ts';
import { resultDownload } from '../result-files.ts';
import { csrfField, officeNav } from './chrome.ts';
import { dossierInScope } from './dossier-access.ts';

/** `?da-ghi=` after a result file was attached or replaced. */
export const RESULT_ATTACHED = 'ket-qua';

type FormState = {
  values: { issuedOn: string; issuer: string; reason: string };
  errors: { name: string; message: string }[];
  fileNotKept?: boolean;
};

/**
 * The "Kết quả điện tử" section of the dossier page: the current file, the replaced ones,
 * and the upload form for the competent agency's officer once the dossier has a result.
 */
export async function officeResultSection(
  db: D1Database,
  index: CatalogueIndex,
  officer: Officer,
  csrf: string,
  loaded: LoadedDossier,
  state?: FormState,
): Promise<SafeHtml> {
  const d = loaded.dossier;
  const files = (await resultHistoryOf(db, d.id)).map((f) => toResultView(index, f));
  const mayAttach = attachesResults(officer, d);
  return renderOfficeResults({
    code: d.code,
    files,
    form:
      mayAttach && canAttachResult(d.status)
        ? {
            csrfField: csrfField(csrf),
            issuers: resultIssuers(index, d),
            values: state?.values ?? { issuedOn: '', issuer: d.agencySlug, reason: '' },
            errors: state?.errors ?? [],
            fileNotKept: state?.fileNotKept,
          }
        : undefined,
    note: mayAttach && !canAttachResult(d.status) ? RESULT_NOT_YET : undefined,
  });
}

/** Attaching a result file (`POST /can-bo/ho-so/<mã>/ket-qua`) and viewing one. */
export function resultOfficeRoutes({
  index,
  kit,
  now,
}: {
  index: CatalogueIndex;
  kit: PageKit;
  now: () => Date;
}) {
  /** The upload form again, alone on its page, with what went wrong and what was typed. */
  async function renderFormPage(
    db: D1Database,
    officer: Officer,
    csrf: string,
    loaded: LoadedDossier,
    state: FormState,
    alert?: string,
  ): Promise<string> {
    const code = loaded.dossier.code;
    const summary = alert
      ? renderErrorSummary([{ name: '', id: '', message: alert }], {
          heading: 'Không thực hiện được',
        })
      : renderErrorSummary(state.errors);
    return kit.render({
      title: `Kết quả điện tử – Hồ sơ ${code}`,
      sectionNav: officeNav(officer, csrf, 'queue'),
      main: html`${summary}<h1>Hồ sơ ${code}</h1>
<p class="crumbs-back"><a href="/can-bo/ho-so/${encodeURIComponent(code)}">← Về hồ sơ</a></p>
${await officeResultSection(db, index, officer, csrf, loaded, state)}`,
      hasErrors: true,
      head: html`<meta name="robots" content="noindex">`,
    });
  }

  return new Hono<OfficeEnv>()
    .post(
      '/can-bo/ho-so/:code/ket-qua',
      requireOfficer(['specialist', 'leader']),
      requireCsrf(),
      async (c) => {
        const officer = c.get('officer') as Officer;
        c.header('cache-control', 'no-store');
        const found = await dossierInScope(c, index, 'act');
        if ('response' in found) return found.response;
        const { loaded } = found;
        let data: FormData;
        try {
          data = await c.req.formData();
        } catch {
          data = new FormData();
        }
        const text = (name: string) => {
          const v = data.get(name);
          return typeof v === 'string' ? v.slice(0, 2000) : '';
        };
        const picked = data.get('tep');
        const file =
          picked && typeof picked !== 'string' && picked.size > 0
            ? { name: picked.name, bytes: new Uint8Array(await picked.arrayBuffer()) }
            : undefined;
        const values = {
          issuedOn: text('ngay-ban-hanh'),
          issuer: text('co-quan-ban-hanh'),
          reason: text('ly-do'),
        };
        const outcome = await attachResult(
          { db: c.env.DB, files: c.env.FILES, index, now },
          {
            officer,
            dossier: loaded.dossier,
            upload: { file, ...values },
            client: clientOf(c),
          },
        );
        if (outcome.kind === 'done') {
          const code = encodeURIComponent(loaded.dossier.code);
          return c.redirect(`/can-bo/ho-so/${code}?da-ghi=${RESULT_ATTACHED}#ket-qua`, 303);
        }
        if (outcome.kind === 'not-allowed') return forbidden(c, outcome.reason);
        const state: FormState = {
          values,
          errors: outcome.kind === 'invalid' ? toFormErrors(outcome.problems) : [],
          fileNotKept: file !== undefined,
        };
        const body = await renderFormPage(
          c.env.DB,
          officer,
          c.get('csrf'),
          loaded,
          state,
          outcome.kind === 'invalid' ? undefined : outcome.reason,
        );
        return c.html(body, outcome.kind === 'stale' ? 409 : 422);
      },
    )
    .get(
      '/can-bo/ho-so/:code/ket-qua/:id',
      requireOfficer(['receptionist', 'specialist', 'leader']),
      async (c) => {
        const officer = c.get('officer') as Officer;
        const found = await dossierInScope(c, index);
        if ('response' in found) return found.response;
        const { loaded, code } = found;
        const file = (await resultHistoryOf(c.env.DB, loaded.dossier.id)).find(
          (f) => f.id === c.req.param('id'),
        );
        const object = file ? await openResultFile(c.env.FILES, file) : undefined;
        if (!file || !object) return c.notFound();
        await audit(
          c.env.DB,
          {
            actor: officer.id,
            action: 'view-result',
            target: code,
            detail: file.sha256.slice(0, 12),
            client: clientOf(c),
          },
          now().toISOString(),
        );
        return resultDownload(object, file, loaded.dossier.code);
      },
    );
}
