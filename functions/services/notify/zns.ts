import { z } from 'zod';
import {
  classifyZns,
  internationalPhone,
  type SendOutcome,
} from '../../../src/domain/notify/delivery.ts';
import type { NotificationTemplates } from '../../../src/schemas/notifications.ts';
import type { OutboxMessage } from '../../db/outbox.ts';
import type { MessageSender } from '../outbox.ts';
import { postJson } from './http.ts';

/**
 * Zalo Notification Service: a template message Zalo approved, to the phone number of a
 * Zalo account. POST {base}/message/template with the OA's access token in the `access_token`
 * header and {phone: 84…, template_id, template_data, tracking_id}; the answer is
 * {error: 0 | <code>, message, data: {msg_id, …}} (docs/adr/0019-notifications.md for what is
 * documented and what only observed).
 */
export const ZNS_DEFAULT_URL = 'https://business.openapi.zalo.me';

const answer = z.object({
  error: z.number(),
  message: z.string().optional(),
  data: z.object({ msg_id: z.string().optional() }).loose().optional(),
});

export function znsSender(config: {
  baseUrl: string;
  accessToken: string;
  development: boolean;
  templates: NotificationTemplates['zalo']['templates'] | undefined;
}): MessageSender {
  return {
    async send(message: OutboxMessage): Promise<SendOutcome> {
      const template = config.templates?.[message.kind as keyof typeof config.templates];
      if (!template?.id) return { ok: false, failure: 'technical', code: 'no-template' };
      const values = (message.params ? JSON.parse(message.params) : {}) as Record<string, string>;
      const templateData = Object.fromEntries(
        Object.entries(template.data).map(([param, value]) => [param, values[value] ?? '']),
      );
      const result = await postJson(
        `${config.baseUrl}/message/template`,
        { access_token: config.accessToken },
        {
          ...(config.development ? { mode: 'development' } : {}),
          phone: internationalPhone(message.recipient),
          template_id: template.id,
          template_data: templateData,
          tracking_id: `mot-cua-${message.id}`,
        },
      );
      if (!result.ok) return result.outcome;
      const parsed = answer.safeParse(result.json);
      if (!parsed.success) return { ok: false, failure: 'technical', code: 'bad-answer' };
      if (parsed.data.error === 0) return { ok: true, providerId: parsed.data.data?.msg_id };
      return {
        ok: false,
        failure: classifyZns(parsed.data.error),
        code: `zns${parsed.data.error}`,
      };
    },
  };
}
