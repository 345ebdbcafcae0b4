import type { NotifyChannel } from '../notify/delivery.ts';
import type { DossierEvent } from './lifecycle.ts';
import type { StatusCode } from './status.ts';

/** Who asked, as stored until the retention job deletes it. */
export interface Applicant {
  fullName: string;
  idNumber: string;
  birthDate: string;
  phone: string;
  email: string | undefined;
  address: string;
  /** The applicant's commune, from the form's list ('' when none was chosen). */
  commune: string;
  /** The person who submitted on the applicant's behalf, if anyone did. */
  representative:
    | { fullName: string; idNumber: string; phone: string; relation: string }
    | undefined;
  /** The channel the applicant chose for messages (migrations/0022); undefined: not asked. */
  notifyChannel?: NotifyChannel | undefined;
}

/** One step of a dossier's timeline as officers see it. */
export interface TimelineEvent {
  status: StatusCode;
  /** Null for events recorded before actions were stored. */
  action: DossierEvent['action'] | null;
  at: string;
  actor: string;
  actorName: string | null;
  note: string | null;
  publicNote: string | null;
  dueDate: string | null;
}
