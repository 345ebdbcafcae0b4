import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';

/**
 * Local contract servers for the three notification providers (docs/adr/0019-notifications.md),
 * one Node HTTP server on 127.0.0.1 with each provider under its documented path:
 *
 *   POST /message/template                                         Zalo ZNS
 *   POST /MainService.svc/json/SendMultipleMessage_V4_post_json/   eSMS (SMS brandname)
 *   POST /tx/v1/send                                               MailChannels Email API
 *
 * Every request is checked against the provider's documented shape (zod); a request that
 * does not match is answered 400 and recorded as a violation. By default each provider
 * accepts; a test scripts the next answers (temporary, permanent, technical failures) with
 * POST /__script/<provider> and reads what was received with GET /__log. No real provider
 * is ever called.
 */

export type Provider = 'zns' | 'esms' | 'email';

/** One scripted answer: an HTTP status and a JSON body. */
export interface ScriptedAnswer {
  status?: number;
  json?: unknown;
}

export interface Received {
  provider: Provider;
  headers: Record<string, string>;
  body: unknown;
  /** Why the request broke the contract, or null. */
  violation: string | null;
}

/** GSM 03.38 characters (default alphabet and extension table): what IsUnicode=0 may carry. */
const GSM =
  /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà\f^{}\\[~\]|€]*$/;

const znsRequest = z.strictObject({
  mode: z.literal('development').optional(),
  phone: z.string().regex(/^84\d{9}$/, 'phone must be 84xxxxxxxxx'),
  template_id: z.string().regex(/^\d+$/),
  template_data: z.record(z.string(), z.string()),
  tracking_id: z.string().min(1).max(48),
});

const esmsRequest = z
  .strictObject({
    ApiKey: z.string().min(1),
    SecretKey: z.string().min(1),
    Phone: z.string().regex(/^0\d{9}$/, 'Phone must be a 10-digit Vietnamese number'),
    Content: z.string().min(1),
    Brandname: z.string().min(1).max(11),
    SmsType: z.literal('2'),
    IsUnicode: z.enum(['0', '1']),
    Sandbox: z.enum(['0', '1']),
    RequestId: z.string().min(1).max(50),
  })
  .refine((r) => r.IsUnicode === '1' || GSM.test(r.Content), {
    message: 'IsUnicode=0 with characters outside GSM-7 (the gateway would garble them)',
  });

const address = z.strictObject({ email: z.email(), name: z.string().optional() });
const emailRequest = z.strictObject({
  personalizations: z.array(z.strictObject({ to: z.array(address).min(1) })).min(1),
  from: address,
  subject: z.string().min(1),
  content: z
    .array(z.strictObject({ type: z.enum(['text/plain', 'text/html']), value: z.string().min(1) }))
    .min(1),
});

const ROUTES: Record<
  string,
  { provider: Provider; check: (h: Headers, body: unknown) => string | null }
> = {
  '/message/template': {
    provider: 'zns',
    check: (h, body) =>
      !h.get('access_token') ? 'missing access_token header' : problem(znsRequest, body),
  },
  '/MainService.svc/json/SendMultipleMessage_V4_post_json/': {
    provider: 'esms',
    check: (_h, body) => problem(esmsRequest, body),
  },
  '/tx/v1/send': {
    provider: 'email',
    check: (h, body) =>
      !h.get('x-api-key') ? 'missing X-Api-Key header' : problem(emailRequest, body),
  },
};

function problem(schema: z.ZodType, body: unknown): string | null {
  const result = schema.safeParse(body);
  return result.success
    ? null
    : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

/** The answer of each provider when nothing is scripted: accepted. */
const ACCEPTED: Record<Provider, ScriptedAnswer> = {
  zns: { status: 200, json: { error: 0, message: 'Success', data: { msg_id: 'zns-1' } } },
  esms: { status: 200, json: { CodeResult: '100', SMSID: 'sms-1' } },
  email: { status: 202, json: null },
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, json: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(json === null ? '' : JSON.stringify(json));
}

export async function startNotifyProviders(): Promise<{ url: string; server: Server }> {
  const scripts: Record<Provider, ScriptedAnswer[]> = { zns: [], esms: [], email: [] };
  let log: Received[] = [];
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const text = await readBody(req);
    if (req.method === 'POST' && path.startsWith('/__script/')) {
      const provider = path.slice('/__script/'.length) as Provider;
      scripts[provider] = JSON.parse(text) as ScriptedAnswer[];
      return send(res, 204, null);
    }
    if (req.method === 'GET' && path === '/__log') return send(res, 200, log);
    if (req.method === 'POST' && path === '/__reset') {
      log = [];
      scripts.zns = [];
      scripts.esms = [];
      scripts.email = [];
      return send(res, 204, null);
    }
    const route = ROUTES[path];
    if (!route || req.method !== 'POST') return send(res, 404, { error: 'no such endpoint' });
    const headers = new Headers(req.headers as Record<string, string>);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const violation =
      headers.get('content-type')?.startsWith('application/json') !== true
        ? 'content-type must be application/json'
        : body === undefined
          ? 'body is not JSON'
          : route.check(headers, body);
    log.push({
      provider: route.provider,
      headers: Object.fromEntries(headers),
      body,
      violation,
    });
    if (violation) return send(res, 400, { error: 'contract', violation });
    const answer = scripts[route.provider].shift() ?? ACCEPTED[route.provider];
    return send(res, answer.status ?? 200, answer.json ?? null);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, server };
}
