import type { NotifyChannel } from '../../../src/domain/notify/delivery.ts';
import { offeredChannels } from '../../../src/domain/notify/route.ts';
import type { NotificationTemplates } from '../../../src/schemas/notifications.ts';
import { configOf } from '../../../src/schemas/env.ts';
import { logSender, type MessageSender } from '../outbox.ts';
import { EMAIL_DEFAULT_URL, emailSender } from './email.ts';
import { ESMS_DEFAULT_URL, esmsSender } from './esms.ts';
import { ZNS_DEFAULT_URL, znsSender } from './zns.ts';

export type Senders = Record<NotifyChannel, MessageSender>;

/** A channel that is offered but has no provider configured, in a deployment that has some. */
const notConfigured: MessageSender = {
  async send() {
    return { ok: false, failure: 'technical', code: 'not-configured' };
  },
};

/**
 * The sender of each channel, chosen by configuration (wrangler.toml vars and secrets, see
 * src/schemas/env.ts). With no provider configured at all (development, tests, a fresh
 * install) every channel logs one line per message instead: nothing leaves the machine. Once
 * one is configured, a channel without its provider fails as technical (an alert) instead of
 * pretending to send.
 */
export function sendersFor(
  env: object,
  templates: NotificationTemplates | null | undefined,
  siteName: string,
): Senders {
  const c = configOf(env);
  const zalo = c.ZNS_ACCESS_TOKEN
    ? znsSender({
        baseUrl: c.ZNS_API_URL ?? ZNS_DEFAULT_URL,
        accessToken: c.ZNS_ACCESS_TOKEN,
        development: c.ZNS_DEVELOPMENT ?? false,
        templates: templates?.zalo.templates,
      })
    : undefined;
  const sms =
    c.ESMS_API_KEY && c.ESMS_SECRET_KEY && c.ESMS_BRANDNAME
      ? esmsSender({
          baseUrl: c.ESMS_API_URL ?? ESMS_DEFAULT_URL,
          apiKey: c.ESMS_API_KEY,
          secretKey: c.ESMS_SECRET_KEY,
          brandname: c.ESMS_BRANDNAME,
          unaccented: c.SMS_UNACCENTED ?? false,
          sandbox: c.ESMS_SANDBOX ?? false,
        })
      : undefined;
  const email =
    c.EMAIL_API_KEY && c.EMAIL_FROM
      ? emailSender({
          baseUrl: c.EMAIL_API_URL ?? EMAIL_DEFAULT_URL,
          apiKey: c.EMAIL_API_KEY,
          from: c.EMAIL_FROM,
          fromName: siteName,
        })
      : undefined;
  const fallback = zalo || sms || email ? notConfigured : logSender;
  return { zalo: zalo ?? fallback, sms: sms ?? fallback, email: email ?? fallback };
}

/** Offered when NOTIFY_CHANNELS is not set (wrangler.toml sets the same). */
const DEFAULT_CHANNELS: readonly NotifyChannel[] = ['sms', 'email'];

/** The channels the forms offer: NOTIFY_CHANNELS, Zalo only once a template is approved. */
export function channelsOffered(
  env: object,
  templates: NotificationTemplates | null | undefined,
): NotifyChannel[] {
  return offeredChannels(configOf(env).NOTIFY_CHANNELS ?? DEFAULT_CHANNELS, templates);
}
