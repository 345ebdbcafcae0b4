/**
 * The life of a dossier at the one-stop desk (Bộ phận Một cửa) and the agencies behind it,
 * as a pure state machine over the national status codes (./status.ts).
 *
 * The steps and their order are code; their legal basis, the printed forms, the supplement
 * window and the messages are data: the rule set in force on the dossier's reception day
 * (content/rules/, src/domain/rules/, ADR 0015). The shape of the machine is the one both
 * sets share (the 2018 rules carried over in substance in 2025, which added the stop).
 * No citation belongs in this file: refusals explain the rule without naming a text.
 *
 * Every transition is checked here, and a refusal always says why in Vietnamese, so the
 * Worker only has to show the reason. Nothing here throws: unknown actions, malformed input
 * and calendar failures all come back as `{ ok: false, reason }`.
 *
 * Order of the checks (the first failing one is the reason given): the action exists, the
 * role exists and is not `admin`, the dossier is not in a terminal status, the action is
 * possible from the current status, the role may perform it at that status, the time rules
 * (the rule set's window for a supplement request, once-only and 1-day-ahead apology), then the input.
 */
import { ROLES, type Role } from '../auth/roles.ts';
import { ISO_DATE_RE, isRealIsoDate, normaliseDate } from '../calendar/dates.ts';
import {
  DEFAULT_WORKING_WEEK,
  type DueDate,
  dueInHours,
  type WorkingCalendar,
  type WorkingWeek,
} from '../calendar/index.ts';
import { formatDate, formatDateWithWeekday, formatHour, formatVnd } from '../format.ts';
import { isStatusCode, STATUS, STATUS_NAMES, type StatusCode } from './status.ts';
import { vietnamDay, vietnamIso } from './timeliness.ts';

/** Officer roles are defined with the accounts (src/domain/auth/roles.ts). */
export type { Role };

const ROLE_VALUES: readonly Role[] = ROLES;

/** Roles as they read inside a sentence ("chỉ … được …"). */
const ROLE_PHRASES: Record<Role, string> = {
  receptionist: 'cán bộ tiếp nhận của Bộ phận Một cửa',
  specialist: 'chuyên viên xử lý của cơ quan giải quyết',
  leader: 'lãnh đạo cơ quan giải quyết',
  editor: 'biên tập viên',
  admin: 'quản trị hệ thống',
};

export const ACTIONS = [
  'receive',
  'request-supplement',
  'supplement-received',
  'refuse',
  'assign',
  'transfer',
  'request-payment',
  'payment-received',
  'process',
  'return-result',
  'withdraw',
  'stop',
  'apologize',
] as const;
export type ActionName = (typeof ACTIONS)[number];

export const ACTION_LABELS: Record<ActionName, string> = {
  receive: 'Tiếp nhận hồ sơ',
  'request-supplement': 'Yêu cầu bổ sung, hoàn thiện hồ sơ',
  'supplement-received': 'Nhận hồ sơ đã bổ sung',
  refuse: 'Từ chối hồ sơ',
  assign: 'Chuyển hồ sơ đến cơ quan giải quyết',
  transfer: 'Chuyển hồ sơ sang cơ quan khác',
  'request-payment': 'Yêu cầu thực hiện nghĩa vụ tài chính',
  'payment-received': 'Xác nhận đã thực hiện nghĩa vụ tài chính',
  process: 'Ký duyệt kết quả',
  'return-result': 'Trả kết quả',
  withdraw: 'Rút hồ sơ theo yêu cầu',
  stop: 'Dừng giải quyết hồ sơ',
  apologize: 'Xin lỗi và hẹn lại ngày trả kết quả',
};

/** Who may perform an action from which statuses, and where it leads. */
export interface ActionRule {
  /** Statuses the action starts from, each with the roles allowed there. */
  readonly allowed: readonly {
    readonly from: readonly StatusCode[];
    readonly roles: readonly Role[];
  }[];
  /** Status after the action; `null` when the status does not change (apology). */
  readonly to: StatusCode | null;
}

const S = STATUS;

/**
 * The transition table; each step's legal basis is in the rule set (`basis.<action>`).
 * Statuses 3, 7, 8 and 10 appear in no `from`: they are terminal.
 */
