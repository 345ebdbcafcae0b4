import type { SendOutcome } from '../../../src/domain/notify/delivery.ts';
import type { OutboxMessage } from '../../db/outbox.ts';
import type { MessageSender } from '../outbox.ts';
import { postJson } from './http.ts';

/**
 * Email through the MailChannels Email API (api.mailchannels.net, usable from Workers with an
 * API key and a domain lockdown record): POST {base}/tx/v1/send with the key in `X-Api-Key`
 * and {personalizations: [{to: [{email}]}], from: {email, name}, subject, content: [{type,
 * value}]}; 202 (or 200) accepted. Plain text only: the same words as the SMS.
 */
export const EMAIL_DEFAULT_URL = 'https://api.mailchannels.net';

export function emailSender(config: {
  baseUrl: string;
  apiKey: string;
  from: string;
  fromName: string;
}): MessageSender {
  return {
    async send(message: OutboxMessage): Promise<SendOutcome> {
      const result = await postJson(
        `${config.baseUrl}/tx/v1/send`,
        { 'X-Api-Key': config.apiKey },
        {
          personalizations: [{ to: [{ email: message.recipient }] }],
          from: { email: config.from, name: config.fromName },
          subject: message.subject,
          content: [{ type: 'text/plain', value: message.body }],
        },
      );
      return result.ok ? { ok: true } : result.outcome;
    },
  };
}
