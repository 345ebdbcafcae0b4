/**
 * A rule set: the procedural rules a dossier follows, chosen by its reception date
 * (content/rules/<id>.yaml, validated by src/schemas/rule-set.ts). Everything that changes
 * when the law changes is data here: the legal basis of each lifecycle step, the printed
 * forms and their numbering, the dossier-code format, the supplement window, whether
 * appointments carry an hour, the citizen's messages, the evaluation criteria and the
 * personal-data notice. A new lifecycle step still needs code; a new rule set does not.
 *
 * Values the reference could not verify carry `confirmed: false` and a `pending` note: they
 * are configurable, shown flagged to officers and editors, and never cited to citizens.
 */

import type { Role } from '../auth/roles.ts';

/** Whether a value was checked against the legal text; `pending` says what to verify. */
export interface Flag {
  confirmed: boolean;
  pending?: string | undefined;
}

/** A date with its own confirmation flag (an effective date not yet confirmed). */
export interface FlaggedDate extends Flag {
  /** `YYYY-MM-DD`. */
  date: string;
}

/** A citation, e.g. the basis of a lifecycle step. */
export interface Citation extends Flag {
  text: string;
}

/** What each legal form is for; the printed layout is chosen by kind, the number by the set. */
export const LEGAL_FORM_KINDS = [
  'receipt',
  'supplement',
  'refusal',
  'apology',
  'stop',
  'control',
  'book',
] as const;
export type LegalFormKind = (typeof LEGAL_FORM_KINDS)[number];

export const LEGAL_FORM_KIND_LABELS: Record<LegalFormKind, string> = {
  receipt: 'giấy tiếp nhận và hẹn trả kết quả',
  supplement: 'phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  refusal: 'phiếu từ chối',
  apology: 'phiếu xin lỗi, hẹn lại ngày trả kết quả',
  stop: 'thông báo dừng giải quyết hồ sơ',
  control: 'phiếu kiểm soát quá trình giải quyết',
  book: 'sổ theo dõi hồ sơ',
};

/**
 * Whose letterhead a printed form carries: `desk`, the desk that received the dossier (the
 * receipt, a supplement or refusal at reception, the stop notice); `agency`, the body that
 * decides (the apology of the agency that is late).
 */
export const FORM_ISSUERS = ['desk', 'agency'] as const;
export type FormIssuer = (typeof FORM_ISSUERS)[number];

/** One printed legal form of the set ("mẫu số 01"). */
export interface LegalForm extends Flag {
  /** Two digits, "01". */
  number: string;
  title: string;
  kind: LegalFormKind;
  /** Where the form comes from (shown to officers, flagged if unconfirmed). */
  basis: string;
  /** Whose letterhead and place it is issued under; the receiving desk when absent. */
  issuer?: FormIssuer | undefined;
}

/** Whose identifier opens the dossier code. */
export type CodeIdentifier = 'desk' | 'agency';

/** A dossier-code format, from a date on (TT 04/2025's format applies from 25/01/2026). */
export interface CodeFormat extends Flag {
  from: FlaggedDate;
  /** E.g. `{identifier}-{yymmdd}-{seq:4}`; `{seq:4+}` is a sequence of at least 4 digits. */
  template: string;
  identifier: CodeIdentifier;
  basis: string;
}

/** The messages sent to the citizen, one per step the law requires a notice for. */
export const MESSAGE_KINDS = [
  'received',
  'supplement',
  'refused',
  'apology',
  'stopped',
  'withdrawn',
  'result-ready',
  'returned',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * Messages a set may leave out (nothing is sent then): the desk's answer to a stop request it
 * does not accept, in the sets where the applicant asks for the stop; the result of one member
 * of a chain whose results are returned together (ADR 0021), until the last member has its result.
 */
export const OPTIONAL_MESSAGE_KINDS = ['stop-refused', 'chain-step'] as const;
export type OptionalMessageKind = (typeof OPTIONAL_MESSAGE_KINDS)[number];

/** Placeholders a message template may use. */
export const MESSAGE_PLACEHOLDERS = [
  'code',
  'procedure',
  'desk',
  'dueDate',
  'detail',
  'hotline',
] as const;

export interface MessageTemplate {
  subject: string;
  body: string;
}

/** The answers of one evaluation criterion, best first, each with its score. */
export interface EvaluationCriterion {
  /** One of the stored criteria (src/domain/evaluation/criteria.ts CRITERIA). */
  key: string;
  question: string;
  options: readonly { score: 0 | 1 | 2; label: string }[];
}

export interface EvaluationRules extends Flag {
  basis: string;
  criteria: readonly EvaluationCriterion[];
}

/** The personal-data notice of the online form, from a date on. */
export interface PrivacyNotice extends Flag {
  from: FlaggedDate;
  text: string;
  /** Shown after the text only when confirmed. */
  basis: string;
}

/**
 * Who takes a lifecycle step where the set names someone other than the shared table of
 * src/domain/dossier/lifecycle.ts (the 2025 set: the stop is the receiving desk's, on the
 * applicant's request), and whether the applicant may ask for it online.
 */
export interface StepRule extends Flag {
  /** The officer roles that take the step, from every status it starts from. */
  roles: readonly Role[];
  /** The step is taken on the applicant's request, which may be sent from the lookup page. */
  onApplicantRequest?: boolean | undefined;
}

export interface RuleSet {
  id: string;
  title: string;
  effectiveFrom: FlaggedDate;
  /** The last day the set applies; absent while it is the current set. */
  effectiveTo?: FlaggedDate | undefined;
  /** Legal basis of each lifecycle action (keys: src/domain/dossier/lifecycle.ts ACTIONS). */
  basis: Readonly<Record<string, Citation>>;
  /** Steps whose actor differs from the lifecycle's table (keys: lifecycle ACTIONS). */
  steps?: Readonly<Record<string, StepRule>> | undefined;
  forms: readonly LegalForm[];
  dossierCode: readonly CodeFormat[];
  supplementWindow: Flag & { workingDays: number; basis: string };
  /**
   * A dossier received elsewhere than at its competent agency's own desk: the paper dossier
   * is forwarded within this many working days, counted as processing time is (after 15:00,
   * from the next working day); the electronic one at once. Absent: not modelled by the set.
   */
  paperForwarding?: (Flag & { workingDays: number; basis: string }) | undefined;
  /**
   * How long electronic results (the signed PDFs, ADR 0020) are kept after the dossier closed:
   * `months`, or without a limit when absent. They are not deleted with the applicant's data.
   */
  resultRetention?: (Flag & { months?: number | undefined; basis: string }) | undefined;
  /** Whether appointments print an hour ("…giờ…, ngày…"), counting 8 working hours a day. */
  appointmentHour: Flag & { value: boolean };
  /**
   * Phản ánh, kiến nghị (PAKN) sent on the portal: answered within this many working days of
   * reception, counted on the responsible agency's calendar (functions/services/pakn.ts).
   */
  pakn: Flag & { workingDays: number; basis: string };
  messages: Readonly<Record<MessageKind, MessageTemplate>> &
    Readonly<Partial<Record<OptionalMessageKind, MessageTemplate>>>;
  evaluation: EvaluationRules;
  privacyNotice: readonly PrivacyNotice[];
  /** Where the file came from, e.g. `content/rules/2025.yaml`. */
  source?: string | undefined;
}
