import type { ChannelCode, StatusCode } from '../../src/domain/dossier/status.ts';
import type { NewDossier } from './dossiers.ts';
import { countWithinLimits, isLimitReached, LimitReached } from './rate-limits.ts';

/** SQL for chained procedures (migrations/0024, ADR 0021); rules live in src/domain/chains. */

/** What a chain row holds, written and read alike. */
interface ChainCore {
  id: string;
  chainSlug: string;
  chainTitle: string;
  deskSlug: string;
  returnDeskSlug: string;
  channel: ChannelCode;
  receivedAt: string;
  commune: string;
  secretSalt: string;
  secretHash: string;
}

export interface NewChain extends ChainCore {
  /** Identifier and day of the receiving desk's sequence, and the code's layout. */
  agencyCode: string;
  day: string;
  codeLayout: { prefix: string; width: number };
  ruleSet: string;
  formData: Record<string, string>;
  /** The files as stored (R2 keys under `chains/<id>/`), shaped as a dossier's. */
  attachments: NewDossier['attachments'];
  /** The online form's idempotency key (migrations/0026): hashed, with the sealed secret. */
  idempotency?: { keyHash: string; requestHash: string; sealedSecret: string } | undefined;
  /** Rate-limit counters counted in the same transaction while each has room (as a dossier's). */
  counted?: NewDossier['counted'];
}

/**
 * Inserts the chain with its files in one transaction; its code is the next of the receiving
 * desk's daily sequence, shared with dossiers (gap-free, as in insertDossier). The rate-limit
 * counters of `c.counted` are counted in it while they have room: otherwise nothing is stored
 * and `LimitReached` is thrown.
 */
export async function insertChain(db: D1Database, c: NewChain): Promise<{ code: string }> {
  const statements = [
    db
      .prepare(
        `INSERT INTO dossier_counters (agency_code, day, last) VALUES (?1, ?2, 1)
         ON CONFLICT (agency_code, day) DO UPDATE SET last = last + 1`,
      )
      .bind(c.agencyCode, c.day),
    db
      .prepare(
        `INSERT INTO chains (id, code, chain_slug, chain_title, desk_slug, return_desk_slug, channel,
           received_at, commune, rule_set, secret_salt, secret_hash, form_data, created_at)
         SELECT ?1, ?4 || printf(?5, last), ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?11
         FROM dossier_counters WHERE agency_code = ?2 AND day = ?3
         RETURNING code`,
      )
      .bind(
        c.id,
        c.agencyCode,
        c.day,
        c.codeLayout.prefix,
        `%0${c.codeLayout.width}d`,
        c.chainSlug,
        c.chainTitle,
        c.deskSlug,
        c.returnDeskSlug,
        c.channel,
        c.receivedAt,
        c.commune,
        c.ruleSet,
        c.secretSalt,
        c.secretHash,
        JSON.stringify(c.formData),
      ),
    ...c.attachments.map((a) =>
      db
        .prepare(
          `INSERT INTO chain_attachments (id, chain_id, document_index, document_name, file_name,
             content_type, size, sha256, storage_key, created_at)
           VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)`,
        )
        .bind(
          a.id,
          c.id,
          a.documentIndex,
          a.documentName,
          a.fileName,
          a.contentType,
          a.size,
          a.sha256,
          a.storageKey,
          c.receivedAt,
        ),
    ),
    ...(c.idempotency
      ? [
          db
            .prepare(
              `INSERT INTO chain_idempotency_keys (key_hash, request_hash, chain_id, sealed_secret, created_at)
               VALUES (?1, ?2, ?3, ?4, ?5)`,
            )
            .bind(
              c.idempotency.keyHash,
              c.idempotency.requestHash,
              c.id,
              c.idempotency.sealedSecret,
              c.receivedAt,
            ),
        ]
      : []),
    ...(c.counted ? countWithinLimits(db, c.counted.counters, c.counted.nowSeconds) : []),
  ];
  try {
    const results = await db.batch<{ code: string }>(statements);
    const code = results[1]?.results[0]?.code;
    if (!code) throw new Error('chain code was not returned');
    return { code };
  } catch (error) {
    if (c.counted && isLimitReached(error)) throw new LimitReached();
    throw error;
  }
}

/** True when a concurrent request stored the same idempotency key first (nothing was written). */
export const isChainKeyTaken = (error: unknown): boolean =>
  /UNIQUE constraint failed: chain_idempotency_keys/.test(String(error));

/** The chain an idempotency key was used for, with what the replay needs. */
export const findChainIdempotencyKey = (db: D1Database, keyHash: string) =>
  db
    .prepare(
      `SELECT k.request_hash AS requestHash, k.sealed_secret AS sealedSecret, c.id AS chainId,
         c.code, c.received_at AS receivedAt, c.desk_slug AS deskSlug
       FROM chain_idempotency_keys k JOIN chains c ON c.id = k.chain_id WHERE k.key_hash = ?1`,
    )
    .bind(keyHash)
    .first<{
      requestHash: string;
      sealedSecret: string;
      chainId: string;
      code: string;
      receivedAt: string;
      deskSlug: string;
    }>();

export interface ChainRow extends ChainCore {
  code: string;
  ruleSet: string | null;
  /** The answers kept for members not started, JSON. */
  formData: string;
}

