import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, test } from 'vitest';
import { signNotice } from '../../src/domain/payment/notice.ts';
import { STATUS } from '../../src/domain/dossier/status.ts';
import {
  actDone,
  as,
  onlineDossier,
  receiveAtCounter,
  type Session,
  signIn,
} from './office-helpers.ts';
import { app } from './test-worker.ts';

/**
 * Fees (docs/adr/0018-fees-and-payment.md): the fee the agency asks for shows on the lookup
 * page with the ways to pay; a provider's signed notification marks it paid with the
 * provider's biên lai; replayed, forged, altered and stale notifications change nothing;
 * what does not match waits on the reconciliation page of the agency's officers.
 */

let desk: Session;
let specialist: Session;
let otherDesk: Session;

beforeAll(async () => {
  desk = await signIn('tn.phi', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  specialist = await signIn('cv.phi', 'specialist', ['ubnd-xa-thuan-bac']);
  otherDesk = await signIn('tn.phi.ninhhai', 'receptionist', ['ttpvhcc-xa-ninh-hai']);
});

/** An online dossier of the demo's fee-charging procedure, waiting for `amount` đồng. */
async function waitingForFee(amount: number) {
  const { code, secret } = await onlineDossier();
  await actDone(desk, code, 'receive');
  await actDone(desk, code, 'assign', { agency: 'ubnd-xa-thuan-bac' });
  const officerPage = await (
    await as(specialist, `/can-bo/ho-so/${encodeURIComponent(code)}`)
  ).text();
  await actDone(specialist, code, 'request-payment', { amount: String(amount) });
  return { code, secret, officerPage };
}

const lookup = async (code: string, secret: string) =>
  (await app.request(`/tra-cuu?ma=${encodeURIComponent(code)}&bm=${secret}`, {}, env)).text();

const statusOf = (code: string) =>
  env.DB.prepare('SELECT status FROM dossiers WHERE code = ?1').bind(code).first<number>('status');

const count = (sql: string, ...binds: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...binds)
    .first<number>('n');

/** Posts a notification as the provider would, signed with `secret` at `at` (default: now). */
async function notify(
  provider: string,
  body: object | string,
  opts: { secret?: string; at?: number; tamper?: (raw: string) => string } = {},
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const secret =
    opts.secret ??
    (provider === 'dvcqg' ? env.PAYMENT_SECRET_DVCQG : env.PAYMENT_SECRET_CHUYEN_KHOAN);
  const timestamp = String(Math.floor((opts.at ?? Date.now()) / 1000));
  const signature = await signNotice(secret, timestamp, raw);
  return app.request(
    `/api/thanh-toan/callback/${provider}`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-timestamp': timestamp,
        'x-signature': signature,
      },
      body: opts.tamper ? opts.tamper(raw) : raw,
    },
    env,
  );
}

const platformNotice = (code: string, amount: number, transaction: string) => ({
  MaGiaoDich: transaction,
  MaThamChieu: code,
  SoTien: amount,
  ThoiGianThanhToan: '2026-12-05T10:15:00+07:00',
  TrangThai: '00',
  BienLai: { SoBienLai: 'BL-2026-000123', DuongDan: 'https://bienlai.example.vn/BL-2026-000123' },
});