export const ACTION_RULES: Readonly<Record<ActionName, ActionRule>> = {
  /**
   * The desk checks a complete dossier and issues the receipt (the set's `receipt` form); the
   * time limit counts from the reception, from the next working day after 15:00.
   */
  receive: {
    allowed: [{ from: [S.NEW], roles: ['receptionist'] }],
    to: S.RECEIVED,
  },
  /**
   * At the desk, or after appraisal within the set's supplement window: the citizen is told
   * once what to add (the set's `supplement` form).
   */
  'request-supplement': {
    allowed: [{ from: [S.NEW, S.RECEIVED, S.PROCESSING], roles: ['receptionist', 'specialist'] }],
    to: S.SUPPLEMENT_REQUESTED,
  },
  /**
   * Once the supplemented dossier is complete, the time limit is counted again from the start
   * (the 15:00 cut-off applies as at reception).
   */
  'supplement-received': {
    allowed: [{ from: [S.SUPPLEMENT_REQUESTED], roles: ['receptionist'] }],
    to: S.RECEIVED,
  },
  /**
   * The desk refuses to receive (the set's `refusal` form, with the reason), or the head of the
   * agency refuses a dossier that does not qualify, within the time limit, stating the reason.
   */
  refuse: {
    allowed: [
      { from: [S.NEW, S.RECEIVED, S.SUPPLEMENT_REQUESTED], roles: ['receptionist'] },
      { from: [S.PROCESSING], roles: ['leader'] },
    ],
    to: S.REFUSED,
  },
  /** The desk forwards the dossier to the deciding agency. */
  assign: {
    allowed: [{ from: [S.RECEIVED], roles: ['receptionist'] }],
    to: S.PROCESSING,
  },
  /**
   * Between agencies (liên thông): the head of the agency hands the file on to another agency;
   * recorded on the set's `control` slip.
   */
  transfer: {
    allowed: [{ from: [S.PROCESSING], roles: ['leader'] }],
    to: S.PROCESSING,
  },
  /** Fees, charges and financial obligations are paid before the result. */
  'request-payment': {
    allowed: [{ from: [S.PROCESSING], roles: ['specialist'] }],
    to: S.FINANCIAL_OBLIGATION,
  },
  /** The desk records the payment (direct, transfer, post or online). */
  'payment-received': {
    allowed: [{ from: [S.FINANCIAL_OBLIGATION], roles: ['receptionist'] }],
    to: S.PROCESSING,
  },
  /** The head of the agency signs the result, which goes to the desk. */
  process: {
    allowed: [{ from: [S.PROCESSING], roles: ['leader'] }],
    to: S.PROCESSED,
  },
  /** The desk returns the result at the time and place of the receipt. */
  'return-result': {
    allowed: [{ from: [S.PROCESSED], roles: ['receptionist'] }],
    to: S.RETURNED,
  },
  /**
   * The citizen asks to withdraw the dossier before a decision (national status 7);
   * the desk records the request.
   */
  withdraw: {
    allowed: [
      {
        from: [S.NEW, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION],
        roles: ['receptionist'],
      },
    ],
    to: S.WITHDRAWN,
  },
  /**
   * Processing stops with the reason, before any decision (status 9 and later cannot stop).
   * The table's actor is the head of the agency (the 2018 rules); a rule set may name another
   * (`steps.stop`: the 2025 set has the receiving desk stop on the applicant's request, with
   * the set's `stop` notice). Distinct from `withdraw` (status 7), the applicant taking the
   * dossier back.
   */
  stop: {
    allowed: [
      {
        from: [S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION],
        roles: ['leader'],
      },
    ],
    to: S.STOPPED,
  },
  /**
   * When a dossier will be late, at least 01 day before the due date the
   * agency sends a letter of apology with the reason and a new date (the set's `apology` form, signed
   * by the head of the agency); the return date may be rescheduled only once.
   */
  apologize: {
    allowed: [
      {
        from: [S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FINANCIAL_OBLIGATION],
        roles: ['leader'],
      },
    ],
    to: null,
  },
};

