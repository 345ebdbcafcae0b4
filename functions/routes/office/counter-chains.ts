import { Hono } from 'hono';
import type { Officer } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { CHANNEL } from '../../../src/domain/dossier/status.ts';
import type { FormError } from '../../../src/domain/errors.ts';
import type { Chain } from '../../../src/schemas/chain.ts';
import { renderCounterForm } from '../../../src/ui/counter-form.ts';
import { html, type SafeHtml } from '../../../src/ui/html.ts';
import { audit } from '../../db/audit.ts';
import { forbidden, type OfficeEnv, requireCsrf, requireOfficer } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { clientOf } from '../../http/rate-limit.ts';
import { chainBySlug, submitChain, wholeChainProcedure } from '../../services/chains.ts';
import { refusalFormErrors, splitFormData } from '../../services/intake.ts';
import { counterDefaultAgency, counterPlaceOf } from '../../services/office-counter.ts';
import { chainReceiptPage } from '../chains.ts';
import { csrfField, officeNav } from './chrome.ts';

/**
 * A chain received at the counter (`/can-bo/tiep-nhan/lien-thong/<slug>`, ADR 0021): one form,
 * one code and one receipt from the receptionist's desk; the members start as sub-dossiers of
 * their agencies, already received (status 2).
 */

const counterPath = (slug: string) => `/can-bo/tiep-nhan/lien-thong/${slug}`;

/** The summary of a chain's first member: where the chain is filed. */
const firstMember = (index: CatalogueIndex, chain: Chain) =>
  index.procedureByCode.get(chain.members[0]?.procedure ?? '') ?? {
    agencies: [],
    boundaryFree: false,
  };

/** The chains a receptionist can receive: those whose first member the desk receives. */
const chainsAtDesk = (index: CatalogueIndex, officer: Officer): Chain[] =>
  index.catalogue.chains.filter(
    (c) =>
      c.status === 'active' &&
      // Received where its first member is (the chain's agencies are the first member's).
      counterPlaceOf(index, officer, firstMember(index, c)) !== undefined,
  );

/** Links to the chains' counter forms, for the counter's landing page. */
export function chainCounterLinks(index: CatalogueIndex, officer: Officer): SafeHtml | '' {
  const chains = chainsAtDesk(index, officer);
  if (chains.length === 0) return '';
  return html`<h2>Hồ sơ liên thông</h2>
<p>Một bộ hồ sơ, một mã hồ sơ cho nhiều thủ tục của nhiều cơ quan.</p>
<ul>${chains.map((c) => html`<li><a href="${counterPath(c.slug)}">${c.title}</a></li>`)}</ul>`;
}

export function counterChainRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  const formPage = async (
    officer: Officer,
    csrf: string,
    chain: Chain,
    values: Record<string, string>,
    errors: FormError[],
  ) => {
    const procedure = await wholeChainProcedure(index, chain);
    const place = counterPlaceOf(index, officer, procedure);
    if (!place) return undefined;
    return kit.render({
      title: `Tiếp nhận tại quầy: ${chain.title}`,
      hasErrors: errors.length > 0,
      head: html`<meta name="robots" content="noindex">`,
      scripts: ['/js/bieu-mau.js'],
      sectionNav: officeNav(officer, csrf, 'counter'),
      main: renderCounterForm(procedure, {
        agencies: place.agencies,
        defaultAgency: counterDefaultAgency(index, place.desk, place.agencies)?.slug,
        communes: index.communeChoices,
        state: { values, errors, idempotencyKey: crypto.randomUUID() },
        action: counterPath(chain.slug),
        hidden: csrfField(csrf),
      }),
    });
  };
  const NOT_HERE = 'Hồ sơ liên thông này không tiếp nhận tại bộ phận của bạn.';

  return new Hono<OfficeEnv>()
    .get(
      '/can-bo/tiep-nhan/lien-thong/:slug{[a-z0-9-]+}',
      requireOfficer(['receptionist']),
      async (c) => {
        const officer = c.get('officer') as Officer;
        c.header('cache-control', 'no-store');
        const chain = chainBySlug(index, c.req.param('slug'));
        if (!chain) return c.notFound();
        const page = await formPage(officer, c.get('csrf'), chain, {}, []);
        return page ? c.html(page) : forbidden(c, NOT_HERE);
      },
    )
    .post(
      '/can-bo/tiep-nhan/lien-thong/:slug{[a-z0-9-]+}',
      requireOfficer(['receptionist']),
      requireCsrf(),
      async (c) => {
        const officer = c.get('officer') as Officer;
        c.header('cache-control', 'no-store');
        const chain = chainBySlug(index, c.req.param('slug'));
        if (!chain) return c.notFound();
        const place = counterPlaceOf(index, officer, firstMember(index, chain));
        if (!place) return forbidden(c, NOT_HERE);
        let parsed: Awaited<ReturnType<typeof splitFormData>>;
        try {
          parsed = await splitFormData(await c.req.formData());
        } catch {
          return c.text('Không đọc được dữ liệu gửi lên', 400);
        }
        const fallback = counterDefaultAgency(index, place.desk, place.agencies);
        const values =
          fallback && !parsed.values['co-quan']
            ? { ...parsed.values, 'co-quan': fallback.slug }
            : parsed.values;
        const at = now();
        const services = { db: c.env.DB, files: c.env.FILES, index, now: () => at };
        const result = await submitChain(services, chain, values, parsed.files, {
          channel: CHANNEL.COUNTER,
          actor: officer.id,
          desk: place.desk,
          initialStatus: 2,
        });
        if (!result.ok) {
          const page = await formPage(
            officer,
            c.get('csrf'),
            chain,
            parsed.values,
            refusalFormErrors(result.refusal),
          );
          return c.html(page ?? '', result.refusal.status as 422);
        }
        await audit(
          c.env.DB,
          {
            actor: officer.id,
            action: 'register-counter',
            target: result.accepted.code,
            client: clientOf(c),
          },
          at.toISOString(),
        );
        return c.html(await chainReceiptPage(kit, index, chain, result, CHANNEL.COUNTER), 201);
      },
    );
}