describe('the fee on the lookup page', () => {
  test('amount, status and a labelled transfer QR with the dossier code as the purpose', async () => {
    const { code, secret, officerPage } = await waitingForFee(16000);
    // The officer asking for it sees the procedure's rate next to the amount.
    expect(officerPage).toContain('Mức thu theo thủ tục: 8.000 đ/bản sao trích lục');
    const page = await lookup(code, secret);
    const panel = page.slice(page.indexOf('<section aria-labelledby="phi-le-phi"'));
    expect(panel).toContain('16.000 đ');
    expect(panel).toContain('Chưa thanh toán');
    expect(panel).toMatch(
      /<div class="qr-block"><svg[^>]*>[\s\S]*<\/svg>\s*<p class="small">Mã QR chuyển khoản \(VietQR\)/,
    );
    expect(panel).toContain(`nội dung <strong>${code}</strong>`);
    // The demo account is fake, and the page says so; a transfer alone confirms nothing.
    expect(panel).toContain('không chuyển tiền vào tài khoản này');
    expect(panel).toContain(
      'chỉ được tính là đã nộp khi cơ quan thu hoặc nền tảng thanh toán xác nhận',
    );
    expect(page).toMatch(/Việc cần làm<\/h3><p>Nộp 16\.000 đ theo một trong các cách/);
    const row = await env.DB.prepare(
      `SELECT r.reference, r.amount, r.state FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = ?1`,
    )
      .bind(code)
      .first();
    expect(row).toEqual({ reference: code, amount: 16000, state: 'pending' });
    // The JSON lookup says the same, with the QR's payload for an app to draw.
    const api = await app.request(
      `/api/submissions/${encodeURIComponent(code)}`,
      { headers: { 'x-lookup-secret': secret } },
      env,
    );
    const { payment } = (await api.json()) as {
      payment: { amount: number; state: string; reference: string; transfer: { vietQr: string } };
    };
    expect(payment).toMatchObject({ amount: 16000, state: 'pending', reference: code });
    expect(payment.transfer.vietQr).toMatch(/^000201010212.*5405160005802VN.*6304[0-9A-F]{4}$/);
  });

  test('a procedure that charges nothing gets no payment request', async () => {
    const counter = await receiveAtCounter(desk, 'cap-ban-sao-tu-so-goc', {});
    expect(counter.status).toBe(201);
    expect(counter.html).toContain('<dt>Phí, lệ phí</dt><dd>Không thu phí, lệ phí.</dd>');
    await actDone(desk, counter.code, 'assign', { agency: 'ubnd-xa-thuan-bac' });
    const officerPage = await (
      await as(specialist, `/can-bo/ho-so/${encodeURIComponent(counter.code)}`)
    ).text();
    expect(officerPage).toContain('Thủ tục không thu phí, lệ phí với hình thức nộp này');
    await actDone(specialist, counter.code, 'request-payment', { amount: '5000' });
    expect(
      await count(
        'SELECT COUNT(*) AS n FROM payment_requests r JOIN dossiers d ON d.id = r.dossier_id WHERE d.code = ?1',
        counter.code,
      ),
    ).toBe(0);
  });

  test('the receipt says what the procedure charges and where the amount due will be told', async () => {
    const counter = await receiveAtCounter(desk, 'cap-ban-sao-trich-luc-ho-tich', {});
    expect(counter.status).toBe(201);
    expect(counter.html).toMatch(
      /<dt>Phí, lệ phí<\/dt><dd>8\.000 đ\/bản sao trích lục\. Khi cơ quan giải quyết yêu cầu nộp, số tiền và cách nộp [^<]+ hiện trên trang tra cứu hồ sơ\.<\/dd>/,
    );
  });

  test('cash at the counter stays the desk’s action and settles the request', async () => {
    const { code, secret } = await waitingForFee(8000);
    await actDone(desk, code, 'payment-received');
    const panel = await lookup(code, secret);
    expect(panel).toContain('Đã thanh toán');
    expect(panel).not.toContain('Mã QR chuyển khoản');
  });
});

