import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import {
  buildCalendar,
  type WorkingCalendar,
  type WorkingWeek,
} from '../../src/domain/calendar/index.ts';
import {
  ACTION_LABELS,
  ACTIONS,
  type ActionName,
  availableActions,
  canStop,
  type DossierEvent,
  type DossierState,
  type Role,
  rolesFor,
  supplementWindow,
  type TransitionContext,
  type TransitionResult,
  transition,
} from '../../src/domain/dossier/lifecycle.ts';
import { STATUS_NAMES, type StatusCode } from '../../src/domain/dossier/status.ts';
import { timeliness } from '../../src/domain/dossier/timeliness.ts';
import { onApplicantRequest, stepRoles } from '../../src/domain/rules/select.ts';
import { calendarYearFile, workingWeek } from '../../src/schemas/calendar.ts';
import { ruleSetFile } from '../../src/schemas/rule-set.ts';

/**
 * Every expected date below is worked out by hand from the official 2025 schedule
 * (content/calendar/2025.yaml, Monday–Friday week):
 *   Tết Nguyên đán: off Mon 27/01 – Fri 31/01 (with the weekends, Sat 25/01 – Sun 02/02);
 *   Giỗ Tổ Hùng Vương: off Mon 07/04;
 *   30/4 – 1/5: Sat 26/04 worked (làm bù), off Wed 30/04, Thu 01/05, Fri 02/05 (hoán đổi);
 *   Quốc khánh: off Mon 01/09 and Tue 02/09.
 */
const calendar = buildCalendar(
  [2024, 2025, 2026].map((year) =>
    calendarYearFile.parse(
      parse(readFileSync(new URL(`../../content/calendar/${year}.yaml`, import.meta.url), 'utf8')),
    ),
  ),
);
/** Commune police: Monday–Friday plus Saturday morning. */
const saturdayMorning: WorkingWeek = workingWeek.parse({ saturday: '7:00-11:30' });

const ROLES: readonly Role[] = ['receptionist', 'specialist', 'leader', 'admin'];
const ALL_STATUSES: readonly StatusCode[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const HOME = 'ubnd-xa-thuan-bac';
const OTHER = 'ubnd-xa-cong-hai';
const AGENCIES = [HOME, OTHER];

/** A Vietnam-time instant: vn('2025-03-04 10:00'). */
const vn = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);
const ev = (action: DossierEvent['action'], status: StatusCode, local: string): DossierEvent => ({
  action,
  status,
  at: `${local.replace(' ', 'T')}:00+07:00`,
});

const ctx = (role: Role, now: Date, extra: Partial<TransitionContext> = {}): TransitionContext => ({
  now,
  role,
  calendar,
  agencies: AGENCIES,
  supplementDays: 3,
  ...extra,
});

/**
 * A dossier submitted online on Mon 03/03/2025 08:00 and received at 09:00 the same day
 * (5 working days: Tue 04, Wed 05, Thu 06, Fri 07, Mon 10/03 → due Mon 10/03/2025).
 */
const received = (over: Partial<DossierState> = {}): DossierState => ({
  status: 2,
  dueDate: '2025-03-10',
  countedFrom: '2025-03-03T09:00:00+07:00',
  processingDays: 5,
  agency: HOME,
  events: [ev('submit', 1, '2025-03-03 08:00'), ev('receive', 2, '2025-03-03 09:00')],
  ...over,
});
const submitted = (over: Partial<DossierState> = {}): DossierState =>
  received({ status: 1, events: [ev('submit', 1, '2025-03-03 08:00')], ...over });

/** Tue 04/03/2025 10:00: 1 working day after reception, 4 before the due date. */
const TUESDAY = vn('2025-03-04 10:00');

/** A valid input for each action on `received()` at TUESDAY. */
const VALID: Record<ActionName, unknown> = {
  receive: undefined,
  'request-supplement': { missing: ['Bản sao Giấy chứng sinh'] },
  'supplement-received': undefined,
  refuse: { reason: 'Thủ tục không thuộc thẩm quyền của xã' },
  assign: { agency: HOME },
  transfer: { agency: OTHER },
  'request-payment': { amount: 50_000 },
  'payment-received': undefined,
  process: { note: 'Đã ký' },
  'return-result': undefined,
  withdraw: { reason: 'Người nộp xin rút để bổ sung giấy tờ khác' },
  stop: { reason: 'Người yêu cầu đề nghị dừng giải quyết' },
  apologize: { newDueDate: '2025-03-12', reason: 'Chờ ý kiến cơ quan phối hợp' },
};

function expectOk(result: TransitionResult) {
  if (!result.ok) throw new Error(`expected ok, got refusal: ${result.reason}`);
  return result;
}
function expectRefused(result: TransitionResult): string {
  if (result.ok) throw new Error(`expected a refusal, got status ${result.status}`);
  expect(result.reason.length).toBeGreaterThan(10);
  return result.reason;
}

// -------------------------------------------------------------------------------------------

