import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, test } from 'vitest';
import { catalogue } from 'virtual:mot-cua/catalogue';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { actDone, as, receiveAtCounter, type Session, signIn } from './office-helpers.ts';
import { onlineFormValues, PDF_BYTES, receiptCode, validFields } from './submission-helpers.ts';
import { app } from './test-worker.ts';
import { purgeDossiers } from '../../functions/db/retention.ts';

/**
 * The checked scenario of issue 18 (ADR 0021): a birth chain (khai sinh → thường trú + thẻ
 * BHYT) submitted once, taken through three agencies' officers, one member asking for a
 * supplement; the citizen's lookup and messages along the way; statistics before and after.
 */

const CHAIN = 'lien-thong-khai-sinh-thuong-tru-bhyt';
const byCode = (code: string) => catalogue.procedures.find((p) => p.code === code) as Procedure;
const BIRTH = byCode('1.001193');
const RESIDENCE = byCode('1.004222');
const INSURANCE = byCode('DP.000001');

/** The birth chain's form, every member's fields filled, as the page names its inputs. */
const birthForm = (extra: Record<string, string>) => {
  const values = onlineFormValues(BIRTH, {
    'co-quan': 'ubnd-xa-thuan-bac',
    ...Object.fromEntries(
      Object.entries({
        ...validFields(INSURANCE),
        ...validFields(RESIDENCE),
        ...validFields(BIRTH),
      }).map(([k, v]) => [`f-${k}`, v]),
    ),
    ...extra,
  });
  const data = new FormData();
  for (const [k, v] of Object.entries(values)) data.set(k, v);
  return data;
};

let desk: Session;
let justice: Session;
let police: Session;
let policeLeader: Session;
let insurance: Session;

