import { describe, expect, test } from 'vitest';
import { ContentError, type ContentIssue } from '../../src/catalogue/issues.ts';
import { loadCatalogue, readContentSource } from '../../src/catalogue/read.ts';
import { buildCatalogue, type ContentSource } from '../../src/catalogue/validate.ts';
import { ACTIONS } from '../../src/domain/dossier/lifecycle.ts';
import { composeMessage, messageDetail, messageFor } from '../../src/domain/dossier/messages.ts';
import {
  appointmentHour,
  codeFormatOn,
  formByNumber,
  MESSAGE_KINDS,
  pendingOf,
  privacyNoticeFor,
  type RuleSet,
  ruleSetForDay,
  ruleSetOf,
  ruleSetOn,
} from '../../src/domain/rules/select.ts';

/**
 * Rules by reception date (issue 15, ADR 0015): which set a dossier follows, what each set
 * holds, and the editor's mistakes that stop the build.
 */

const catalogue = await loadCatalogue('content');
const sets = catalogue.ruleSets;
const byId = (id: string) => sets.find((s) => s.id === id) as RuleSet;

describe('the set in force on a reception day', () => {
  test.each([
    ['2018-05-21', '2018'],
    ['2025-06-30', '2018'],
    ['2025-07-01', '2025'],
    ['2026-12-05', '2025'],
  ])('received %s → the %s set', (day, id) => {
    expect(ruleSetOn(sets, day)?.id).toBe(id);
    expect(ruleSetForDay(sets, day).id).toBe(id);
  });

  test('before the first set: none in force, the earliest applies', () => {
    expect(ruleSetOn(sets, '2017-01-01')).toBeUndefined();
    expect(ruleSetForDay(sets, '2017-01-01').id).toBe('2018');
  });

  test('a dossier keeps its stored set; without a known one, its reception day decides', () => {
    const after = '2025-09-01T09:00:00+07:00';
    expect(ruleSetOf(sets, { ruleSet: '2018', receivedAt: after }).id).toBe('2018');
    expect(ruleSetOf(sets, { ruleSet: null, receivedAt: after }).id).toBe('2025');
    expect(ruleSetOf(sets, { ruleSet: 'da-xoa', receivedAt: after }).id).toBe('2025');
    // The day is Vietnam's: 30/06 at 23:30 in Vietnam is still the 2018 set.
    expect(ruleSetOf(sets, { receivedAt: '2025-06-30T16:30:00Z' }).id).toBe('2018');
  });
});