/** Statuses from which no action is possible. */
export const TERMINAL_STATUSES: readonly StatusCode[] = [
  S.REFUSED,
  S.WITHDRAWN,
  S.STOPPED,
  S.RETURNED,
];

/** One entry of a dossier's history; `submit` and `register` are the first event, outside this machine. */
export interface DossierEvent {
  action: ActionName | 'submit' | 'register';
  /** Status after the event. */
  status: StatusCode;
  /** ISO 8601 instant. */
  at: string;
}

export interface DossierState {
  status: StatusCode;
  /** Appointment date, `YYYY-MM-DD`. */
  dueDate: string;
  /** Start of the time limit, ISO 8601 (after 15:00 → opening of the next working day). */
  countedFrom: string;
  /** Processing time of the procedure in working days (0 = same day). */
  processingDays: number;
  /** Processing time in working hours, when the procedure counts in hours (it then replaces `processingDays`). */
  processingHours?: number | undefined;
  /** The appointment's hour "HH:MM" when counted in hours. */
  dueHour?: string | undefined;
  /** Slug of the agency handling the dossier ('' when none yet). */
  agency: string;
  /** History, oldest first. */
  events: readonly DossierEvent[];
}

export interface TransitionContext {
  now: Date;
  role: Role;
  calendar: WorkingCalendar;
  /** The deciding agency's working week; the calendar's default (Monday–Friday) if absent. */
  week?: WorkingWeek;
  /** Agency slugs the dossier may be assigned or transferred to. */
  agencies: readonly string[];
  /**
   * Working days after reception within which a supplement may be requested: the procedure's
   * own window, else the default of the dossier's rule set (src/domain/rules/).
   */
  supplementDays: number;
  /**
   * The roles of the steps the dossier's rule set assigns otherwise than ACTION_RULES
   * (`steps.<action>.roles`, src/domain/rules/): they replace the table's roles for every
   * status the step starts from.
   */
  roles?: Readonly<Partial<Record<string, readonly Role[]>>> | undefined;
}

/** The validated input of each action. Every action takes an optional internal `note`. */
export interface ActionInputs {
  receive: { note?: string };
  'request-supplement': { missing: string[]; note?: string };
  'supplement-received': { note?: string };
  refuse: { reason: string; note?: string };
  assign: { agency: string; note?: string };
  transfer: { agency: string; note?: string };
  'request-payment': { amount: number; note?: string };
  'payment-received': { note?: string };
  process: { note?: string };
  'return-result': { note?: string };
  withdraw: { reason: string; note?: string };
  stop: { reason: string; note?: string };
  apologize: { newDueDate: string; reason: string; note?: string };
}

export interface TransitionEvent {
  action: ActionName;
  /** Status after the action. */
  status: StatusCode;
  /** When it happened: ISO 8601 in Vietnam time (+07:00). */
  at: string;
  /** What the citizen sees on the lookup page. */
  publicNote?: string;
  /** Internal note, for officers only. */
  note?: string;
}

export type TransitionResult =
  | {
      ok: true;
      status: StatusCode;
      dueDate: string;
      /** The appointment's hour "HH:MM" (counted in hours); an apology's new date has none. */
      dueHour?: string | undefined;
      countedFrom: string;
      /** The handling agency after the action (changed by `assign` and `transfer`). */
      agency: string;
      /**
       * Present when the due date was computed anew (receive, supplement-received, apologize):
       * true when a year involved has no official holiday schedule yet.
       */
      provisional?: boolean;
      /** The validated, trimmed input. */
      input: ActionInputs[ActionName];
      event: TransitionEvent;
    }
  | { ok: false; reason: string };

type Refusal = { ok: false; reason: string };
const refuse = (reason: string): Refusal => ({ ok: false, reason });

const lowerFirst = (text: string): string => text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);

const quoteStatus = (status: StatusCode): string => `"${STATUS_NAMES[status]}"`;

const isAction = (value: unknown): value is ActionName =>
  typeof value === 'string' && (ACTIONS as readonly string[]).includes(value);

const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLE_VALUES as readonly string[]).includes(value);