beforeAll(async () => {
  desk = await signIn('lt.tiepnhan', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
  justice = await signIn('lt.ubnd', 'leader', ['ubnd-xa-thuan-bac']);
  police = await signIn('lt.congan', 'specialist', ['cong-an-xa-thuan-bac']);
  policeLeader = await signIn('lt.congan.ld', 'leader', ['cong-an-xa-thuan-bac']);
  insurance = await signIn('lt.bhxh', 'leader', ['bhxh-co-so']);
});

const lookup = async (code: string, secret: string) =>
  (await app.request(`/tra-cuu?ma=${encodeURIComponent(code)}&bm=${secret}`, {}, env)).text();

const statsPage = async () => (await app.request('/thong-ke', {}, env)).text();
/** The chains' row of /thong-ke: received, finished, on time, late, in progress, share. */
const chainRow = (page: string) =>
  /id="lien-thong-thong-ke"[\s\S]*?<tbody><tr>([\s\S]*?)<\/tr>/
    .exec(page)?.[1]
    ?.match(/<td>([^<]*)<\/td>/g)
    ?.map((td) => td.replace(/<\/?td>/g, ''));

const received = async () =>
  (await env.DB.prepare(
    "SELECT count(*) AS n FROM status_events WHERE action IN ('submit', 'register')",
  ).first<number>('n')) ?? 0;

const memberCode = async (procedure: string) =>
  (await env.DB.prepare(
    'SELECT code FROM dossiers WHERE procedure_code = ?1 AND chain_id IS NOT NULL ORDER BY received_at DESC',
  )
    .bind(procedure)
    .first<string>('code')) as string;

const queueCodes = async (session: Session) =>
  (
    (await (await as(session, '/api/can-bo/ho-so?limit=100')).json()) as {
      items: { code: string }[];
    }
  ).items.map((i) => i.code);

const messages = async (chainCode: string) =>
  (
    await env.DB.prepare(
      'SELECT o.kind, o.body FROM outbox o JOIN dossiers d ON d.id = o.dossier_id JOIN chains c ON c.id = d.chain_id WHERE c.code = ?1 ORDER BY o.id',
    )
      .bind(chainCode)
      .all<{ kind: string; body: string }>()
  ).results;

describe('a birth chain submitted once and taken through three agencies', () => {
  test('one code and receipt; each agency sees its member; one message per event; statistics', async () => {
    // Found by search, before anything is filed.
    const search = await (await app.request('/tim-kiem?q=khai+sinh+bhyt', {}, env)).text();
    expect(search).toContain(`href="/lien-thong/${CHAIN}/"`);

    const before = chainRow(await statsPage());
    expect(before?.[0]).toBe('0');
    const dossiersBefore = await received();

    // One form: every member's fields once, the combined documents once.
    const form = await (await app.request(`/nop-ho-so/lien-thong/${CHAIN}/`, {}, env)).text();
    expect(form.match(/name="f-ho-ten-tre"/g)).toHaveLength(1);
    expect(form).toContain('name="f-dia-chi-thuong-tru"');
    expect(form).toContain('name="f-noi-kham-ban-dau"');
    expect(form.match(/Giấy tờ tùy thân của cha hoặc mẹ/g)).toHaveLength(1);

    const data = birthForm({});
    // The residence declaration (document 3), sent once: it goes to the residence member only.
    data.set('tep-2', new File([PDF_BYTES], 'ct01.pdf', { type: 'application/pdf' }));
    const res = await app.request(
      `/nop-ho-so/lien-thong/${CHAIN}/`,
      { method: 'POST', body: data },
      env,
    );
    const receipt = await res.text();
    expect(res.status, receipt.slice(0, 2000)).toBe(201);
    const code = receiptCode(receipt) as string;
    const secret = (/Mã tra cứu<\/dt><dd class="code">([^<]+)</.exec(receipt)?.[1] ?? '').replace(
      /-/g,
      '',
    );
    expect(code).toMatch(/-\d{6}-\d{4}$/);
    expect(receipt).toContain('Liên thông đăng ký khai sinh');

    // Only the first stage has started: the birth, at the commune's UBND.
    const birth = await memberCode('1.001193');
    expect(await queueCodes(justice)).toContain(birth);
    expect(await queueCodes(police)).toEqual([]);
    let page = await lookup(code, secret);
    expect(page).toContain(`Hồ sơ liên thông ${code}`);
    expect(page).toContain('Chưa bắt đầu: thủ tục này bắt đầu khi thủ tục trước có kết quả');

    await actDone(desk, birth, 'receive');
    await actDone(desk, birth, 'assign', { agency: 'ubnd-xa-thuan-bac' });
    await actDone(justice, birth, 'process');

    // The birth has its result: residence and insurance start, each at its own agency only.
    const residence = await memberCode('1.004222');
    const card = await memberCode('DP.000001');
    expect(await queueCodes(police)).toEqual([residence]);
    const files = (dossier: string) =>
      env.DB.prepare(
        'SELECT a.document_name AS name FROM attachments a JOIN dossiers d ON d.id = a.dossier_id WHERE d.code = ?1',
      )
        .bind(dossier)
        .all<{ name: string }>()
        .then((r) => r.results.map((x) => x.name));
    expect(await files(residence)).toEqual(['Tờ khai thay đổi thông tin cư trú']);
    expect(await files(birth)).toEqual([]);
    expect(await files(card)).toEqual([]);
    expect(await queueCodes(insurance)).toEqual([card]);
    expect(await queueCodes(justice)).not.toContain(residence);
    expect((await as(police, `/can-bo/ho-so/${encodeURIComponent(birth)}`)).status).toBe(403);
    expect(await queueCodes(desk)).toEqual(expect.arrayContaining([birth, residence, card]));
    // The member's page tells the officer which chain (and which code the citizen holds).
    expect(
      await (await as(police, `/can-bo/ho-so/${encodeURIComponent(residence)}`)).text(),
    ).toContain(`<dt>Hồ sơ liên thông</dt><dd>${code}:`);

    // The police ask for a supplement: one message with the chain's code and its effect.
    await actDone(police, residence, 'request-supplement', {
      missing: 'Văn bản đồng ý của chủ hộ cho trẻ đăng ký thường trú',
    });
    page = await lookup(code, secret);
    expect(page).toContain('Chờ người nộp bổ sung hoặc thực hiện nghĩa vụ');
    expect(page).toMatch(/Việc cần làm:<\/strong> Cần bổ sung: Văn bản đồng ý của chủ hộ/);
    // The birth has its result, returned with the others: the page says so, not "come and collect".
    expect(page).toContain('kết quả được trả cùng lúc với các thủ tục còn lại');

    await actDone(desk, card, 'assign', { agency: 'bhxh-co-so' });
    await actDone(insurance, card, 'process');
    await actDone(desk, residence, 'supplement-received');
    await actDone(desk, residence, 'assign', { agency: 'cong-an-xa-thuan-bac' });
    await actDone(policeLeader, residence, 'process');

    page = await lookup(code, secret);
    expect(page).toContain('Đã có kết quả tất cả các thủ tục');
    expect(page).toContain('Đúng hạn (mọi thủ tục đều đúng hạn)');

    const sent = await messages(code);
    expect(sent.map((m) => m.kind)).toEqual([
      'received',
      'chain-step',
      'supplement',
      'chain-step',
      'result-ready',
    ]);
    // Every message names the chain's code, never a member's.
    for (const m of sent) expect(m.body).toContain(code);
    expect(sent[2]?.body).toContain(
      'Khai sinh đã xong; thẻ bảo hiểm y tế vẫn được giải quyết, chỉ đăng ký thường trú chờ bổ sung.',
    );
    expect(sent[1]?.body).toContain('được trả cùng lúc');
    expect(sent[4]?.body).toContain('Mời ông/bà đến nhận');

    // Statistics: one chain, on time; its three members counted as dossiers, the chain not.
    expect(chainRow(await statsPage())).toEqual(['1', '1', '1', '0', '0', '100%']);
    expect((await received()) - dossiersBefore).toBe(3);
  }, 30_000);
});

describe('a refused first member calls off the rest', () => {
  test('a death chain received at the counter, its death registration refused: the others never start', async () => {
    const { status, html, code } = await receiveAtCounter(
      desk,
      'lien-thong/lien-thong-khai-tu-xoa-thuong-tru-mai-tang',
      { 'co-quan': 'ubnd-xa-thuan-bac' },
    );
    expect(status, html.slice(0, 2000)).toBe(201);
    const secret = (/Mã tra cứu<\/dt><dd class="code">([^<]+)</.exec(html)?.[1] ?? '').replace(
      /-/g,
      '',
    );
    // Received at the desk: the death registration is already "received" at the commune's UBND.
    const member = await memberCode('1.000656');
    expect(
      await env.DB.prepare('SELECT status FROM dossiers WHERE code = ?1')
        .bind(member)
        .first('status'),
    ).toBe(2);
    await actDone(desk, member, 'refuse', { reason: 'Giấy báo tử không đúng người' });
    const page = await lookup(code, secret);
    expect(page).toContain('Đã kết thúc, không thủ tục nào được giải quyết');
    expect(page).toContain(
      'Không thực hiện. Chưa đăng ký khai tử thì chưa thể xóa đăng ký thường trú',
    );
    const started = await env.DB.prepare(
      'SELECT count(*) AS n FROM dossiers d JOIN chains c ON c.id = d.chain_id WHERE c.code = ?1',
    )
      .bind(code)
      .first<number>('n');
    expect(started).toBe(1);
    const sent = await messages(code);
    expect(sent.map((m) => m.kind)).toEqual(['refused']);
    expect(sent[0]?.body).toContain('hai thủ tục này dừng lại');

    // The retention job takes the answers the chain kept for its other members with it.
    const kept = () =>
      env.DB.prepare('SELECT form_data FROM chains WHERE code = ?1')
        .bind(code)
        .first<string>('form_data');
    expect(await kept()).toContain('ho-ten-nguoi-chet');
    const id = await env.DB.prepare('SELECT id FROM dossiers WHERE code = ?1')
      .bind(member)
      .first<string>('id');
    await purgeDossiers(env.DB, [id as string], new Date().toISOString(), 0);
    expect(await kept()).toBe('{}');
  });
});

describe('the chain form sent twice', () => {
  const send = (data: FormData) =>
    app.request(`/nop-ho-so/lien-thong/${CHAIN}/`, { method: 'POST', body: data }, env);
  const count = async (sql: string) => (await env.DB.prepare(sql).first<number>('n')) ?? 0;

  test('a double tap gets the first receipt again, not a second chain; the key with other answers is refused', async () => {
    const key = crypto.randomUUID();
    const chainsBefore = await count('SELECT count(*) AS n FROM chains');
    const membersBefore = await count(
      'SELECT count(*) AS n FROM dossiers WHERE chain_id IS NOT NULL',
    );
    const first = await send(birthForm({ 'idempotency-key': key }));
    const receipt = await first.text();
    expect(first.status, receipt.slice(0, 1000)).toBe(201);
    const again = await send(birthForm({ 'idempotency-key': key }));
    const receiptAgain = await again.text();
    expect(again.status).toBe(200);
    // The same code and the same lookup secret, so the lost first answer costs nothing.
    const secretOf = (page: string) => /Mã tra cứu<\/dt><dd class="code">([^<]+)</.exec(page)?.[1];
    expect(receiptCode(receiptAgain)).toBe(receiptCode(receipt));
    expect(secretOf(receiptAgain)).toBe(secretOf(receipt));
    expect(secretOf(receipt)).toBeTruthy();
    expect(await count('SELECT count(*) AS n FROM chains')).toBe(chainsBefore + 1);
    const members = await count('SELECT count(*) AS n FROM dossiers WHERE chain_id IS NOT NULL');
    expect(members).toBeGreaterThan(membersBefore);

    // The same key with other answers: refused in Vietnamese, the answers kept, nothing stored.
    const other = await send(
      birthForm({ 'idempotency-key': key, 'f-ho-ten-tre': 'Trần Thị Bích Ngọc' }),
    );
    const page = await other.text();
    expect(other.status).toBe(422);
    expect(page).toContain('Biểu mẫu này đã được dùng để gửi một hồ sơ khác');
    expect(page).toContain('Trần Thị Bích Ngọc');
    expect(await count('SELECT count(*) AS n FROM chains')).toBe(chainsBefore + 1);
    expect(await count('SELECT count(*) AS n FROM dossiers WHERE chain_id IS NOT NULL')).toBe(
      members,
    );
  });
});

describe('the chain form under the rate limits (ADR 0014, ADR 0028)', () => {
  test('chains for one person arriving at once: exactly the limit is stored and counted; the refused leave no file', async () => {
    const limited = { ...env, RATE_LIMIT_PERSON: '2/3600' };
    const idNumber = '058185077777';
    const chainsStored = async () =>
      (await env.DB.prepare('SELECT count(*) AS n FROM chains').first<number>('n')) ?? 0;
    const files = async () => (await env.FILES.list({ prefix: 'chains/' })).objects.length;
    const personCounters = async () =>
      new Map(
        (
          await env.DB.prepare(
            "SELECT bucket, hits FROM rate_limits WHERE bucket LIKE 'person:%'",
          ).all<{ bucket: string; hits: number }>()
        ).results.map((r) => [r.bucket, r.hits]),
      );
    const [chainsBefore, filesBefore, countersBefore] = [
      await chainsStored(),
      await files(),
      await personCounters(),
    ];
    const send = (n: number) => {
      const data = birthForm({
        'so-dinh-danh': idNumber,
        'dien-thoai': `09770000${String(n).padStart(2, '0')}`,
      });
      data.set('tep-2', new File([PDF_BYTES], 'ct01.pdf', { type: 'application/pdf' }));
      return app.request(
        `/nop-ho-so/lien-thong/${CHAIN}/`,
        { method: 'POST', body: data, headers: { 'cf-connecting-ip': `203.0.113.${80 + n}` } },
        limited,
      );
    };
    const answers = await Promise.all(Array.from({ length: 6 }, (_, n) => send(n)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 429, 429, 429, 429]);
    const refused = answers.find((r) => r.status === 429);
    expect(refused?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused?.text()).toContain('Số định danh');
    // Two chains stored, each with its one file; the refused ones stored and kept nothing.
    expect((await chainsStored()) - chainsBefore).toBe(2);
    expect((await files()) - filesBefore).toBe(2);
    // The person's counter stopped at the limit: refused attempts used up nobody's quota.
    const changed = [...(await personCounters())].filter(
      ([bucket, hits]) => countersBefore.get(bucket) !== hits,
    );
    expect(changed.map(([, hits]) => hits)).toEqual([2]);
  });
});