describe('what the sets hold', () => {
  test('2018: five forms and the book as 06; 2025: seven, 05 the stop notice, 07 the book', () => {
    const numbered = (set: RuleSet) => set.forms.map((f) => `${f.number} ${f.kind}`);
    expect(numbered(byId('2018'))).toEqual([
      '01 receipt',
      '02 supplement',
      '03 refusal',
      '04 apology',
      '05 control',
      '06 book',
    ]);
    expect(numbered(byId('2025'))).toEqual([
      '01 receipt',
      '02 supplement',
      '03 refusal',
      '04 apology',
      '05 stop',
      '06 control',
      '07 book',
    ]);
    expect(formByNumber(byId('2025'), '05')?.title).toBe('Thông báo dừng giải quyết hồ sơ');
  });

  test('the titles of forms 04 and 05 of 2025 are flagged, with a note; the others are not', () => {
    const flagged = byId('2025').forms.filter((f) => !f.confirmed);
    expect(flagged.map((f) => f.number)).toEqual(['04', '05']);
    for (const f of flagged) expect(f.pending).toMatch(/nguồn thứ cấp/);
  });

  test('every lifecycle step has a basis in each set; the 2025 supplement window is flagged', () => {
    for (const set of sets) expect(Object.keys(set.basis).sort()).toEqual([...ACTIONS].sort());
    expect(byId('2018').supplementWindow).toMatchObject({ workingDays: 3, confirmed: true });
    expect(byId('2025').supplementWindow).toMatchObject({ workingDays: 3, confirmed: false });
    expect(pendingOf(byId('2025')).map((p) => p.field)).toEqual(
      expect.arrayContaining([
        'effectiveFrom',
        'supplementWindow',
        'evaluation',
        'forms.04',
        'forms.05',
      ]),
    );
  });

  test('the dossier-code format changes on 25/01/2026 (TT 04/2025 entry, flagged)', () => {
    expect(codeFormatOn(byId('2025'), '2026-01-24')).toMatchObject({
      template: '{identifier}-{yymmdd}-{seq:4}',
      identifier: 'desk',
    });
    expect(codeFormatOn(byId('2025'), '2026-01-25')).toMatchObject({
      template: '{identifier}-{yymmdd}-{seq:4+}',
      identifier: 'agency',
      confirmed: false,
    });
  });

  test('the personal-data notice cites only a confirmed text: NĐ 13/2023 until 2025, none after', () => {
    expect(privacyNoticeFor(sets, '2025-12-31')?.basis).toBe('Nghị định 13/2023/NĐ-CP');
    const now = privacyNoticeFor(sets, '2026-01-01');
    expect(now?.text).toMatch(/bảo vệ dữ liệu cá nhân/);
    expect(now?.basis).toBeUndefined();
  });

  test('appointments carry the hour the count started in 2025, none in 2018 or same-day', () => {
    expect(appointmentHour(byId('2025'), '2025-07-01T10:15:00+07:00', 3)).toBe('10 giờ 15');
    expect(appointmentHour(byId('2025'), '2025-07-01T10:15:00+07:00', 0)).toBeUndefined();
    expect(appointmentHour(byId('2018'), '2025-06-30T10:15:00+07:00', 3)).toBeUndefined();
  });
});

