import { z } from 'zod';
import { classifyEsms, type SendOutcome } from '../../../src/domain/notify/delivery.ts';
import { smsFor } from '../../../src/domain/notify/sms.ts';
import type { OutboxMessage } from '../../db/outbox.ts';
import type { MessageSender } from '../outbox.ts';
import { postJson } from './http.ts';

/**
 * SMS through eSMS (a Vietnamese brandname gateway, developers.esms.vn): a customer-care
 * message (SmsType 2) from the registered brandname. POST
 * {base}/MainService.svc/json/SendMultipleMessage_V4_post_json/ with the keys in the body;
 * the answer is {CodeResult: "100" accepted | <code>, SMSID, ErrorMessage}. RequestId makes a
 * retry after a lost answer safe: the gateway refuses a repeated id (code 124), which means
 * the first attempt was taken.
 */
export const ESMS_DEFAULT_URL = 'https://rest.esms.vn';

const answer = z.object({
  CodeResult: z.union([z.string(), z.number()]).transform(String),
  SMSID: z.string().nullish(),
});

export function esmsSender(config: {
  baseUrl: string;
  apiKey: string;
  secretKey: string;
  brandname: string;
  unaccented: boolean;
  sandbox: boolean;
}): MessageSender {
  return {
    async send(message: OutboxMessage): Promise<SendOutcome> {
      const sms = smsFor(message.body, { unaccented: config.unaccented });
      const result = await postJson(
        `${config.baseUrl}/MainService.svc/json/SendMultipleMessage_V4_post_json/`,
        {},
        {
          ApiKey: config.apiKey,
          SecretKey: config.secretKey,
          Phone: message.recipient,
          Content: sms.text,
          Brandname: config.brandname,
          SmsType: '2',
          IsUnicode: sms.encoding === 'ucs2' ? '1' : '0',
          Sandbox: config.sandbox ? '1' : '0',
          RequestId: `mot-cua-${message.id}`,
        },
      );
      if (!result.ok) return result.outcome;
      const parsed = answer.safeParse(result.json);
      if (!parsed.success) return { ok: false, failure: 'technical', code: 'bad-answer' };
      const code = parsed.data.CodeResult;
      if (code === '100' || code === '124')
        return { ok: true, providerId: parsed.data.SMSID ?? undefined };
      return { ok: false, failure: classifyEsms(code), code: `esms${code}` };
    },
  };
}