describe('the transition table, written out by hand', () => {
  /** Action → from status → roles allowed there, and the status it leads to (null = unchanged). */
  const TABLE: Record<
    ActionName,
    { from: Partial<Record<StatusCode, Role[]>>; to: StatusCode | null }
  > = {
    receive: { from: { 1: ['receptionist'] }, to: 2 },
    'request-supplement': {
      from: {
        1: ['receptionist', 'specialist'],
        2: ['receptionist', 'specialist'],
        4: ['receptionist', 'specialist'],
      },
      to: 5,
    },
    'supplement-received': { from: { 5: ['receptionist'] }, to: 2 },
    refuse: {
      from: { 1: ['receptionist'], 2: ['receptionist'], 4: ['leader'], 5: ['receptionist'] },
      to: 3,
    },
    assign: { from: { 2: ['receptionist'] }, to: 4 },
    transfer: { from: { 4: ['leader'] }, to: 4 },
    'request-payment': { from: { 4: ['specialist'] }, to: 6 },
    'payment-received': { from: { 6: ['receptionist'] }, to: 4 },
    process: { from: { 4: ['leader'] }, to: 9 },
    'return-result': { from: { 9: ['receptionist'] }, to: 10 },
    withdraw: {
      from: {
        1: ['receptionist'],
        2: ['receptionist'],
        4: ['receptionist'],
        5: ['receptionist'],
        6: ['receptionist'],
      },
      to: 7,
    },
    stop: { from: { 2: ['leader'], 4: ['leader'], 5: ['leader'], 6: ['leader'] }, to: 8 },
    apologize: { from: { 2: ['leader'], 4: ['leader'], 5: ['leader'], 6: ['leader'] }, to: null },
  };

  const stateAt = (status: StatusCode) => (status === 1 ? submitted() : received({ status }));

  const cells = ACTIONS.flatMap((action) =>
    ALL_STATUSES.flatMap((status) =>
      ROLES.map((role) => ({
        action,
        status,
        role,
        allowed: TABLE[action].from[status]?.includes(role) ?? false,
        legalFrom: TABLE[action].from[status] !== undefined,
      })),
    ),
  );

  test('covers every action', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ACTIONS].sort());
    expect(Object.keys(ACTION_LABELS).sort()).toEqual([...ACTIONS].sort());
  });

  test.each(cells.filter((c) => c.allowed))(
    '$action from $status by $role: allowed',
    ({ action, status, role }) => {
      const state = stateAt(status);
      const result = expectOk(transition(state, action, VALID[action], ctx(role, TUESDAY)));
      const to = TABLE[action].to ?? status;
      expect(result.status).toBe(to);
      expect(result.event).toMatchObject({ action, status: to, at: '2025-03-04T10:00:00+07:00' });
      expect(availableActions(state, ctx(role, TUESDAY))).toContain(action);
    },
  );

  test.each(cells.filter((c) => c.legalFrom && !c.allowed))(
    '$action from $status by $role: wrong role',
    ({ action, status, role }) => {
      const state = stateAt(status);
      const reason = expectRefused(transition(state, action, VALID[action], ctx(role, TUESDAY)));
      if (role === 'admin') {
        expect(reason).toMatch(/quản trị hệ thống chỉ dùng để quản lý tài khoản/);
      } else {
        expect(reason).toContain(`Khi hồ sơ ở trạng thái "${STATUS_NAMES[status]}", chỉ `);
        expect(reason).toContain(lower(ACTION_LABELS[action]));
      }
      expect(availableActions(state, ctx(role, TUESDAY))).not.toContain(action);
    },
  );

  const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

  test.each(
    cells.filter((c) => !c.legalFrom && c.role !== 'admin' && ![3, 7, 8, 10].includes(c.status)),
  )('$action from $status by $role: illegal transition', ({ action, status, role }) => {
    const reason = expectRefused(
      transition(stateAt(status), action, VALID[action], ctx(role, TUESDAY)),
    );
    expect(reason).toContain(
      `Không thể ${lower(ACTION_LABELS[action])} khi hồ sơ đang ở trạng thái "${STATUS_NAMES[status]}"`,
    );
    // The reason names the statuses where it would be possible.
    for (const from of Object.keys(TABLE[action].from)) {
      expect(reason).toContain(`"${STATUS_NAMES[Number(from) as StatusCode]}"`);
    }
  });

  describe.each([3, 7, 8, 10] as const)('terminal status %i', (status) => {
    test.each(ROLES.filter((r) => r !== 'admin'))('%s can do nothing', (role) => {
      const state = received({ status });
      expect(availableActions(state, ctx(role, TUESDAY))).toEqual([]);
      for (const action of ACTIONS) {
        const reason = expectRefused(transition(state, action, VALID[action], ctx(role, TUESDAY)));
        expect(reason).toContain(`trạng thái "${STATUS_NAMES[status]}", là trạng thái kết thúc`);
      }
    });
  });

  test.each(ALL_STATUSES)('admin can do nothing at status %i', (status) => {
    const state = stateAt(status);
    expect(availableActions(state, ctx('admin', TUESDAY))).toEqual([]);
    for (const action of ACTIONS) {
      expect(expectRefused(transition(state, action, VALID[action], ctx('admin', TUESDAY)))).toBe(
        'Tài khoản quản trị hệ thống chỉ dùng để quản lý tài khoản, không được thực hiện thao tác nào trên hồ sơ.',
      );
    }
  });

  test.each([
    [2, 'receptionist', ['request-supplement', 'refuse', 'assign', 'withdraw']],
    [2, 'specialist', ['request-supplement']],
    [2, 'leader', ['stop', 'apologize']],
    [4, 'receptionist', ['request-supplement', 'withdraw']],
    [4, 'specialist', ['request-supplement', 'request-payment']],
    [4, 'leader', ['refuse', 'transfer', 'process', 'stop', 'apologize']],
    [5, 'receptionist', ['supplement-received', 'refuse', 'withdraw']],
    [6, 'receptionist', ['payment-received', 'withdraw']],
    [9, 'receptionist', ['return-result']],
    [9, 'leader', []],
  ] as const)('available at %i for %s: %j', (status, role, expected) => {
    expect(availableActions(received({ status }), ctx(role, TUESDAY))).toEqual(expected);
  });

  test('available at status 1 for the desk', () => {
    expect(availableActions(submitted(), ctx('receptionist', TUESDAY))).toEqual([
      'receive',
      'request-supplement',
      'refuse',
      'withdraw',
    ]);
  });
});

// -------------------------------------------------------------------------------------------