/** Statuses from which `action` can be taken, in code order. */
export function fromStatuses(action: ActionName): StatusCode[] {
  return ACTION_RULES[action].allowed.flatMap((a) => a.from).sort((a, b) => a - b);
}

/**
 * Roles allowed to take `action` from `status` (empty when the status does not allow it);
 * `roles` are the rule set's own actors (TransitionContext.roles), which replace the table's.
 */
export function rolesFor(
  action: ActionName,
  status: StatusCode,
  roles?: TransitionContext['roles'],
): readonly Role[] {
  const allowed = ACTION_RULES[action].allowed.find((a) => a.from.includes(status))?.roles ?? [];
  return allowed.length > 0 ? (roles?.[action] ?? allowed) : allowed;
}

/** Whether a dossier in `status` can still be stopped: received and no decision yet. */
export const canStop = (status: StatusCode): boolean => fromStatuses('stop').includes(status);

const isReception = (e: DossierEvent): boolean =>
  e.action === 'receive' ||
  ((e.action === 'submit' || e.action === 'register') && e.status === S.RECEIVED);

/**
 * The Vietnam-time day the window of a supplement request counts from: the
 * last `supplement-received`, else the first reception (`receive`, or a counter registration
 * recorded directly as received). Falls back to the day of `countedFrom` when the history
 * records no reception. Undefined while the dossier has not been received (status 1).
 */
function lastReceptionDay(state: DossierState): string | undefined {
  if (state.status === S.NEW) return undefined;
  const supplement = state.events.findLast((e) => e.action === 'supplement-received');
  const reception = supplement ?? state.events.find(isReception);
  return vietnamDay(reception?.at ?? state.countedFrom);
}

/**
 * The window for a supplement request after reception (the rule set's number of working
 * days, or the procedure's own): the reception day and the last working day of the window. Undefined while the
 * dossier has not been received, when a request is always possible.
 */
export function supplementWindow(
  state: DossierState,
  calendar: WorkingCalendar,
  workingDays: number,
  week?: WorkingWeek,
): { receivedDay: string; lastDay: string } | undefined {
  const receivedDay = lastReceptionDay(state);
  if (receivedDay === undefined) return undefined;
  return { receivedDay, lastDay: calendar.addWorkingDays(receivedDay, workingDays, week) };
}

/**
 * How many times the citizen was asked to supplement the dossier. The rules ask for one
 * complete request ("một lần"); a second one is allowed (the desk may have to) but flagged to
 * officers, and the set's evaluation asks the citizen how many contacts it took.
 */
export function supplementRequests(events: readonly { action?: string | null }[]): number {
  return events.filter((e) => e.action === 'request-supplement').length;
}

