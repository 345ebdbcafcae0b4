import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nationalPlatformProvider } from '../../functions/services/payment/providers.ts';
import type { Agency } from '../../src/schemas/agency.ts';

/**
 * The national payment platform's adapter against a local contract server. No published
 * specification was found: the server checks every request against the OBSERVED shape
 * (a form POST whose `data` field is base64 JSON; docs/adr/0018-fees-and-payment.md) and
 * injects the faults a real platform has: errors, refusals, garbage, silence.
 */

type Fault = 'none' | 'error500' | 'refused' | 'garbage' | 'silent' | 'http-link';

let fault: Fault = 'none';
const violations: string[] = [];
const received: Record<string, unknown>[] = [];
let server: Server;
let url: string;

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => resolve(body));
  });

/** Every way a request can break the observed contract, as a list of what is wrong. */
function check(req: IncomingMessage, body: string): Record<string, unknown> | undefined {
  const wrong = (what: string) => {
    violations.push(what);
    return undefined;
  };
  if (req.method !== 'POST') return wrong(`method ${req.method}`);
  if (req.url !== '/payment/yeu-cau-thanh-toan') return wrong(`path ${req.url}`);
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return wrong(`content-type ${req.headers['content-type']}`);
  }
  const form = new URLSearchParams(body);
  if ([...form.keys()].join(',') !== 'data') return wrong(`form fields ${[...form.keys()]}`);
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(Buffer.from(form.get('data') ?? '', 'base64').toString('utf8'));
  } catch {
    return wrong('data is not base64 JSON');
  }
  const expected = ['MaDoiTac', 'MaThamChieu', 'SoTien', 'MaDonVi', 'NoiDung', 'UrlTraVe'];
  if (Object.keys(data).sort().join() !== [...expected].sort().join()) {
    return wrong(`fields ${Object.keys(data)}`);
  }
  if (!Number.isSafeInteger(data.SoTien) || (data.SoTien as number) <= 0) return wrong('SoTien');
  if (!/^[0-9A-Z.]{4,32}-\d{6}-\d{4,9}$/.test(String(data.MaThamChieu)))
    return wrong('MaThamChieu');
  if (!/^[\x20-\x7e]{1,200}$/.test(String(data.NoiDung))) return wrong('NoiDung not ASCII');
  if (!/^https:\/\//.test(String(data.UrlTraVe))) return wrong('UrlTraVe');
  return data;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await read(req);
    const data = check(req, body);
    if (data) received.push(data);
    if (fault === 'silent') return; // never answers
    if (fault === 'error500') {
      res.writeHead(500).end('Internal Server Error');
      return;
    }
    res.writeHead(200, { 'content-type': fault === 'garbage' ? 'text/html' : 'application/json' });
    if (fault === 'garbage') res.end('<html>Bảo trì hệ thống</html>');
    else if (!data || fault === 'refused')
      res.end(JSON.stringify({ MaLoi: '99', MoTaLoi: 'Sai dữ liệu' }));
    else
      res.end(
        JSON.stringify({
          MaLoi: '00',
          DuongDanThanhToan: `${fault === 'http-link' ? 'http' : 'https'}://thanhtoan.example.vn/pay/${data.MaThamChieu}`,
        }),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/payment/yeu-cau-thanh-toan`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const agency = { code: '000.00.10.H32', name: 'Ủy ban nhân dân xã Thuận Bắc' } as Agency;
const request = {
  reference: '000.00.10.H32-251205-0003',
  amount: 16000,
  agency,
  returnUrl: 'https://motcua.example.vn/tra-cuu',
};

describe('national payment platform adapter (observed shape)', () => {
  test('sends the request in the observed shape and returns the payment link', async () => {
    fault = 'none';
    const platform = nationalPlatformProvider({ url, merchant: 'MC-DEMO' });
    expect(platform.shape).toBe('observed');
    const created = await platform.createPaymentRequest(request);
    expect(violations).toEqual([]);
    expect(created).toEqual({
      kind: 'pay-url',
      url: 'https://thanhtoan.example.vn/pay/000.00.10.H32-251205-0003',
    });
    expect(received.at(-1)).toMatchObject({
      MaDoiTac: 'MC-DEMO',
      MaThamChieu: request.reference,
      SoTien: 16000,
      MaDonVi: '000.00.10.H32',
    });
  });

  test('errors, refusals, garbage, silence and a plain-http link give no payment link', async () => {
    const platform = nationalPlatformProvider({ url, merchant: 'MC-DEMO', timeoutMs: 300 });
    const outcomes: Record<string, string> = {};
    for (const f of ['error500', 'refused', 'garbage', 'silent', 'http-link'] as const) {
      fault = f;
      const created = await platform.createPaymentRequest(request);
      outcomes[f] = created.kind === 'unavailable' ? created.reason : created.kind;
    }
    expect(outcomes).toEqual({
      error500: 'platform answered 500',
      refused: 'platform refused (99)',
      garbage: 'answer is not JSON',
      silent: 'timeout',
      'http-link': 'no https payment link',
    });
    expect(violations).toEqual([]);
  });

  test('an unreachable platform is a failure, not an exception', async () => {
    const platform = nationalPlatformProvider({ url: 'http://127.0.0.1:9/x', merchant: 'M' });
    expect(await platform.createPaymentRequest(request)).toEqual({
      kind: 'unavailable',
      reason: 'network',
    });
  });
});