describe('the happy path 1 → 2 → 4 → 9 → 10', () => {
  test('submitted Monday, received Tuesday, decided early, returned', () => {
    let state: DossierState = {
      status: 1,
      dueDate: '2025-03-10', // provisional appointment computed at submission
      countedFrom: '2025-03-03T08:00:00+07:00',
      processingDays: 5,
      agency: HOME,
      events: [ev('submit', 1, '2025-03-03 08:00')],
    };
    const steps: [ActionName, Role, string, unknown, StatusCode][] = [
      ['receive', 'receptionist', '2025-03-04 09:00', undefined, 2],
      ['assign', 'receptionist', '2025-03-04 10:00', { agency: OTHER }, 4],
      ['process', 'leader', '2025-03-07 16:00', { note: 'Đủ điều kiện' }, 9],
      ['return-result', 'receptionist', '2025-03-10 08:30', undefined, 10],
    ];
    const results: TransitionResult[] = [];
    for (const [action, role, at, input, status] of steps) {
      const result = expectOk(transition(state, action, input, ctx(role, vn(at))));
      expect(result.status).toBe(status);
      results.push(result);
      state = {
        ...state,
        status: result.status,
        dueDate: result.dueDate,
        countedFrom: result.countedFrom,
        agency: result.agency,
        events: [...state.events, result.event],
      };
    }
    // Received Tue 04/03 09:00 → Wed 05, Thu 06, Fri 07, Mon 10, Tue 11 → due Tue 11/03/2025.
    expect(results[0]).toMatchObject({
      dueDate: '2025-03-11',
      countedFrom: '2025-03-04T09:00:00+07:00',
      provisional: false,
      event: { publicNote: 'Đã tiếp nhận hồ sơ; hẹn trả kết quả Thứ Ba, 11/03/2025.' },
    });
    expect(results[1]).toMatchObject({ agency: OTHER, dueDate: '2025-03-11' });
    expect(results[1]?.ok && results[1].event.publicNote).toBeUndefined();
    expect(results[2]).toMatchObject({
      event: { publicNote: 'Có kết quả, mời đến nhận.', note: 'Đủ điều kiện' },
    });
    expect(results[3]).toMatchObject({
      dueDate: '2025-03-11',
      event: { status: 10, at: '2025-03-10T08:30:00+07:00', publicNote: 'Đã trả kết quả.' },
    });
    expect(state.events.map((e) => e.status)).toEqual([1, 2, 4, 9, 10]);
    expect(timeliness(state.events, state.dueDate, vn('2025-03-12 09:00'))).toEqual({
      state: 'early',
      finishedOn: '2025-03-07',
    });
    expect(availableActions(state, ctx('receptionist', vn('2025-03-10 09:00')))).toEqual([]);
  });

  test.each([
    // Thu 06/03/2025, 3 days, before the cut-off: Fri 07, Mon 10, Tue 11.
    ['2025-03-06 14:59', 3, '2025-03-06T14:59:00+07:00', '2025-03-11'],
    // 15:00 exactly counts from Fri 07/03 07:00: Mon 10, Tue 11, Wed 12.
    ['2025-03-06 15:00', 3, '2025-03-07T07:00:00+07:00', '2025-03-12'],
    // Tue 29/04/2025 16:00: next working day is Mon 05/05 (30/4, 1/5, 2/5 off, then the
    // weekend); Tue 06, Wed 07, Thu 08.
    ['2025-04-29 16:00', 3, '2025-05-05T07:00:00+07:00', '2025-05-08'],
    // Fri 24/01/2025 10:00, 5 days, across Tết: Mon 03/02 … Fri 07/02.
    ['2025-01-24 10:00', 5, '2025-01-24T10:00:00+07:00', '2025-02-07'],
    // "Trong ngày" at 10:00 is due the same day.
    ['2025-03-06 10:00', 0, '2025-03-06T10:00:00+07:00', '2025-03-06'],
  ] as const)('receive at %s with %i days: counted from %s, due %s', (at, days, from, due) => {
    const result = expectOk(
      transition(submitted({ processingDays: days }), 'receive', {}, ctx('receptionist', vn(at))),
    );
    expect(result).toMatchObject({ status: 2, countedFrom: from, dueDate: due });
  });

  test('receive uses the agency working week (Saturday morning counts)', () => {
    // Thu 06/03/2025 15:30 → counts from Fri 07/03; Sat 08, Mon 10, Tue 11 → due Tue 11/03.
    const result = expectOk(
      transition(
        submitted({ processingDays: 3 }),
        'receive',
        undefined,
        ctx('receptionist', vn('2025-03-06 15:30'), { week: saturdayMorning }),
      ),
    );
    expect(result).toMatchObject({
      countedFrom: '2025-03-07T07:00:00+07:00',
      dueDate: '2025-03-11',
    });
  });
});

// -------------------------------------------------------------------------------------------

describe('the supplement loop 2 → 5 → 2 restarts the clock', () => {
  test('received Thu 24/04/2025, supplement requested, completed Tue 06/05 after 15:00', () => {
    let state: DossierState = {
      status: 1,
      dueDate: '2025-05-05',
      countedFrom: '2025-04-24T08:00:00+07:00',
      processingDays: 5,
      agency: HOME,
      events: [ev('submit', 1, '2025-04-24 08:00')],
    };
    const step = (action: ActionName, role: Role, at: string, input?: unknown) => {
      const result = expectOk(transition(state, action, input, ctx(role, vn(at))));
      state = {
        ...state,
        status: result.status,
        dueDate: result.dueDate,
        countedFrom: result.countedFrom,
        agency: result.agency,
        events: [...state.events, result.event],
      };
      return result;
    };

    // Received Thu 24/04 10:00, 5 days: Fri 25, Sat 26 (làm bù), Mon 28, Tue 29, then
    // 30/4–4/5 off, Mon 05/05 → due Mon 05/05/2025.
    expect(step('receive', 'receptionist', '2025-04-24 10:00')).toMatchObject({
      status: 2,
      countedFrom: '2025-04-24T10:00:00+07:00',
      dueDate: '2025-05-05',
    });
    step('assign', 'receptionist', '2025-04-24 14:00', { agency: HOME });

    // Mon 28/04 is the 3rd working day after Thu 24/04 (Fri 25, Sat 26 làm bù, Mon 28).
    const request = step('request-supplement', 'specialist', '2025-04-28 09:00', {
      missing: [' Bản sao Giấy chứng sinh ', 'Giấy ủy quyền có chứng thực'],
      note: 'Thiếu trang 2',
    });
    expect(request).toMatchObject({
      status: 5,
      dueDate: '2025-05-05',
      input: { missing: ['Bản sao Giấy chứng sinh', 'Giấy ủy quyền có chứng thực'] },
      event: {
        action: 'request-supplement',
        status: 5,
        publicNote: 'Cần bổ sung: Bản sao Giấy chứng sinh; Giấy ủy quyền có chứng thực.',
        note: 'Thiếu trang 2',
      },
    });

    // Completed Tue 06/05 15:30, after the cut-off: counts from Wed 07/05 07:00; 5 days
    // Thu 08, Fri 09, Mon 12, Tue 13, Wed 14 → due Wed 14/05/2025, from zero.
    const back = step('supplement-received', 'receptionist', '2025-05-06 15:30');
    expect(back).toMatchObject({
      status: 2,
      countedFrom: '2025-05-07T07:00:00+07:00',
      dueDate: '2025-05-14',
      provisional: false,
      event: {
        publicNote:
          'Đã nhận đủ hồ sơ bổ sung; thời hạn giải quyết được tính lại từ đầu, hẹn trả kết quả Thứ Tư, 14/05/2025.',
      },
    });
    expect(calendar.dueDate('2025-05-06T15:30:00+07:00', 5).due).toBe('2025-05-14');

    // The 3-day window restarts from Tue 06/05: Wed 07, Thu 08, Fri 09 → last day Fri 09/05.
    expect(supplementWindow(state, calendar, 3)).toEqual({
      receivedDay: '2025-05-06',
      lastDay: '2025-05-09',
    });
    step('assign', 'receptionist', '2025-05-07 08:00', { agency: HOME });
    const late = transition(
      state,
      'request-supplement',
      VALID['request-supplement'],
      ctx('specialist', vn('2025-05-12 08:00')),
    );
    expect(expectRefused(late)).toContain('chậm nhất ngày 09/05/2025');
    expect(
      transition(
        state,
        'request-supplement',
        VALID['request-supplement'],
        ctx('specialist', vn('2025-05-09 16:00')),
      ).ok,
    ).toBe(true);
  });
});

