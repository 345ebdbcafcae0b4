import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, test } from 'vitest';
import type { StatsReport } from '../../functions/services/stats.ts';
import { app } from './test-worker.ts';
import { actDone, type Session, signIn } from './office-helpers.ts';
import { validSubmission } from './submission-helpers.ts';

/**
 * A dossier sent back for papers twice, then resolved on time: the counters keep it apart
 * (`resupplied`), the key figures still compare dates, and the indicator framework counts it
 * as late because content/indicators.yaml says so (flagged there).
 */
let desk: Session;
let leader: Session;

beforeAll(async () => {
  desk = await signIn('tn.bosung', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  leader = await signIn('ld.bosung', 'leader', ['ubnd-xa-thuan-bac']);
});

async function resolved(supplements: number): Promise<void> {
  const res = await app.request(
    '/api/submissions',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...validSubmission(), agency: 'ubnd-xa-thuan-bac' }),
    },
    env,
  );
  expect(res.status).toBe(201);
  const { code } = (await res.json()) as { code: string };
  await actDone(desk, code, 'receive');
  for (let i = 0; i < supplements; i++) {
    await actDone(desk, code, 'request-supplement', { missing: `Giấy tờ lần ${i + 1}` });
    await actDone(desk, code, 'supplement-received');
  }
  await actDone(desk, code, 'assign', { agency: 'ubnd-xa-thuan-bac' });
  await actDone(leader, code, 'process');
}

describe('dossiers sent back for papers more than once', () => {
  test('counted apart, and late in the framework only', async () => {
    await resolved(2);
    await resolved(1);
    const year = new Date().getUTCFullYear();
    const res = await app.request(`/api/stats?ky=nam&nam=${year}`, {}, env);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: StatsReport };
    expect(data.totals.finished).toBe(2);
    expect(data.totals.early + data.totals.onTime).toBe(2);
    expect(data.totals.resupplied).toBe(1);
    const time = data.framework?.groups.find((g) => g.key === 'tien-do');
    expect(time?.figures[0]).toMatchObject({ part: 1, whole: 2, value: 0.5 });
    expect(time?.figures[1]).toMatchObject({ part: 1, whole: 2 });
    expect(time?.points?.value).toBe(10);
  });
});
