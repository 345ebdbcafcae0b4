import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { describe, expect, test } from 'vitest';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { signIn } from './office-helpers.ts';
import { ONLINE, onlineFormValues, receiptCode, validSubmission } from './submission-helpers.ts';
import { createCheckedApp } from './test-worker.ts';

/**
 * Appointments in hours (issue 15 part 4): a procedure counted in working hours gets an
 * appointment with an hour, printed on the receipt and shown by the lookup. No demo procedure
 * publishes a number of hours, so this fixture is the online demo procedure with a limit of
 * 4 working hours. Its agency keeps the default week: 7:00–11:30 and 13:30–17:00.
 */
const HOURS: Procedure = {
  ...ONLINE,
  time: { days: 0, hours: 4 },
  channels: ONLINE.channels.map(({ time: _time, ...c }) => c),
};
const withHours = {
  ...catalogue,
  procedures: catalogue.procedures.map((p) => (p.code === HOURS.code ? HOURS : p)),
};
/** Tuesday 03/11/2026 at `hhmm` (or another day's `YYYY-MM-DDTHH:MM`), Vietnam time. */
const appAt = (hhmm: string) =>
  createCheckedApp({
    catalogue: withHours,
    css: '',
    now: () => new Date(`${hhmm.includes('T') ? hhmm : `2026-11-03T${hhmm}`}:00+07:00`),
  });

async function submitForm(hhmm: string) {
  const app = appAt(hhmm);
  const data = new FormData();
  for (const [k, v] of Object.entries(onlineFormValues(HOURS))) data.set(k, v);
  const res = await app.request(`/nop-ho-so/${HOURS.slug}/`, { method: 'POST', body: data }, env);
  expect(res.status, (await res.clone().text()).slice(0, 2000)).toBe(201);
  const html = await res.text();
  const code = receiptCode(html) ?? '';
  const secret = /class="code">([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})</.exec(html)?.[1] ?? '';
  const returnAt = /<dt>Thời gian trả kết quả<\/dt><dd>([\s\S]*?)<\/dd>/.exec(html)?.[1] ?? '';
  const limit = /<dt>Thời gian giải quyết theo quy định<\/dt><dd>([\s\S]*?)<\/dd>/.exec(html)?.[1];
  const lookup = await (
    await app.request(`/tra-cuu?ma=${encodeURIComponent(code)}&bm=${secret}`, {}, env)
  ).text();
  return { app, code, secret, returnAt, limit, lookup };
}

describe('a procedure counted in working hours', () => {
  test('received at 10:00 with 4 hours: due at 16:00 the same day, on the receipt and the lookup', async () => {
    const { returnAt, limit, lookup } = await submitForm('10:00');
    expect(limit).toBe('4 giờ làm việc');
    expect(returnAt).toContain('16 giờ 00, Thứ Ba, 03/11/2026');
    expect(lookup).toContain('Thời gian hẹn trả kết quả');
    expect(lookup).toContain('16 giờ 00, Thứ Ba, 03/11/2026');
  });

  test('received at 16:00, after 15:00: counted from the next working morning, due at 11:00', async () => {
    const { returnAt, lookup } = await submitForm('16:00');
    expect(returnAt).toContain('11 giờ 00, Thứ Tư, 04/11/2026');
    expect(lookup).toContain('11 giờ 00, Thứ Tư, 04/11/2026');
  });

  test('the JSON API answers the hour with the date; a procedure in days has none', async () => {
    const app = appAt('10:00');
    const post = (procedure: Procedure) =>
      app.request(
        '/api/submissions',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(validSubmission(procedure)),
        },
        env,
      );
    const hours = (await (await post(HOURS)).json()) as { dueDate: string; dueHour?: string };
    expect(hours).toMatchObject({ dueDate: '2026-11-03', dueHour: '16:00' });
    const days = await createCheckedApp({
      catalogue,
      css: '',
      now: () => new Date('2026-11-03T10:00:00+07:00'),
    }).request(
      '/api/submissions',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(validSubmission(ONLINE)),
      },
      env,
    );
    expect(((await days.json()) as { dueHour?: string }).dueHour).toBeUndefined();
  });

  test('received by the desk the next day at 14:00: counted anew, the hour on form 01', async () => {
    const submitted = await appAt('16:00').request(
      '/api/submissions',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...validSubmission(HOURS), agency: 'ubnd-xa-thuan-bac' }),
      },
      env,
    );
    const { code } = (await submitted.json()) as { code: string };
    const desk = await signIn('tn.gio', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
    const app = appAt('2026-11-04T14:00');
    const received = await app.request(
      `/can-bo/ho-so/${encodeURIComponent(code)}/thao-tac`,
      {
        method: 'POST',
        headers: { cookie: desk.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: desk.csrf, action: 'receive', expected: '1' }),
        redirect: 'manual',
      },
      env,
    );
    expect(received.status, await received.clone().text()).toBe(303);
    // 14:00–17:00 on Wednesday, then 7:00–8:00 on Thursday.
    const row = await env.DB.prepare('SELECT due_date, due_hour FROM dossiers WHERE code = ?1')
      .bind(code)
      .first<{ due_date: string; due_hour: string }>();
    expect(row).toEqual({ due_date: '2026-11-05', due_hour: '08:00' });
    const form = await (
      await app.request(
        `/can-bo/ho-so/${encodeURIComponent(code)}/mau/01`,
        { headers: { cookie: desk.cookie } },
        env,
      )
    ).text();
    expect(/<dt>Thời gian giải quyết<\/dt><dd>([\s\S]*?)<\/dd>/.exec(form)?.[1]).toBe(
      '4 giờ làm việc',
    );
    expect(/<dt>Thời gian trả kết quả<\/dt><dd>([\s\S]*?)<\/dd>/.exec(form)?.[1]).toContain(
      '08 giờ 00, Thứ Năm, 05/11/2026',
    );
  });
});