// -------------------------------------------------------------------------------------------

describe("a supplement request only within the rule set's window (3 working days here) of reception", () => {
  const atStatus = (
    status: StatusCode,
    reception: string,
    action: DossierEvent['action'] = 'receive',
  ) =>
    received({
      status,
      events: [ev('submit', 1, `${reception.slice(0, 10)} 07:30`), ev(action, 2, reception)],
    });

  test.each([
    // reception, week, last day allowed, first day refused
    // Weekend: Thu 06/03/2025 → Fri 07, Mon 10, Tue 11 | Wed 12.
    ['2025-03-06 10:00', undefined, '2025-03-11', '2025-03-12'],
    // 30/4–1/5 and the swapped Friday: Tue 29/04/2025 → Mon 05, Tue 06, Wed 07 | Thu 08/05.
    ['2025-04-29 09:00', undefined, '2025-05-07', '2025-05-08'],
    // Làm bù Saturday: Thu 24/04/2025 → Fri 25, Sat 26, Mon 28 | Tue 29/04.
    ['2025-04-24 10:00', undefined, '2025-04-28', '2025-04-29'],
    // Tết: Thu 23/01/2025 → Fri 24/01, Mon 03/02, Tue 04/02 | Wed 05/02.
    ['2025-01-23 10:00', undefined, '2025-02-04', '2025-02-05'],
    // Giỗ Tổ: Thu 03/04/2025 → Fri 04, (Mon 07 off) Tue 08, Wed 09 | Thu 10/04.
    ['2025-04-03 10:00', undefined, '2025-04-09', '2025-04-10'],
    // Quốc khánh: Fri 29/08/2025 → (Mon 01, Tue 02/09 off) Wed 03, Thu 04, Fri 05 | Mon 08/09.
    ['2025-08-29 10:00', undefined, '2025-09-05', '2025-09-08'],
    // Received after 15:00 still counts from the day of reception: Thu 06/03 16:30 as above.
    ['2025-03-06 16:30', undefined, '2025-03-11', '2025-03-12'],
    // Saturday-morning week: Thu 06/03/2025 → Fri 07, Sat 08, Mon 10 | Tue 11.
    ['2025-03-06 10:00', saturdayMorning, '2025-03-10', '2025-03-11'],
  ] as const)(
    'received %s: allowed until %s, refused on %s',
    (reception, week, lastDay, refusedOn) => {
      const extra = week ? { week } : {};
      for (const [status, role] of [
        [2, 'receptionist'],
        [4, 'specialist'],
      ] as const) {
        const state = atStatus(status, reception);
        expect(supplementWindow(state, calendar, 3, week)?.lastDay).toBe(lastDay);
        const ok = transition(
          state,
          'request-supplement',
          VALID['request-supplement'],
          ctx(role, vn(`${lastDay} 16:59`), extra),
        );
        expect(ok.ok).toBe(true);
        expect(availableActions(state, ctx(role, vn(`${lastDay} 16:59`), extra))).toContain(
          'request-supplement',
        );
        const late = ctx(role, vn(`${refusedOn} 07:00`), extra);
        const reason = expectRefused(
          transition(state, 'request-supplement', VALID['request-supplement'], late),
        );
        const [y, m, d] = lastDay.split('-');
        expect(reason).toContain('03 ngày làm việc');
        expect(reason).toContain(`chậm nhất ngày ${d}/${m}/${y}`);
        expect(reason).toContain('ngày làm việc thứ 4');
        expect(availableActions(state, late)).not.toContain('request-supplement');
      }
    },
  );

  test('the exact refusal for reception on Tue 29/04/2025', () => {
    const reason = expectRefused(
      transition(
        atStatus(4, '2025-04-29 09:00'),
        'request-supplement',
        { missing: ['Tờ khai'] },
        ctx('specialist', vn('2025-05-08 08:00')),
      ),
    );
    expect(reason).toBe(
      'Đã quá thời hạn yêu cầu bổ sung hồ sơ: chỉ được yêu cầu bổ sung trong 03 ngày làm việc kể từ ngày tiếp nhận 29/04/2025, tức chậm nhất ngày 07/05/2025; hôm nay 08/05/2025 đã là ngày làm việc thứ 4.',
    );
  });

  test("the window is the rule set's or the procedure's: 02 working days refuses the 3rd", () => {
    // Reception Tue 29/04/2025; 30/04–02/05 are days off: 2 working days → last day Tue 06/05.
    const state = atStatus(4, '2025-04-29 09:00');
    const input = { missing: ['Tờ khai'] };
    const within = ctx('specialist', vn('2025-05-06 08:00'), { supplementDays: 2 });
    expect(transition(state, 'request-supplement', input, within).ok).toBe(true);
    const reason = expectRefused(
      transition(state, 'request-supplement', input, {
        ...within,
        now: vn('2025-05-07 08:00'),
      }),
    );
    expect(reason).toContain('trong 02 ngày làm việc');
    expect(reason).toContain('chậm nhất ngày 06/05/2025');
    expect(reason).not.toMatch(/Nghị định|Thông tư|\d+\/20\d\d\//);
  });

  test('days off right after the last day are still inside the window', () => {
    // Reception Tue 29/04 → 3rd working day is Wed 07/05; reception Thu 06/03 → Tue 11/03.
    // Reception Wed 26/03/2025 → Thu 27, Fri 28, Mon 31/03: Sat 29 and Sun 30 are 2 working days.
    const state = atStatus(2, '2025-03-26 10:00');
    expect(
      transition(
        state,
        'request-supplement',
        VALID['request-supplement'],
        ctx('receptionist', vn('2025-03-30 10:00')),
      ).ok,
    ).toBe(true);
    expect(
      transition(
        state,
        'request-supplement',
        VALID['request-supplement'],
        ctx('receptionist', vn('2025-03-31 16:00')),
      ).ok,
    ).toBe(true);
    expect(
      transition(
        state,
        'request-supplement',
        VALID['request-supplement'],
        ctx('receptionist', vn('2025-04-01 07:00')),
      ).ok,
    ).toBe(false);
  });

  test('the reception day is the Vietnam-time day', () => {
    // 17:30 UTC on Wed 05/03 is 00:30 on Thu 06/03 in Vietnam: the window ends Tue 11/03.
    const state = received({
      events: [
        ev('submit', 1, '2025-03-05 08:00'),
        { action: 'receive', status: 2, at: '2025-03-05T17:30:00Z' },
      ],
    });
    expect(supplementWindow(state, calendar, 3)).toEqual({
      receivedDay: '2025-03-06',
      lastDay: '2025-03-11',
    });
    expect(
      transition(
        state,
        'request-supplement',
        VALID['request-supplement'],
        ctx('receptionist', vn('2025-03-11 16:00')),
      ).ok,
    ).toBe(true);
  });

  test('a counter registration recorded as received starts the window', () => {
    const state = atStatus(2, '2025-04-29 09:00', 'register');
    expect(supplementWindow(state, calendar, 3)?.lastDay).toBe('2025-05-07');
    expect(
      transition(
        state,
        'request-supplement',
        VALID['request-supplement'],
        ctx('receptionist', vn('2025-05-08 08:00')),
      ).ok,
    ).toBe(false);
  });

  test('before reception (status 1) a supplement can always be requested', () => {
    const state = submitted();
    expect(supplementWindow(state, calendar, 3)).toBeUndefined();
    const result = expectOk(
      transition(
        state,
        'request-supplement',
        VALID['request-supplement'],
        ctx('receptionist', vn('2025-06-30 10:00')),
      ),
    );
    expect(result).toMatchObject({ status: 5, dueDate: '2025-03-10' });
  });
});

// -------------------------------------------------------------------------------------------

describe('apology and new appointment (Phiếu xin lỗi, once, at least 1 working day before)', () => {
  /** Processing, due Mon 05/05/2025 (after the 30/4–4/5 break). */
  const dueMonday = (over: Partial<DossierState> = {}) =>
    received({ status: 4, dueDate: '2025-05-05', ...over });
  const input = { newDueDate: '2025-05-09', reason: 'Chờ kết quả xác minh.' };
  const apologize = (state: DossierState, at: Date, body: unknown = input) =>
    transition(state, 'apologize', body, ctx('leader', at));

  test.each([
    // Mon 28/04: Tue 29/04 and Mon 05/05 remain → 2 working days before: allowed.
    ['2025-04-28 10:00', true],
    // Tue 29/04, the last working day before the break: only Mon 05/05 remains (1): allowed.
    ['2025-04-29 16:30', true],
    // Fri 02/05 (swapped day off) and Sun 04/05 23:59: still 1 working day before: allowed.
    ['2025-05-02 09:00', true],
    ['2025-05-04 23:59', true],
    // The due date itself, from midnight Vietnam time: 0 working days left: refused.
    ['2025-05-05 00:00', false],
    ['2025-05-05 08:00', false],
    // After the due date: refused.
    ['2025-05-06 08:00', false],
  ] as const)('on %s: %s', (at, allowed) => {
    const result = apologize(dueMonday(), vn(at));
    expect(result.ok).toBe(allowed);
    expect(availableActions(dueMonday(), ctx('leader', vn(at))).includes('apologize')).toBe(
      allowed,
    );
    if (!result.ok) {
      expect(result.reason).toContain('chậm nhất 01 ngày làm việc trước ngày hẹn trả 05/05/2025');
    }
  });

  test('the apology moves the due date, keeps the status and tells the citizen', () => {
    const result = expectOk(apologize(dueMonday(), vn('2025-04-29 16:30')));
    expect(result).toMatchObject({
      status: 4,
      dueDate: '2025-05-09',
      countedFrom: '2025-03-03T09:00:00+07:00',
      provisional: false,
      event: {
        action: 'apologize',
        status: 4,
        at: '2025-04-29T16:30:00+07:00',
        publicNote:
          'Xin lỗi vì chưa trả kết quả đúng hẹn. Lý do: Chờ kết quả xác minh. Ngày hẹn trả kết quả mới: Thứ Sáu, 09/05/2025.',
      },
    });
  });

  test('the new date may be typed the Vietnamese way, ngày/tháng/năm', () => {
    const result = expectOk(
      apologize(dueMonday(), vn('2025-04-29 16:30'), { ...input, newDueDate: '9/5/2025' }),
    );
    expect(result.dueDate).toBe('2025-05-09');
  });

  test('only once per dossier', () => {
    const state = dueMonday({
      dueDate: '2025-05-09',
      events: [
        ...received().events,
        ev('assign', 4, '2025-03-03 10:00'),
        ev('apologize', 4, '2025-03-07 09:00'),
      ],
    });
    const reason = expectRefused(
      apologize(state, vn('2025-04-28 10:00'), { ...input, newDueDate: '2025-05-12' }),
    );
    expect(reason).toContain('một lần (ngày 07/03/2025)');
    expect(availableActions(state, ctx('leader', vn('2025-04-28 10:00')))).not.toContain(
      'apologize',
    );
  });

  test.each([
    ['2025-05-05', 'phải sau ngày hẹn trả hiện tại 05/05/2025'], // same day
    ['2025-04-30', 'phải sau ngày hẹn trả hiện tại 05/05/2025'], // earlier
    ['2025-05-10', 'Thứ Bảy, 10/05/2025 không phải ngày làm việc (Thứ Bảy)'],
    ['2025-05-11', 'không phải ngày làm việc (Chủ nhật)'],
  ])('new date %s refused: %s', (newDueDate, message) => {
    expect(
      expectRefused(apologize(dueMonday(), vn('2025-04-28 10:00'), { ...input, newDueDate })),
    ).toContain(message);
  });

  test('a holiday after the due date is not a working day', () => {
    // Due Thu 28/08/2025; Tue 02/09 is Quốc khánh.
    const state = dueMonday({ dueDate: '2025-08-28' });
    const reason = expectRefused(
      apologize(state, vn('2025-08-26 10:00'), { ...input, newDueDate: '2025-09-02' }),
    );
    expect(reason).toBe(
      'Ngày hẹn trả mới Thứ Ba, 02/09/2025 không phải ngày làm việc (Quốc khánh); hãy chọn một ngày làm việc.',
    );
    expect(
      apologize(state, vn('2025-08-26 10:00'), { ...input, newDueDate: '2025-09-03' }).ok,
    ).toBe(true);
  });

  test('a swapped working Saturday (làm bù) is a valid new date', () => {
    // Due Thu 24/04/2025, asked Tue 22/04; Sat 26/04/2025 is worked.
    const state = dueMonday({ dueDate: '2025-04-24' });
    expect(
      expectOk(apologize(state, vn('2025-04-22 10:00'), { ...input, newDueDate: '2025-04-26' }))
        .dueDate,
    ).toBe('2025-04-26');
  });

  test.each([2, 5, 6] as const)('also possible at status %i', (status) => {
    expect(expectOk(apologize(dueMonday({ status }), vn('2025-04-28 10:00'))).status).toBe(status);
  });

  test.each([1, 9, 10] as const)('not possible at status %i', (status) => {
    expect(apologize(dueMonday({ status }), vn('2025-04-28 10:00')).ok).toBe(false);
  });
});

// -------------------------------------------------------------------------------------------

describe('other transitions', () => {
  const processing = (over: Partial<DossierState> = {}) => received({ status: 4, ...over });

  test('refusal by the desk and by the head of the agency', () => {
    const desk = expectOk(
      transition(
        received(),
        'refuse',
        { reason: '  Hồ sơ giả mạo ' },
        ctx('receptionist', TUESDAY),
      ),
    );
    expect(desk).toMatchObject({
      status: 3,
      event: { publicNote: 'Lý do từ chối: Hồ sơ giả mạo' },
    });
    expect(desk.ok && desk.event.note).toBeUndefined();
    const leader = expectOk(
      transition(
        processing(),
        'refuse',
        { reason: 'Không đủ điều kiện', note: 'Theo biên bản xác minh' },
        ctx('leader', TUESDAY),
      ),
    );
    expect(leader).toMatchObject({ status: 3, event: { note: 'Theo biên bản xác minh' } });
  });

  test('transfer hands the dossier to another agency', () => {
    expect(
      expectOk(transition(processing(), 'transfer', { agency: OTHER }, ctx('leader', TUESDAY))),
    ).toMatchObject({
      status: 4,
      agency: OTHER,
    });
    // With no other agency allowed, transfer is not offered.
    expect(
      availableActions(processing(), ctx('leader', TUESDAY, { agencies: [HOME] })),
    ).not.toContain('transfer');
    expect(
      availableActions(received(), ctx('receptionist', TUESDAY, { agencies: [] })),
    ).not.toContain('assign');
  });

  test('payment loop 4 → 6 → 4', () => {
    const asked = expectOk(
      transition(processing(), 'request-payment', { amount: 50_000 }, ctx('specialist', TUESDAY)),
    );
    expect(asked).toMatchObject({
      status: 6,
      event: { publicNote: 'Cần thực hiện nghĩa vụ tài chính: 50.000 đ.' },
    });
    const paid = expectOk(
      transition(
        received({ status: 6 }),
        'payment-received',
        undefined,
        ctx('receptionist', TUESDAY),
      ),
    );
    expect(paid).toMatchObject({ status: 4, dueDate: '2025-03-10' });
  });

  test('withdrawal and stop', () => {
    expect(
      expectOk(
        transition(
          received({ status: 5 }),
          'withdraw',
          { reason: 'Không còn nhu cầu' },
          ctx('receptionist', TUESDAY),
        ),
      ),
    ).toMatchObject({
      status: 7,
      event: {
        publicNote: 'Hồ sơ đã được rút theo yêu cầu của người nộp. Lý do: Không còn nhu cầu',
      },
    });
    expect(
      expectOk(
        transition(
          received({ status: 6 }),
          'stop',
          { reason: 'Theo đề nghị của người nộp' },
          ctx('leader', TUESDAY),
        ),
      ),
    ).toMatchObject({
      status: 8,
      event: { publicNote: 'Dừng giải quyết hồ sơ. Lý do: Theo đề nghị của người nộp' },
    });
  });
});

// -------------------------------------------------------------------------------------------

describe('input validation', () => {
  const processing = received({ status: 4 });
  test.each([
    [
      'request-supplement',
      'specialist',
      4,
      undefined,
      'Cần liệt kê ít nhất một giấy tờ cần bổ sung, hoàn thiện.',
    ],
    [
      'request-supplement',
      'specialist',
      4,
      {},
      'Cần liệt kê ít nhất một giấy tờ cần bổ sung, hoàn thiện.',
    ],
    [
      'request-supplement',
      'specialist',
      4,
      { missing: [] },
      'Cần liệt kê ít nhất một giấy tờ cần bổ sung, hoàn thiện.',
    ],
    [
      'request-supplement',
      'specialist',
      4,
      { missing: 'Tờ khai' },
      'Danh sách giấy tờ cần bổ sung phải là một danh sách, mỗi giấy tờ một mục.',
    ],
    [
      'request-supplement',
      'specialist',
      4,
      { missing: ['Tờ khai', '  '] },
      'Mục thứ 2 trong danh sách giấy tờ cần bổ sung đang để trống.',
    ],
    [
      'request-supplement',
      'specialist',
      4,
      { missing: [7] },
      'Mục thứ 1 trong danh sách giấy tờ cần bổ sung phải là văn bản.',
    ],
    [
      'request-supplement',
      'specialist',
      4,
      { missing: ['Tờ khai'], note: 3 },
      'Ghi chú nội bộ phải là văn bản.',
    ],
    ['refuse', 'leader', 4, {}, 'Cần ghi rõ lý do từ chối.'],
    [
      'refuse',
      'leader',
      4,
      { reason: '   ' },
      'Cần ghi rõ lý do từ chối; lý do không được để trống.',
    ],
    ['refuse', 'leader', 4, { reason: 42 }, 'Lý do phải là văn bản (lý do từ chối).'],
    [
      'refuse',
      'leader',
      4,
      'Không đủ điều kiện',
      'Dữ liệu kèm theo thao tác "Từ chối hồ sơ" không hợp lệ: cần một đối tượng gồm các trường của thao tác.',
    ],
    [
      'refuse',
      'leader',
      4,
      { reason: 'x'.repeat(2001) },
      'Lý do quá dài (2001 ký tự, tối đa 2000).',
    ],
    [
      'withdraw',
      'receptionist',
      4,
      { reason: '' },
      'Cần ghi rõ lý do rút hồ sơ; lý do không được để trống.',
    ],
    ['stop', 'leader', 4, null, 'Cần ghi rõ lý do dừng giải quyết hồ sơ.'],
    ['stop', 'leader', 4, {}, 'Cần ghi rõ lý do dừng giải quyết hồ sơ.'],
    ['assign', 'receptionist', 2, {}, 'Cần chọn cơ quan giải quyết.'],
    [
      'assign',
      'receptionist',
      2,
      { agency: 'ubnd-xa-ninh-hai' },
      'Cơ quan "ubnd-xa-ninh-hai" không nằm trong danh sách cơ quan có thể nhận hồ sơ này.',
    ],
    [
      'transfer',
      'leader',
      4,
      { agency: HOME },
      `Hồ sơ đang ở cơ quan "${HOME}"; hãy chọn một cơ quan khác để chuyển sang.`,
    ],
    [
      'transfer',
      'leader',
      4,
      { agency: ['x'] },
      'Mã cơ quan phải là văn bản (cơ quan nhận hồ sơ chuyển sang).',
    ],
    ['request-payment', 'specialist', 4, {}, 'Cần ghi số tiền phải nộp (đồng).'],
    [
      'request-payment',
      'specialist',
      4,
      { amount: '50000' },
      'Số tiền phải là một số nguyên dương tính bằng đồng, ví dụ 50000.',
    ],
    [
      'request-payment',
      'specialist',
      4,
      { amount: Number.NaN },
      'Số tiền phải là một số nguyên dương tính bằng đồng, ví dụ 50000.',
    ],
    [
      'request-payment',
      'specialist',
      4,
      { amount: 1500.5 },
      'Số tiền phải là số nguyên đồng, không có phần lẻ.',
    ],
    ['request-payment', 'specialist', 4, { amount: 0 }, 'Số tiền phải lớn hơn 0 đồng.'],
    ['request-payment', 'specialist', 4, { amount: -20_000 }, 'Số tiền phải lớn hơn 0 đồng.'],
    [
      'apologize',
      'leader',
      4,
      { reason: 'Chờ xác minh' },
      'Cần ghi ngày hẹn trả kết quả mới (ngày/tháng/năm, ví dụ 12/05/2025).',
    ],
    [
      'apologize',
      'leader',
      4,
      { newDueDate: '12/3/25', reason: 'Chờ xác minh' },
      'Ngày hẹn trả mới "12/3/25" không hợp lệ; viết dạng ngày/tháng/năm, ví dụ 12/05/2025.',
    ],
    [
      'apologize',
      'leader',
      4,
      { newDueDate: '2025-02-30', reason: 'Chờ xác minh' },
      'Ngày hẹn trả mới "2025-02-30" không có trên lịch.',
    ],
    ['apologize', 'leader', 4, { newDueDate: '2025-03-12' }, 'Cần ghi rõ lý do chậm trả kết quả.'],
    [
      'receive',
      'receptionist',
      1,
      'now',
      'Dữ liệu kèm theo thao tác "Tiếp nhận hồ sơ" không hợp lệ: cần một đối tượng gồm các trường của thao tác.',
    ],
    ['process', 'leader', 4, { note: 5 }, 'Ghi chú nội bộ phải là văn bản.'],
  ] as const)('%s by %s at %i with %j', (action, role, status, input, message) => {
    const state = status === 1 ? submitted() : status === 2 ? received() : processing;
    expect(expectRefused(transition(state, action, input, ctx(role, TUESDAY)))).toBe(message);
  });

  test('notes are trimmed, empty notes dropped, unknown fields ignored', () => {
    const result = expectOk(
      transition(processing, 'process', { note: '   ', extra: 1 }, ctx('leader', TUESDAY)),
    );
    expect(result.event).not.toHaveProperty('note');
    expect(result.input).toEqual({});
  });

  test('the role check comes before the input check', () => {
    expect(
      expectRefused(transition(processing, 'refuse', {}, ctx('specialist', TUESDAY))),
    ).toContain('chỉ lãnh đạo cơ quan giải quyết được từ chối hồ sơ');
  });
});

describe('never throws', () => {
  const brokenCalendar: WorkingCalendar = {
    ...calendar,
    dueDate: () => {
      throw new RangeError('lịch hỏng');
    },
  };
  test.each([
    [
      'an unknown action',
      () => transition(received(), 'delete', {}, ctx('leader', TUESDAY)),
      'Không có thao tác "delete" trên hồ sơ.',
    ],
    [
      'a non-string action',
      () => transition(received(), 42, {}, ctx('leader', TUESDAY)),
      'Không có thao tác "42" trên hồ sơ.',
    ],
    [
      'an unknown role',
      () => transition(received(), 'assign', VALID.assign, ctx('citizen' as Role, TUESDAY)),
      'Vai trò "citizen" không hợp lệ.',
    ],
    [
      'an invalid clock',
      () =>
        transition(received(), 'assign', VALID.assign, ctx('receptionist', new Date(Number.NaN))),
      'Thời điểm thực hiện thao tác không hợp lệ.',
    ],
    [
      'an invalid status',
      () =>
        transition(
          received({ status: 11 as StatusCode }),
          'assign',
          VALID.assign,
          ctx('receptionist', TUESDAY),
        ),
      'Trạng thái hồ sơ "11" không hợp lệ (chỉ có mã từ 1 đến 10).',
    ],
    [
      'a bad processing time',
      () =>
        transition(submitted({ processingDays: -1 }), 'receive', {}, ctx('receptionist', TUESDAY)),
      /^Không thực hiện được thao tác "Tiếp nhận hồ sơ": thời hạn phải là số nguyên/,
    ],
    [
      'a failing calendar',
      () =>
        transition(
          submitted(),
          'receive',
          {},
          ctx('receptionist', TUESDAY, { calendar: brokenCalendar }),
        ),
      'Không thực hiện được thao tác "Tiếp nhận hồ sơ": lịch hỏng',
    ],
    [
      'a broken due date',
      () =>
        transition(
          received({ status: 4, dueDate: 'sớm' }),
          'apologize',
          VALID.apologize,
          ctx('leader', TUESDAY),
        ),
      'Ngày hẹn trả hiện tại của hồ sơ ("sớm") không hợp lệ.',
    ],
  ] as const)('%s', (_name, run, expected) => {
    const result = run();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      if (typeof expected === 'string') expect(result.reason).toBe(expected);
      else expect(result.reason).toMatch(expected);
    }
  });

  test('availableActions on broken input is empty, not an exception', () => {
    expect(availableActions(received(), ctx('leader', new Date(Number.NaN)))).toEqual([]);
    expect(availableActions(received({ status: 0 as StatusCode }), ctx('leader', TUESDAY))).toEqual(
      [],
    );
  });
});

