import type { NotificationTemplates } from '../../schemas/notifications.ts';
import type { NotifyChannel } from './delivery.ts';

/**
 * Which channel a message goes through, and to what address. The citizen's choice when it can
 * be honoured; otherwise the channel that still reaches them:
 *
 * - email: to the address given; without one, SMS;
 * - Zalo: to the phone's Zalo account when the message's kind has an approved template
 *   (content/notifications.yaml); without one, SMS (a Zalo message can only be a template);
 * - no choice (dossiers taken in before the choice existed): email if given, else SMS.
 *
 * Undefined when there is no address at all (the personal data was purged).
 */
export function routeMessage(
  contact:
    | { phone: string; email: string | undefined; notifyChannel?: NotifyChannel | undefined }
    | undefined,
  kind: string,
  templates: NotificationTemplates | null | undefined,
): { channel: NotifyChannel; recipient: string } | undefined {
  if (!contact) return undefined;
  const sms = contact.phone ? { channel: 'sms' as const, recipient: contact.phone } : undefined;
  const email = contact.email ? { channel: 'email' as const, recipient: contact.email } : undefined;
  const chosen = contact.notifyChannel;
  if (chosen === 'email') return email ?? sms;
  if (chosen === 'sms') return sms ?? email;
  if (chosen === 'zalo') {
    const template =
      templates?.zalo.templates[kind as keyof NotificationTemplates['zalo']['templates']];
    if (template?.id && contact.phone) return { channel: 'zalo', recipient: contact.phone };
    return sms ?? email;
  }
  return email ?? sms;
}

/** The channels offered on the forms: those configured, Zalo only once a template is approved. */
export function offeredChannels(
  configured: readonly NotifyChannel[],
  templates: NotificationTemplates | null | undefined,
): NotifyChannel[] {
  const anyTemplate = Object.values(templates?.zalo.templates ?? {}).some((t) => t?.id);
  return configured.filter((c) => c !== 'zalo' || anyTemplate);
}
