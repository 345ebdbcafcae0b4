/**
 * Delivery of the outbox. The sender is pluggable: locally the log sender writes
 * one line per message to the Worker log (without the message's personal data);
 * a deployment plugs in an email or SMS provider by implementing MessageSender
 * and passing it in functions/worker.ts (see docs/deploy.md).
 */

export interface OutboxMessage {
  id: number;
  kind: string;
  channel: 'sms' | 'email';
  recipient: string;
  subject: string;
  body: string;
}

export interface MessageSender {
  send(message: OutboxMessage): Promise<void>;
}

/** "0912345678" → "09******78", "lan@example.vn" → "l***@example.vn". */
export function maskRecipient(recipient: string): string {
  const at = recipient.indexOf('@');
  if (at > 0) return `${recipient[0]}***${recipient.slice(at)}`;
  return recipient.length > 4
    ? `${recipient.slice(0, 2)}${'*'.repeat(recipient.length - 4)}${recipient.slice(-2)}`
    : '****';
}

export const logSender: MessageSender = {
  async send(message) {
    console.log(
      `[hộp thư đi] #${message.id} ${message.kind} qua ${message.channel} tới ${maskRecipient(message.recipient)}`,
    );
  },
};

/** Sends pending messages, oldest first; a failure is recorded and retried next time. */
export async function deliverPending(
  db: D1Database,
  sender: MessageSender,
  limit = 20,
): Promise<number> {
  const { results } = await db
    .prepare(
      `SELECT id, kind, channel, recipient, subject, body FROM outbox
       WHERE sent_at IS NULL AND attempts < 5 ORDER BY id LIMIT ?1`,
    )
    .bind(limit)
    .all<OutboxMessage>();
  let sent = 0;
  for (const message of results) {
    try {
      await sender.send(message);
      await db
        .prepare(
          "UPDATE outbox SET sent_at = strftime('%Y-%m-%dT%H:%M:%fZ'), attempts = attempts + 1 WHERE id = ?1",
        )
        .bind(message.id)
        .run();
      sent++;
    } catch (error) {
      await db
        .prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1')
        .bind(message.id, String(error instanceof Error ? error.name : 'error').slice(0, 200))
        .run();
    }
  }
  return sent;
}