// -------------------------------------------------------------------------------------------

describe('stop at the applicant request: withdrawal and stop as the law names them', () => {
  const setOf = (id: string) =>
    ruleSetFile.parse(
      parse(readFileSync(new URL(`../../content/rules/${id}.yaml`, import.meta.url), 'utf8')),
    );
  const set2018 = setOf('2018');
  const set2025 = setOf('2025');
  const with2025 = (role: Role) => ctx(role, TUESDAY, { roles: stepRoles(set2025) });
  const REASON = { reason: 'Theo đề nghị của người nộp' };

  test('the 2018 set: the head of the agency stops; nothing is asked online', () => {
    expect(stepRoles(set2018)).toEqual({});
    expect(set2018.messages['stop-refused']).toBeUndefined();
    expect(onApplicantRequest(set2018, 'stop')).toBe(false);
    for (const status of [2, 4, 5, 6] as const) {
      expect(rolesFor('stop', status, stepRoles(set2018))).toEqual(['leader']);
    }
  });

  test('the 2025 set: the receiving desk stops on the applicant request, not the leader', () => {
    expect(onApplicantRequest(set2025, 'stop')).toBe(true);
    // The applicant is answered when the desk does not accept the request.
    expect(set2025.messages['stop-refused']?.body).toContain('{detail}');
    expect(set2025.steps?.stop).toMatchObject({ roles: ['receptionist'], confirmed: false });
    for (const status of [2, 4, 5, 6] as const) {
      expect(rolesFor('stop', status, stepRoles(set2025))).toEqual(['receptionist']);
      expect(
        expectOk(transition(received({ status }), 'stop', REASON, with2025('receptionist'))),
      ).toMatchObject({ status: 8, event: { action: 'stop' } });
      expect(availableActions(received({ status }), with2025('leader'))).not.toContain('stop');
    }
    const leader = transition(received({ status: 4 }), 'stop', REASON, with2025('leader'));
    expect(leader).toEqual({
      ok: false,
      reason:
        'Khi hồ sơ ở trạng thái "Đang xử lý", chỉ cán bộ tiếp nhận của Bộ phận Một cửa được dừng giải quyết hồ sơ; bạn đang làm việc với vai trò lãnh đạo cơ quan giải quyết.',
    });
    // Only the stop changes hands: signing the result stays the leader's.
    expect(rolesFor('process', 4, stepRoles(set2025))).toEqual(['leader']);
  });

  test('withdrawal (7) stays distinct from the stop (8) in both sets', () => {
    expect(ACTION_LABELS.withdraw).toBe('Rút hồ sơ theo yêu cầu');
    expect(ACTION_LABELS.stop).toBe('Dừng giải quyết hồ sơ');
    for (const roles of [stepRoles(set2018), stepRoles(set2025)]) {
      const c = ctx('receptionist', TUESDAY, { roles });
      expect(expectOk(transition(received(), 'withdraw', REASON, c)).status).toBe(7);
    }
    expect(expectOk(transition(received(), 'stop', REASON, with2025('receptionist'))).status).toBe(
      8,
    );
  });

  test.each(ALL_STATUSES.map((s) => [s, [2, 4, 5, 6].includes(s)] as const))(
    'status %i can be stopped: %s (received, no decision yet)',
    (status, stoppable) => {
      expect(canStop(status)).toBe(stoppable);
      const result = transition(received({ status }), 'stop', REASON, with2025('receptionist'));
      expect(result.ok).toBe(stoppable);
    },
  );

  test('a decision (9) or its return (10) cannot be stopped, by anyone', () => {
    for (const status of [9, 10] as const) {
      for (const role of ROLES) {
        const result = transition(received({ status }), 'stop', REASON, with2025(role));
        expect(result.ok).toBe(false);
      }
    }
    const decided = transition(received({ status: 9 }), 'stop', REASON, with2025('receptionist'));
    expect(decided.ok ? '' : decided.reason).toMatch(
      /^Không thể dừng giải quyết hồ sơ khi hồ sơ đang ở trạng thái "Đã xử lý xong"/,
    );
  });
});
