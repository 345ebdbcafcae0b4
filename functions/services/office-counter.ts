import type { Officer } from '../../src/domain/auth/roles.ts';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { CHANNEL } from '../../src/domain/dossier/status.ts';
import { type Agency, isDeskKind } from '../../src/schemas/agency.ts';
import { agenciesReceivedAt, returnPlaces } from '../../src/domain/reception.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { idempotencyKey } from '../../src/schemas/request.ts';
import { documentsReceived } from '../../src/domain/forms/counter.ts';
import { audit } from '../db/audit.ts';
import { recordDocumentsReceived } from '../db/office.ts';
import type { IncomingFile } from './attachments.ts';
import { agenciesOf, formToInput, type IntakeResult, intake } from './intake.ts';
import type { SubmissionServices } from './submissions.ts';

/**
 * Counter reception (`/can-bo/tiep-nhan/<thủ tục>`): a receptionist registers a dossier a
 * citizen brought in person. It is taken in like any other (`intake`: the procedure's
 * schema, the attachments, `submitDossier`), through the counter channel, starting at
 * 2 Được tiếp nhận, for one of the agencies the officer's desk receives for (any competent
 * agency for a procedure received regardless of boundary, forwarded to it at once), with the
 * return place the citizen chose; the paper
 * documents ticked as received are stored with it; the registration goes into the audit trail.
 */

/** Where a receptionist receives a procedure (functions/routes/office/counter.ts). */
export interface CounterPlace {
  /** The officer's desk, which receives the dossier. */
  desk: Agency;
  /**
   * The agencies of this procedure the desk receives for (one or more): those whose own desk
   * it is, or every competent agency at a centre for a boundary-free procedure.
   */
  agencies: readonly Agency[];
  /** Where the result may be returned, the receiving desk first (the default). */
  returnDesks: readonly Agency[];
}

export interface CounterReception extends CounterPlace {
  officer: Officer;
  /** The posted form's text values, as `splitFormData` reads them. */
  values: Record<string, string>;
  files: readonly IncomingFile[];
  /** The client, for the audit trail. */
  client: string | undefined;
}

/**
 * Where this receptionist receives a procedure: the officer's desk, with the agencies it
 * receives it for (every competent agency at a centre when the procedure is received
 * regardless of boundary, src/domain/reception.ts) and where the result may be returned.
 */
export function counterPlaceOf(
  index: CatalogueIndex,
  officer: Officer,
  procedure: Pick<Procedure, 'agencies' | 'boundaryFree' | 'receivingCentres'>,
): CounterPlace | undefined {
  const all = agenciesOf(index, procedure);
  const centres = index.centresFor(procedure);
  for (const slug of officer.agencies) {
    const desk = index.agencyBySlug.get(slug);
    if (!desk || !isDeskKind(desk.kind)) continue;
    const agencies = agenciesReceivedAt(all, desk, index.deskOf, centres);
    if (agencies.length > 0) return { desk, agencies, returnDesks: returnPlaces(desk, centres) };
  }
  return undefined;
}

/**
 * The agency a counter dossier goes to unless the officer chooses another: the only one, or
 * the one whose own desk received it (a boundary-free procedure lists every competent agency).
 */
export function counterDefaultAgency(
  index: CatalogueIndex,
  desk: Agency,
  agencies: readonly Agency[],
): Agency | undefined {
  if (agencies.length === 1) return agencies[0];
  const own = agencies.filter((a) => index.deskOf(a).slug === desk.slug);
  return own.length === 1 ? own[0] : undefined;
}

/**
 * Registers the dossier, or refuses it through the one error path. `nextKey` is the
 * idempotency key the form shown again should carry: the one posted, unless it broke
 * the Idempotency-Key rule (src/schemas/request.ts) or was already used for another dossier.
 */
export async function registerAtCounter(
  services: SubmissionServices,
  procedure: Procedure,
  { officer, desk, agencies, returnDesks, values, files, client }: CounterReception,
): Promise<IntakeResult & { nextKey: string }> {
  const given = idempotencyKey.safeParse(values['idempotency-key']);
  const key = given.success ? given.data : undefined;
  const input = formToInput(values, procedure);
  // Not chosen: the one agency, or the agency whose own desk this is (the form preselects it).
  const fallback = counterDefaultAgency(services.index, desk, agencies);
  const chosen = values['co-quan'] !== undefined && values['co-quan'] !== '';
  const result = await intake(
    services,
    procedure,
    fallback && !chosen ? { ...input, agency: fallback.slug } : input,
    files,
    {
      channel: CHANNEL.COUNTER,
      actor: officer.id,
      idempotencyKey: key,
      initialStatus: 2,
      agencies,
      desk,
      ...(returnDesks.length > 1 ? { returnDesks } : {}),
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