describe('messages to the citizen, from the dossier set', () => {
  const ctx = {
    code: '000.21.27.H43-250701-0007',
    procedureTitle: 'Đăng ký khai sinh',
    deskName: 'Bộ phận Một cửa xã Bắc Phong',
    dueDate: '2025-07-04',
    hotline: '0259 3000 000',
  };

  test.each(sets.flatMap((set) => MESSAGE_KINDS.map((kind) => [set.id, kind] as const)))(
    '%s %s: filled in, no placeholder left, no citation',
    (id, kind) => {
      const { subject, body } = composeMessage(byId(id), kind, ctx, 'Thiếu tờ khai');
      expect(subject).toContain(ctx.code);
      expect(`${subject} ${body}`).not.toMatch(/[{}]/);
      expect(`${subject} ${body}`).not.toMatch(/Nghị định|Thông tư|\d+\/20\d\d\//);
      expect(body.length).toBeLessThan(320);
    },
  );

  test('every step the law requires a notice for sends one', () => {
    expect(ACTIONS.filter((a) => messageFor(a)).sort()).toEqual(
      [
        'apologize',
        'process',
        'receive',
        'refuse',
        'request-supplement',
        'return-result',
        'stop',
        'withdraw',
      ].sort(),
    );
  });

  test('the apology names the reason and the new date, once each', () => {
    const detail = messageDetail('apologize', {
      reason: 'Chờ xác minh. ',
      newDueDate: '2025-07-10',
    });
    const { body } = composeMessage(
      byId('2025'),
      'apology',
      { ...ctx, dueDate: '2025-07-10' },
      detail,
    );
    expect(body).toContain('Lý do: Chờ xác minh. ');
    expect(body).toContain('10/07/2025');
    expect(body).not.toContain('..');
  });
});

// ---------------------------------------------------------------------------------------
// Editors' mistakes stop the build, naming file, field and fix.

/** The minimal second locality, read once (files copied for each test that edits them). */
const LOCALITY_B = await readContentSource('tests/fixtures/locality-b');

function fixture(): ContentSource {
  return { files: LOCALITY_B.files.map((f) => ({ ...f })), assets: [...LOCALITY_B.assets] };
}

function issuesWith(
  edit: (files: ContentSource['files']) => ContentSource['files'],
): ContentIssue[] {
  const source = fixture();
  try {
    buildCatalogue({ ...source, files: edit(source.files) });
  } catch (error) {
    if (error instanceof ContentError) return error.issues;
    throw error;
  }
  return [];
}

const editRule =
  (rel: string, change: (text: string) => string) => (files: ContentSource['files']) =>
    files.map((f) => (f.rel === rel ? { ...f, text: change(f.text) } : f));

describe('rule-set files are checked like the rest of the content', () => {
  test('the fixture builds, with both sets sorted by date', () => {
    expect(buildCatalogue(fixture()).ruleSets.map((s) => s.id)).toEqual(['2018', '2025']);
  });

  test('overlapping sets: the earlier file, its effectiveTo, and the date to write', () => {
    const issues = issuesWith(
      editRule('rules/2018.yaml', (t) => t.replace('date: 2025-06-30', 'date: 2025-07-15')),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'content/rules/2018.yaml', path: ['effectiveTo'] });
    expect(issues[0]?.message).toMatch(/overlapping rule sets/);
    expect(issues[0]?.fix).toContain('30/06/2025');
  });

  test('a gap between sets is reported too', () => {
    const issues = issuesWith(
      editRule('rules/2018.yaml', (t) => t.replace('date: 2025-06-30', 'date: 2025-06-01')),
    );
    expect(issues.map((i) => i.message)).toEqual([expect.stringMatching(/gap between rule sets/)]);
  });

  test('an unconfirmed value without a note, an unknown placeholder, a file named apart', () => {
    const issues = issuesWith((files) =>
      editRule('rules/2025.yaml', (t) =>
        t
          .replace(
            'supplementWindow:\n  workingDays: 3\n  basis: Nghị định 118/2025/NĐ-CP\n  confirmed: false\n  pending:',
            'supplementWindow:\n  workingDays: 3\n  basis: Nghị định 118/2025/NĐ-CP\n  confirmed: false\n  ghichu:',
          )
          .replace('Đã tiếp nhận hồ sơ {code}', 'Đã tiếp nhận hồ sơ {ma}'),
      )(files).map((f) =>
        f.rel === 'rules/2018.yaml'
          ? { ...f, rel: 'rules/cu.yaml', display: 'content/rules/cu.yaml' }
          : f,
      ),
    );
    const where = issues.map((i) => `${i.file} ${i.path.join('.')}`);
    expect(where).toEqual(
      expect.arrayContaining([
        'content/rules/2025.yaml supplementWindow.ghichu',
        'content/rules/2025.yaml messages.received.subject',
        'content/rules/cu.yaml id',
      ]),
    );
    expect(issues.find((i) => i.path.join('.') === 'messages.received.subject')?.message).toMatch(
      /\{ma\}/,
    );
    expect(issues.find((i) => i.file === 'content/rules/cu.yaml')?.fix).toContain('2018.yaml');
  });

  test('confirmed: false without pending names the missing note', () => {
    const issues = issuesWith(
      editRule('rules/2025.yaml', (t) =>
        t.replace(/ {2}pending: Chưa xác nhận Nghị định 118\/2025 còn giữ thời hạn[^\n]*\n/, ''),
      ),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      file: 'content/rules/2025.yaml',
      path: ['supplementWindow', 'pending'],
    });
    expect(issues[0]?.message).toMatch(/pending note missing/);
  });

  test('no rule set at all stops the build', () => {
    const issues = issuesWith((files) => files.filter((f) => !f.rel.startsWith('rules/')));
    expect(issues).toEqual([
      expect.objectContaining({
        file: 'content/rules/',
        message: expect.stringMatching(/no rule set/),
      }),
    ]);
  });
});