const CHAIN_COLUMNS = `c.id, c.code, c.chain_slug AS chainSlug, c.chain_title AS chainTitle,
  c.desk_slug AS deskSlug, c.return_desk_slug AS returnDeskSlug, c.channel, c.received_at AS receivedAt,
  c.commune, c.rule_set AS ruleSet, c.secret_salt AS secretSalt, c.secret_hash AS secretHash,
  c.form_data AS formData`;

export const findChainByCode = (db: D1Database, code: string) =>
  db
    .prepare(`SELECT ${CHAIN_COLUMNS} FROM chains c WHERE c.code = ?1`)
    .bind(code)
    .first<ChainRow>();

/** The chain a dossier is a member of, or null. */
export const chainOfDossier = (db: D1Database, dossierId: string) =>
  db
    .prepare(
      `SELECT ${CHAIN_COLUMNS} FROM chains c JOIN dossiers d ON d.chain_id = c.id WHERE d.id = ?1`,
    )
    .bind(dossierId)
    .first<ChainRow>();

export interface MemberRow {
  id: string;
  code: string;
  procedureCode: string;
  procedureTitle: string;
  agencySlug: string;
  status: StatusCode;
  dueDate: string;
  statutoryDueDate: string;
  /** Its events, oldest first, for its timeliness and public notes. */
  events: { status: StatusCode; at: string; publicNote: string | null }[];
}

const MEMBER_COLUMNS = `d.id, d.chain_id AS chainId, d.code, d.procedure_code AS procedureCode,
  d.procedure_title AS procedureTitle, d.agency_slug AS agencySlug, d.status, d.due_date AS dueDate,
  COALESCE(d.statutory_due_date, d.due_date) AS statutoryDueDate`;

/**
 * Members (and their events) of the chains a WHERE clause on `c` picks, grouped by chain.
 * CROSS JOIN fixes the loop order: the chains picked first, then their dossiers
 * (dossiers_chain) and events (status_events_dossier). Left to itself SQLite walked every
 * dossier in reception order to spare a sort (about 1 s at 380,000 live dossiers; ADR 0027).
 */
async function membersWhere(
  db: D1Database,
  where: string,
  binds: unknown[],
): Promise<Map<string, MemberRow[]>> {
  const [members, events] = await db.batch<Record<string, unknown>>([
    db
      .prepare(
        `SELECT ${MEMBER_COLUMNS} FROM chains c CROSS JOIN dossiers d ON d.chain_id = c.id
         WHERE ${where} ORDER BY d.received_at, d.code`,
      )
      .bind(...binds),
    db
      .prepare(
        `SELECT e.dossier_id AS dossierId, e.status, e.at, e.public_note AS publicNote
         FROM chains c CROSS JOIN dossiers d ON d.chain_id = c.id
           CROSS JOIN status_events e ON e.dossier_id = d.id
         WHERE ${where} ORDER BY e.id`,
      )
      .bind(...binds),
  ]);
  const byDossier = new Map<string, MemberRow['events']>();
  for (const e of (events?.results ?? []) as unknown as (MemberRow['events'][number] & {
    dossierId: string;
  })[]) {
    const list = byDossier.get(e.dossierId) ?? [];
    list.push({ status: e.status, at: e.at, publicNote: e.publicNote });
    byDossier.set(e.dossierId, list);
  }
  const byChain = new Map<string, MemberRow[]>();
  for (const m of (members?.results ?? []) as unknown as (Omit<MemberRow, 'events'> & {
    chainId: string;
  })[]) {
    const { chainId, ...row } = m;
    const list = byChain.get(chainId) ?? [];
    list.push({ ...row, events: byDossier.get(m.id) ?? [] });
    byChain.set(chainId, list);
  }
  return byChain;
}

/** The started members of a chain with their events. */
export async function chainMembers(db: D1Database, chainId: string): Promise<MemberRow[]> {
  return (await membersWhere(db, 'c.id = ?1', [chainId])).get(chainId) ?? [];
}

export interface ChainAttachmentRow {
  documentIndex: number;
  documentName: string;
  fileName: string;
  contentType: string;
  storageKey: string;
}

export async function chainAttachments(
  db: D1Database,
  chainId: string,
): Promise<ChainAttachmentRow[]> {
  const { results } = await db
    .prepare(
      `SELECT document_index AS documentIndex, document_name AS documentName, file_name AS fileName,
         content_type AS contentType, storage_key AS storageKey
       FROM chain_attachments WHERE chain_id = ?1 ORDER BY document_index`,
    )
    .bind(chainId)
    .all<ChainAttachmentRow>();
  return results;
}

/**
 * Every chain received in the months `from`–`to` (YYYY-MM, Vietnam time, inclusive) with its
 * started members, for the statistics (two queries whatever the number of chains).
 */
export async function chainsReceived(
  db: D1Database,
  from: string,
  to: string,
): Promise<{ id: string; chainSlug: string; members: MemberRow[] }[]> {
  // substr(received_at, 1, 7) BETWEEN ?1 AND ?2, written as a range chains_received can seek
  // ('~' sorts after every character of a timestamp).
  const where = "c.received_at >= ?1 AND c.received_at < ?2 || '~'";
  const [{ results }, members] = await Promise.all([
    db
      .prepare(`SELECT c.id, c.chain_slug AS chainSlug FROM chains c WHERE ${where}`)
      .bind(from, to)
      .all<{ id: string; chainSlug: string }>(),
    membersWhere(db, where, [from, to]),
  ]);
  return results.map((c) => ({ ...c, members: members.get(c.id) ?? [] }));
}