describe('payment notifications', () => {
  test('a signed notification marks the dossier paid with the platform’s biên lai; a replay changes nothing', async () => {
    const { code, secret } = await waitingForFee(16000);
    const body = platformNotice(code, 16000, 'GD-0001');
    const first = await notify('dvcqg', body);
    expect(first.status).toBe(200);
    const answer = await first.json();
    expect(answer).toEqual({ status: 'recorded', transactionId: 'GD-0001', outcome: 'matched' });
    expect(await statusOf(code)).toBe(STATUS.PROCESSING);

    const page = await lookup(code, secret);
    expect(page).toMatch(
      /<strong>Đã thanh toán<\/strong> ngày 05\/12\/2026; biên lai số BL-2026-000123/,
    );
    expect(page).toContain('href="https://bienlai.example.vn/BL-2026-000123"');
    expect(page).not.toContain('Mã QR chuyển khoản');

    // The same notification again, even signed anew: same answer, no second payment or step.
    const replay = await notify('dvcqg', body);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual(answer);
    expect(
      await count('SELECT COUNT(*) AS n FROM payments WHERE transaction_id = ?1', 'GD-0001'),
    ).toBe(1);
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM status_events e JOIN dossiers d ON d.id = e.dossier_id
         WHERE d.code = ?1 AND e.action = 'payment-received' AND e.actor = 'system'`,
        code,
      ),
    ).toBe(1);
  });

  test('forged, altered, stale and unsigned notifications are refused with 401 and nothing changes', async () => {
    const { code } = await waitingForFee(16000);
    const body = platformNotice(code, 16000, 'GD-FORGED');
    const refused = [
      await notify('dvcqg', body, { secret: 'someone-else-s-key-someone-else-s-key' }),
      await notify('dvcqg', body, { tamper: (raw) => raw.replace('16000', '1600') }),
      await notify('dvcqg', body, { at: Date.now() - 10 * 60 * 1000 }),
      await notify('chuyen-khoan', { transactionId: 'x' }, { secret: env.PAYMENT_SECRET_DVCQG }),
      await app.request(
        '/api/thanh-toan/callback/dvcqg',
        {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        },
        env,
      ),
    ];
    for (const res of refused) {
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_signature');
    }
    expect(await count('SELECT COUNT(*) AS n FROM payments WHERE reference = ?1', code)).toBe(0);
    expect(await statusOf(code)).toBe(STATUS.FINANCIAL_OBLIGATION);
    expect((await notify('khac', body)).status).toBe(404);
    // Signed but not a payment ("TrangThai" other than 00): refused, nothing kept.
    const failed = await notify('dvcqg', { ...body, TrangThai: '05' });
    expect(failed.status).toBe(400);
    expect(await statusOf(code)).toBe(STATUS.FINANCIAL_OBLIGATION);
  });

  test('a wrong amount and an unknown reference wait for reconciliation by the agency’s officers', async () => {
    const { code } = await waitingForFee(16000);
    const wrong = await notify('chuyen-khoan', {
      transactionId: 'NH-778899',
      description: `LE PHI ${code} NGUYEN VAN A`,
      amount: 15000,
      creditedAt: '2026-12-04T08:05:00+07:00',
      accountNumber: '0000000000000',
    });
    expect(await wrong.json()).toMatchObject({ outcome: 'wrong-amount' });
    const unknown = await notify('chuyen-khoan', {
      transactionId: 'NH-778900',
      description: 'chuyen tien le phi',
      amount: 8000,
      creditedAt: '2026-12-04T09:30:00+07:00',
      accountNumber: '0000000000000',
    });
    expect(await unknown.json()).toMatchObject({ outcome: 'unknown-reference' });
    expect(await statusOf(code)).toBe(STATUS.FINANCIAL_OBLIGATION);

    const page = await (await as(specialist, '/can-bo/thanh-toan')).text();
    expect(page).toContain('Đối soát thanh toán');
    expect(page).toMatch(
      /04\/12\/2026 08:05[\s\S]*NH-778899[\s\S]*15\.000 đ[\s\S]*Số tiền khác số tiền phải nộp/,
    );
    expect(page).toMatch(
      /04\/12\/2026 09:30[\s\S]*NH-778900[\s\S]*8\.000 đ[\s\S]*Không tìm thấy hồ sơ/,
    );
    expect(page).toContain(`href="/can-bo/ho-so/${encodeURIComponent(code)}"`);
    // Another commune's desk sees none of it; a visitor is sent to sign in.
    const other = await (await as(otherDesk, '/can-bo/thanh-toan')).text();
    expect(other).not.toContain('NH-7788');
    expect((await as(undefined, '/can-bo/thanh-toan')).status).toBe(303);
    // The desk's own reception page for this commune shows it too.
    expect(await (await as(desk, '/can-bo/thanh-toan')).text()).toContain('NH-778899');
  });
});