/** Why `role` may not take `action` now, before looking at any input; undefined if it may. */
function precheck(
  state: DossierState,
  action: ActionName,
  ctx: TransitionContext,
): string | undefined {
  const label = lowerFirst(ACTION_LABELS[action]);
  if (!isRole(ctx.role)) return `Vai trò "${String(ctx.role)}" không hợp lệ.`;
  if (ctx.role === 'admin') {
    return 'Tài khoản quản trị hệ thống chỉ dùng để quản lý tài khoản, không được thực hiện thao tác nào trên hồ sơ.';
  }
  if (!isStatusCode(state.status)) {
    return `Trạng thái hồ sơ "${String(state.status)}" không hợp lệ (chỉ có mã từ 1 đến 10).`;
  }
  if (TERMINAL_STATUSES.includes(state.status)) {
    return `Hồ sơ đang ở trạng thái ${quoteStatus(state.status)}, là trạng thái kết thúc: không thể ${label} hay thực hiện thao tác nào khác.`;
  }
  const roles = rolesFor(action, state.status, ctx.roles);
  if (roles.length === 0) {
    const from = fromStatuses(action).map(quoteStatus).join(', ');
    return `Không thể ${label} khi hồ sơ đang ở trạng thái ${quoteStatus(state.status)}; thao tác này chỉ thực hiện được khi hồ sơ ở trạng thái: ${from}.`;
  }
  if (!roles.includes(ctx.role)) {
    const who = roles.map((r) => ROLE_PHRASES[r]).join(' hoặc ');
    return `Khi hồ sơ ở trạng thái ${quoteStatus(state.status)}, chỉ ${who} được ${label}; bạn đang làm việc với vai trò ${ROLE_PHRASES[ctx.role]}.`;
  }

  const today = vietnamDay(ctx.now.toISOString());
  switch (action) {
    case 'request-supplement': {
      const days = ctx.supplementDays;
      const window = supplementWindow(state, ctx.calendar, days, ctx.week);
      if (window === undefined) return undefined;
      const elapsed = ctx.calendar.countWorkingDays(window.receivedDay, today, ctx.week);
      if (elapsed > days) {
        return `Đã quá thời hạn yêu cầu bổ sung hồ sơ: chỉ được yêu cầu bổ sung trong ${String(days).padStart(2, '0')} ngày làm việc kể từ ngày tiếp nhận ${formatDate(window.receivedDay)}, tức chậm nhất ngày ${formatDate(window.lastDay)}; hôm nay ${formatDate(today)} đã là ngày làm việc thứ ${elapsed}.`;
      }
      return undefined;
    }
    case 'assign':
      return ctx.agencies.length === 0
        ? 'Chưa có cơ quan giải quyết nào để chuyển hồ sơ đến.'
        : undefined;
    case 'transfer':
      return ctx.agencies.some((a) => a !== state.agency)
        ? undefined
        : 'Không có cơ quan nào khác để chuyển hồ sơ sang.';
    case 'apologize': {
      if (!ISO_DATE_RE.test(state.dueDate)) {
        return `Ngày hẹn trả hiện tại của hồ sơ ("${String(state.dueDate)}") không hợp lệ.`;
      }
      const previous = state.events.find((e) => e.action === 'apologize');
      if (previous) {
        return `Hồ sơ đã được xin lỗi và hẹn lại ngày trả kết quả một lần (ngày ${formatDate(vietnamDay(previous.at))}); chỉ được hẹn lại một lần.`;
      }
      if (ctx.calendar.countWorkingDays(today, state.dueDate, ctx.week) < 1) {
        return `Phiếu xin lỗi và hẹn lại ngày trả kết quả phải gửi chậm nhất 01 ngày làm việc trước ngày hẹn trả ${formatDate(state.dueDate)}; hôm nay ${formatDate(today)} đã quá thời điểm đó.`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The actions `ctx.role` may take on the dossier now, in ACTIONS order: what the UI shows.
 * Input-dependent checks (a valid reason, an allowed agency, a later due date) are left to
 * `transition`.
 */
export function availableActions(state: DossierState, ctx: TransitionContext): ActionName[] {
  try {
    if (!(ctx.now instanceof Date) || Number.isNaN(ctx.now.getTime())) return [];
    return ACTIONS.filter((action) => precheck(state, action, ctx) === undefined);
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------
// Input validation. Plain checks, so every message is worded for the officer.

const MAX_TEXT = 2000;
const MAX_ITEM = 500;
const MAX_ITEMS = 50;

type Checked<T> = { ok: true; value: T } | Refusal;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function optionalNote(input: Record<string, unknown>): Checked<{ note?: string }> {
  const note = input.note;
  if (note === undefined || note === null) return { ok: true, value: {} };
  if (typeof note !== 'string') return refuse('Ghi chú nội bộ phải là văn bản.');
  const trimmed = note.trim();
  if (trimmed.length > MAX_TEXT) {
    return refuse(`Ghi chú nội bộ quá dài (${trimmed.length} ký tự, tối đa ${MAX_TEXT}).`);
  }
  return { ok: true, value: trimmed === '' ? {} : { note: trimmed } };
}

function requiredReason(input: Record<string, unknown>, what: string): Checked<string> {
  const reason = input.reason;
  if (reason === undefined || reason === null) return refuse(`Cần ghi rõ ${what}.`);
  if (typeof reason !== 'string') return refuse(`Lý do phải là văn bản (${what}).`);
  const trimmed = reason.trim();
  if (trimmed === '') return refuse(`Cần ghi rõ ${what}; lý do không được để trống.`);
  if (trimmed.length > MAX_TEXT) {
    return refuse(`Lý do quá dài (${trimmed.length} ký tự, tối đa ${MAX_TEXT}).`);
  }
  return { ok: true, value: trimmed };
}

function missingList(input: Record<string, unknown>): Checked<string[]> {
  const missing = input.missing;
  if (missing === undefined || missing === null) {
    return refuse('Cần liệt kê ít nhất một giấy tờ cần bổ sung, hoàn thiện.');
  }
  if (!Array.isArray(missing)) {
    return refuse('Danh sách giấy tờ cần bổ sung phải là một danh sách, mỗi giấy tờ một mục.');
  }
  if (missing.length === 0)
    return refuse('Cần liệt kê ít nhất một giấy tờ cần bổ sung, hoàn thiện.');
  if (missing.length > MAX_ITEMS) {
    return refuse(
      `Danh sách giấy tờ cần bổ sung quá dài (${missing.length} mục, tối đa ${MAX_ITEMS}).`,
    );
  }
  const items: string[] = [];
  for (const [i, item] of missing.entries()) {
    if (typeof item !== 'string') {
      return refuse(`Mục thứ ${i + 1} trong danh sách giấy tờ cần bổ sung phải là văn bản.`);
    }
    const trimmed = item.trim();
    if (trimmed === '') {
      return refuse(`Mục thứ ${i + 1} trong danh sách giấy tờ cần bổ sung đang để trống.`);
    }
    if (trimmed.length > MAX_ITEM) {
      return refuse(
        `Mục thứ ${i + 1} trong danh sách giấy tờ cần bổ sung quá dài (tối đa ${MAX_ITEM} ký tự).`,
      );
    }
    items.push(trimmed);
  }
  return { ok: true, value: items };
}

function agencyOf(
  input: Record<string, unknown>,
  state: DossierState,
  ctx: TransitionContext,
  transfer: boolean,
): Checked<string> {
  const agency = input.agency;
  const what = transfer ? 'cơ quan nhận hồ sơ chuyển sang' : 'cơ quan giải quyết';
  if (agency === undefined || agency === null || agency === '') return refuse(`Cần chọn ${what}.`);
  if (typeof agency !== 'string') return refuse(`Mã cơ quan phải là văn bản (${what}).`);
  const slug = agency.trim();
  if (slug === '') return refuse(`Cần chọn ${what}.`);
  if (!ctx.agencies.includes(slug)) {
    return refuse(`Cơ quan "${slug}" không nằm trong danh sách cơ quan có thể nhận hồ sơ này.`);
  }
  if (transfer && slug === state.agency) {
    return refuse(`Hồ sơ đang ở cơ quan "${slug}"; hãy chọn một cơ quan khác để chuyển sang.`);
  }
  return { ok: true, value: slug };
}

function amountOf(input: Record<string, unknown>): Checked<number> {
  const amount = input.amount;
  if (amount === undefined || amount === null || amount === '') {
    return refuse('Cần ghi số tiền phải nộp (đồng).');
  }
  if (typeof amount !== 'number' || !Number.isFinite(amount)) {
    return refuse('Số tiền phải là một số nguyên dương tính bằng đồng, ví dụ 50000.');
  }
  if (!Number.isInteger(amount)) return refuse('Số tiền phải là số nguyên đồng, không có phần lẻ.');
  if (amount <= 0) return refuse('Số tiền phải lớn hơn 0 đồng.');
  if (amount > Number.MAX_SAFE_INTEGER) return refuse('Số tiền quá lớn.');
  return { ok: true, value: amount };
}

function isoDateOf(input: Record<string, unknown>): Checked<string> {
  const value = input.newDueDate;
  if (value === undefined || value === null || value === '') {
    return refuse('Cần ghi ngày hẹn trả kết quả mới (ngày/tháng/năm, ví dụ 12/05/2025).');
  }
  if (typeof value !== 'string') {
    return refuse('Ngày hẹn trả mới phải viết dạng ngày/tháng/năm, ví dụ 12/05/2025.');
  }
  const text = normaliseDate(value.trim());
  if (!ISO_DATE_RE.test(text)) {
    return refuse(
      `Ngày hẹn trả mới "${value.trim()}" không hợp lệ; viết dạng ngày/tháng/năm, ví dụ 12/05/2025.`,
    );
  }
  if (!isRealIsoDate(text)) {
    return refuse(`Ngày hẹn trả mới "${value.trim()}" không có trên lịch.`);
  }
  return { ok: true, value: text };
}

/**
 * Validates and trims the input of `action`. Unknown fields are ignored; `undefined` or
 * `null` reads as an empty object. Exported so forms can check before submitting;
 * `transition` calls it itself.
 */
export function validateInput<A extends ActionName>(
  action: A,
  input: unknown,
  state: DossierState,
  ctx: TransitionContext,
): Checked<ActionInputs[A]>;
export function validateInput(
  action: ActionName,
  input: unknown,
  state: DossierState,
  ctx: TransitionContext,
): Checked<ActionInputs[ActionName]> {
  // No input at all reads as no fields, so a refusal names the first missing field.
  const fields = input === undefined || input === null ? {} : input;
  if (!isRecord(fields)) {
    return refuse(
      `Dữ liệu kèm theo thao tác "${ACTION_LABELS[action]}" không hợp lệ: cần một đối tượng gồm các trường của thao tác.`,
    );
  }
  const note = optionalNote(fields);
  if (!note.ok) return note;
  const base = note.value;
  switch (action) {
    case 'request-supplement': {
      const missing = missingList(fields);
      return missing.ok ? { ok: true, value: { missing: missing.value, ...base } } : missing;
    }
    case 'refuse':
    case 'withdraw':
    case 'stop': {
      const what = {
        refuse: 'lý do từ chối',
        withdraw: 'lý do rút hồ sơ',
        stop: 'lý do dừng giải quyết hồ sơ',
      }[action];
      const reason = requiredReason(fields, what);
      return reason.ok ? { ok: true, value: { reason: reason.value, ...base } } : reason;
    }
    case 'assign':
    case 'transfer': {
      const agency = agencyOf(fields, state, ctx, action === 'transfer');
      return agency.ok ? { ok: true, value: { agency: agency.value, ...base } } : agency;
    }
    case 'request-payment': {
      const amount = amountOf(fields);
      return amount.ok ? { ok: true, value: { amount: amount.value, ...base } } : amount;
    }
    case 'apologize': {
      const newDueDate = isoDateOf(fields);
      if (!newDueDate.ok) return newDueDate;
      const reason = requiredReason(fields, 'lý do chậm trả kết quả');
      if (!reason.ok) return reason;
      return { ok: true, value: { newDueDate: newDueDate.value, reason: reason.value, ...base } };
    }
    default:
      return { ok: true, value: base };
  }
}

// ---------------------------------------------------------------------------------------

/**
 * Applies `action` to the dossier, or says in Vietnamese why it cannot. Pure: the caller
 * stores the new status, due date, start of the count, agency and the event.
 */
export function transition(
  state: DossierState,
  action: unknown,
  input: unknown,
  ctx: TransitionContext,
): TransitionResult {
  if (!isAction(action)) return refuse(`Không có thao tác "${String(action)}" trên hồ sơ.`);
  if (!(ctx.now instanceof Date) || Number.isNaN(ctx.now.getTime())) {
    return refuse('Thời điểm thực hiện thao tác không hợp lệ.');
  }
  try {
    const denied = precheck(state, action, ctx);
    if (denied !== undefined) return refuse(denied);
    const checked = validateInput(action, input, state, ctx);
    if (!checked.ok) return checked;
    return apply(state, action, checked.value, ctx);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return refuse(`Không thực hiện được thao tác "${ACTION_LABELS[action]}": ${detail}`);
  }
}

function apply(
  state: DossierState,
  action: ActionName,
  input: ActionInputs[ActionName],
  ctx: TransitionContext,
): TransitionResult {
  const at = vietnamIso(ctx.now);
  const rule = ACTION_RULES[action];
  const status = rule.to ?? state.status;
  let dueDate = state.dueDate;
  let dueHour = state.dueHour;
  let countedFrom = state.countedFrom;
  let agency = state.agency;
  let provisional: boolean | undefined;
  let publicNote: string | undefined;

  /** A new time limit counted from now (15:00 cut-off, the agency's week). */
  const restartClock = () => {
    const due: DueDate & { dueHour?: string } =
      state.processingHours === undefined
        ? ctx.calendar.dueDate(ctx.now, state.processingDays, ctx.week)
        : dueInHours(
            ctx.calendar,
            ctx.now,
            state.processingHours,
            ctx.week ?? DEFAULT_WORKING_WEEK,
          );
    dueDate = due.due;
    dueHour = due.dueHour;
    countedFrom = due.effectiveReceived;
    provisional = due.provisional;
  };

  /** The appointment as the citizen reads it: "16 giờ 00, Thứ Ba, 01/07/2025" when counted in hours. */
  const appointment = () =>
    `${dueHour ? `${formatHour(dueHour)}, ` : ''}${formatDateWithWeekday(dueDate)}`;

  switch (action) {
    case 'receive':
      restartClock();
      publicNote = `Đã tiếp nhận hồ sơ; hẹn trả kết quả ${appointment()}.`;
      break;
    case 'request-supplement': {
      const { missing } = input as ActionInputs['request-supplement'];
      publicNote = `Cần bổ sung: ${missing.join('; ')}.`;
      break;
    }
    case 'supplement-received':
      restartClock();
      publicNote = `Đã nhận đủ hồ sơ bổ sung; thời hạn giải quyết được tính lại từ đầu, hẹn trả kết quả ${appointment()}.`;
      break;
    case 'refuse':
      publicNote = `Lý do từ chối: ${(input as ActionInputs['refuse']).reason}`;
      break;
    case 'assign':
    case 'transfer':
      agency = (input as ActionInputs['assign']).agency;
      break;
    case 'request-payment':
      publicNote = `Cần thực hiện nghĩa vụ tài chính: ${formatVnd((input as ActionInputs['request-payment']).amount)}.`;
      break;
    case 'payment-received':
      publicNote = 'Đã hoàn thành nghĩa vụ tài chính.';
      break;
    case 'process':
      publicNote = 'Có kết quả, mời đến nhận.';
      break;
    case 'return-result':
      publicNote = 'Đã trả kết quả.';
      break;
    case 'withdraw':
      publicNote = `Hồ sơ đã được rút theo yêu cầu của người nộp. Lý do: ${(input as ActionInputs['withdraw']).reason}`;
      break;
    case 'stop':
      publicNote = `Dừng giải quyết hồ sơ. Lý do: ${(input as ActionInputs['stop']).reason}`;
      break;
    case 'apologize': {
      const { newDueDate, reason } = input as ActionInputs['apologize'];
      if (newDueDate <= state.dueDate) {
        return refuse(
          `Ngày hẹn trả mới ${formatDate(newDueDate)} phải sau ngày hẹn trả hiện tại ${formatDate(state.dueDate)}.`,
        );
      }
      if (!ctx.calendar.isWorkingDay(newDueDate, ctx.week)) {
        const why = ctx.calendar.dayInfo(newDueDate, ctx.week).reason;
        return refuse(
          `Ngày hẹn trả mới ${formatDateWithWeekday(newDueDate)} không phải ngày làm việc${why ? ` (${why})` : ''}; hãy chọn một ngày làm việc.`,
        );
      }
      dueDate = newDueDate;
      dueHour = undefined;
      provisional = ctx.calendar.provisionalYears(vietnamDay(at), newDueDate).length > 0;
      publicNote = `Xin lỗi vì chưa trả kết quả đúng hẹn. Lý do: ${reason.replace(/[.\s]+$/, '')}. Ngày hẹn trả kết quả mới: ${formatDateWithWeekday(newDueDate)}.`;
      break;
    }
  }

  const event: TransitionEvent = {
    action,
    status,
    at,
    ...(publicNote !== undefined ? { publicNote } : {}),
    ...(input.note !== undefined ? { note: input.note } : {}),
  };
  return {
    ok: true,
    status,
    dueDate,
    ...(dueHour !== undefined ? { dueHour } : {}),
    countedFrom,
    agency,
    ...(provisional !== undefined ? { provisional } : {}),
    input,
    event,
  };
}
