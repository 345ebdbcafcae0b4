import type { Officer } from '../../src/domain/auth/roles.ts';
import { CHANNEL } from '../../src/domain/dossier/status.ts';
import type { Agency } from '../../src/schemas/agency.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { idempotencyKey } from '../../src/schemas/request.ts';
import { documentsReceived } from '../../src/domain/forms/counter.ts';
import { audit } from '../db/audit.ts';
import { recordDocumentsReceived } from '../db/office.ts';
import type { IncomingFile } from './attachments.ts';
import { formToInput, type IntakeResult, intake } from './intake.ts';
import type { SubmissionServices } from './submissions.ts';

/**
 * Counter reception (`/can-bo/tiep-nhan/<thủ tục>`): a receptionist registers a dossier a
 * citizen brought in person. It is taken in like any other (`intake`: the procedure's
 * schema, the attachments, `submitDossier`), through the counter channel, starting at
 * 2 Được tiếp nhận, for one of the agencies the officer's desk receives for; the paper
 * documents ticked as received are stored with it; the registration goes into the audit trail.
 */

export interface CounterReception {
  officer: Officer;
  /** The agencies of this procedure whose dossiers the officer's desk receives (one or more). */
  agencies: readonly Agency[];
  /** The posted form's text values, as `splitFormData` reads them. */
  values: Record<string, string>;
  files: readonly IncomingFile[];
  /** The client, for the audit trail. */
  client: string | undefined;
}

/**
 * Registers the dossier, or refuses it through the one error path. `nextKey` is the
 * idempotency key the form shown again should carry: the one posted, unless it broke
 * the Idempotency-Key rule (src/schemas/request.ts) or was already used for another dossier.
 */
export async function registerAtCounter(
  services: SubmissionServices,
  procedure: Procedure,
  { officer, agencies, values, files, client }: CounterReception,
): Promise<IntakeResult & { nextKey: string }> {
  const given = idempotencyKey.safeParse(values['idempotency-key']);
  const key = given.success ? given.data : undefined;
  const input = formToInput(values, procedure);
  // One agency at this desk: the form does not ask for it.
  const only = agencies.length === 1 ? agencies[0] : undefined;
  const result = await intake(
    services,
    procedure,
    only ? { ...input, agency: only.slug } : input,
    files,
    {
      channel: CHANNEL.COUNTER,
      actor: officer.id,
      idempotencyKey: key,
      initialStatus: 2,
      agencies,
    },
  );
  if (result.ok && !result.accepted.replayed) {
    // The papers the receptionist ticked, kept with the dossier for its receipt (form 01).
    await recordDocumentsReceived(
      services.db,
      result.accepted.code,
      documentsReceived(procedure.documents, values),
    );
  }
  if (result.ok) {
    await audit(
      services.db,
      { actor: officer.id, action: 'register-counter', target: result.accepted.code, client },
      services.now().toISOString(),
    );
  }
  const reused = !result.ok && result.refusal.code === 'idempotency_key_reused';
  return { ...result, nextKey: key && !reused ? key : crypto.randomUUID() };
}
