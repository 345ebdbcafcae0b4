import { env } from 'cloudflare:workers';
import { expect, test } from 'vitest';
import { chainsReceived } from '../../functions/db/chains.ts';

/**
 * The chains of a statistics period are read through the chains_received index (ADR 0027,
 * "Statistics and queues at 1 M"): a chain counts in the month its reception time is written
 * in, from the first instant of the first month to the last of the last, whatever the format.
 */
test('a period holds the chains received from its first month to its last, edges included', async () => {
  const at = [
    ['before', '2026-01-31T23:59:59.999Z'],
    ['first', '2026-02-01T00:00:00.000Z'],
    ['middle', '2026-02-15T08:30:00+07:00'],
    ['last', '2026-03-31T23:59:59.999Z'],
    ['after', '2026-04-01T00:00:00.000Z'],
  ] as const;
  await env.DB.batch(
    at.map(([id, receivedAt]) =>
      env.DB.prepare(
        `INSERT INTO chains (id, code, chain_slug, chain_title, desk_slug, return_desk_slug, channel,
           received_at, commune, secret_salt, secret_hash, created_at)
         VALUES (?1, ?1, 'lien-thong', 'Liên thông', 'd', 'd', 1, ?2, 'x', 's', 'h', ?2)`,
      ).bind(id, receivedAt),
    ),
  );
  const ids = async (from: string, to: string) =>
    (await chainsReceived(env.DB, from, to)).map((c) => c.id).sort();
  expect(await ids('2026-02', '2026-03')).toEqual(['first', 'last', 'middle']);
  expect(await ids('2026-01', '2026-01')).toEqual(['before']);
  expect(await ids('2026-04', '2026-12')).toEqual(['after']);
  expect(await ids('2025-01', '2025-12')).toEqual([]);
});
