import { Hono } from 'hono';
import type { Officer } from '../../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../../src/domain/catalogue-index.ts';
import { CHANNEL_LABELS, isNotifyChannel } from '../../../src/domain/notify/delivery.ts';
import { renderErrorSummary } from '../../../src/ui/form.ts';
import { html } from '../../../src/ui/html.ts';
import { audit } from '../../db/audit.ts';
import { type OfficeEnv, requireCsrf, requireOfficer } from '../../http/auth.ts';
import type { PageKit } from '../../http/pages.ts';
import { clientOf } from '../../http/rate-limit.ts';
import { dispatchNow } from '../../services/notify/dispatch.ts';
import { resolveAlert } from '../../services/outbox.ts';
import { officeNav } from './chrome.ts';

/**
 * `POST /can-bo/tin-nhan/sua-xong`: an administrator fixed a channel's provider configuration
 * (the dashboard's alert, docs/adr/0019-notifications.md); the alert goes and the messages it
 * stopped are sent again.
 */
export function notifyRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  return new Hono<OfficeEnv>().post(
    '/can-bo/tin-nhan/sua-xong',
    requireOfficer(['admin']),
    requireCsrf(),
    async (c) => {
      const officer = c.get('officer') as Officer;
      c.header('cache-control', 'no-store');
      const channel = (await c.req.parseBody()).kenh;
      if (!isNotifyChannel(channel)) {
        const message = 'Không rõ kênh gửi tin cần gửi lại.';
        return c.html(
          kit.render({
            title: 'Không thực hiện được',
            hasErrors: true,
            sectionNav: officeNav(officer, c.get('csrf'), 'queue'),
            head: html`<meta name="robots" content="noindex">`,
            main: html`${renderErrorSummary([{ name: '', id: '', message }])}<h1>Không thực hiện được</h1>
<p><a href="/can-bo">Về hàng đợi</a></p>`,
          }),
          422,
        );
      }
      const resent = await resolveAlert(c.env, channel);
      await audit(
        c.env.DB,
        {
          actor: officer.id,
          action: 'notify-alert-cleared',
          target: channel,
          detail: `${CHANNEL_LABELS[channel]}: gửi lại ${resent} tin`,
          client: clientOf(c),
        },
        now().toISOString(),
      );
      const work = dispatchNow(c.env, index.catalogue, now());
      try {
        c.executionCtx.waitUntil(work);
      } catch {
        await work;
      }
      return c.redirect('/can-bo', 303);
    },
  );
}
