import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { describe, expect, test } from 'vitest';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { CHANNEL } from '../../src/domain/dossier/status.ts';
import { intake, submissionSchemaOf, submitFromOpen311 } from '../../functions/services/intake.ts';
import { refusalOf, type SubmissionServices } from '../../functions/services/submissions.ts';
import { ONLINE, PDF_BYTES, validSubmission } from './submission-helpers.ts';

/**
 * The intake service called directly, with its dependencies passed in: what every
 * channel (form, JSON API, Open311, counter) hands it and what it answers.
 */

const index = indexCatalogue(catalogue);
const services = (): SubmissionServices => ({
  db: env.DB,
  files: env.FILES,
  index,
  now: () => new Date('2026-11-03T03:00:00Z'),
});
const count = async () =>
  (await env.DB.prepare('SELECT count(*) AS n FROM dossiers').first<{ n: number }>())?.n ?? 0;
const options = { channel: CHANNEL.ONLINE, actor: 'test' } as const;

describe('refusalOf: the one mapping of what submitDossier refuses', () => {
  test.each([
    [{ kind: 'idempotency-mismatch' } as const, 422, 'idempotency_key_reused', 'idempotencyKey'],
    [
      { kind: 'infected', documentIndex: 2, documentName: 'Tờ khai' } as const,
      422,
      'infected_attachment',
      'attachments.2',
    ],
    [{ kind: 'storage-unavailable' } as const, 503, 'storage_unavailable', undefined],
  ])('%o → %i %s', (outcome, status, code, path) => {
    const refused = refusalOf(outcome);
    expect(refused).toMatchObject({ status, code });
    expect(refused.message).toMatch(/\p{L}/u);
    expect(refused.problems[0]?.path).toBe(path);
  });
});

describe('the schema a submission is checked with', () => {
  test('is kept for the day, and the next day judges dates by that day', () => {
    // 10:00 and 23:30 on 3-11-2026 in Việt Nam, then 00:30 on 4-11.
    const morning = submissionSchemaOf(index, ONLINE, new Date('2026-11-03T03:00:00Z'));
    const night = submissionSchemaOf(index, ONLINE, new Date('2026-11-03T16:30:00Z'));
    const nextDay = submissionSchemaOf(index, ONLINE, new Date('2026-11-03T17:30:00Z'));
    expect(night).toBe(morning);
    expect(nextDay).not.toBe(morning);
    const bornOn4November = validSubmission();
    bornOn4November.applicant.birthDate = '2026-11-04';
    const birthDateProblem = (result: ReturnType<typeof morning.safeParse>) =>
      result.error?.issues.some((i) => i.path.join('.') === 'applicant.birthDate') ?? false;
    expect(birthDateProblem(morning.safeParse(bornOn4November))).toBe(true);
    expect(birthDateProblem(nextDay.safeParse(bornOn4November))).toBe(false);
    expect(morning.safeParse(validSubmission()).success).toBe(true);
  });
});

describe('intake', () => {
  test('every problem at once, schema and attachments, in dotted paths; nothing stored', async () => {
    const before = await count();
    const submission = validSubmission();
    submission.applicant.phone = '123';
    const result = await intake(
      services(),
      ONLINE,
      submission,
      [{ documentIndex: 0, name: 'a.exe', bytes: new Uint8Array([77, 90, 0, 1]) }],
      options,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal).toMatchObject({ status: 422, code: 'invalid_submission' });
    expect(result.refusal.problems.map((p) => p.path)).toEqual([
      'applicant.phone',
      'attachments.0',
    ]);
    expect(await count()).toBe(before);
  });

  test('a valid submission is accepted with the components that came with a file', async () => {
    const result = await intake(
      services(),
      ONLINE,
      validSubmission(),
      [{ documentIndex: 0, name: 'to-khai.pdf', bytes: PDF_BYTES }],
      options,
    );
    expect(result.ok && result.accepted.code).toMatch(/-\d{4}$/);
    expect(result.ok && [...result.uploaded]).toEqual([0]);
  });

  test('Open311 arguments: a wrong attribute is refused with its name, before anything else', async () => {
    const args = new URLSearchParams({
      service_code: ONLINE.code,
      address_string: 'Thôn Ba Tháp',
      'attribute[khong-co]': 'x',
    });
    const result = await submitFromOpen311(services(), args, {
      actor: 'open311:test',
      idempotencyKey: undefined,
    });
    expect(!result.ok && result.refusal.status).toBe(400);
    expect(!result.ok && result.refusal.problems[0]?.message).toContain('attribute[khong-co]');
  });
});
