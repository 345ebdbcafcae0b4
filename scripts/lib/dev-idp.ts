import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider (panva's oidc-provider) on this machine, standing in for the
 * national portal's single sign-on: `npm start` (a demo citizen anyone can sign in as) and
 * the tests (Worker and browser) use it. It speaks the authorization code flow with PKCE,
 * signs ID tokens, serves UserInfo with the claims the national portal is seen to return
 * (`HoVaTen`, `SoDinhDanh`, `NgayThangNamSinh`; observed in public code, docs/adr/0016) and
 * reports the assurance level it is started with as `acr`. Its sign-in page says plainly
 * that it is a test server, not VNeID. Never for production: keys are generated at start.
 */

export interface DemoCitizen {
  /** The provider's subject (`sub`). */
  id: string;
  fullName: string;
  idNumber: string;
  /** As the national portal sends it is not confirmed; here dd/mm/yyyy. */
  birthDate: string;
}

/** The demo citizen of `npm start`: invented, its ID number fits its birth year. */
export const DEMO_CITIZEN: DemoCitizen = {
  id: 'cong-dan-thu-nghiem',
  fullName: 'Nguyễn Thị Thử Nghiệm',
  idNumber: '001190012345',
  birthDate: '05/01/1990',
};

export interface DevIdpOptions {
  port?: number;
  clientId: string;
  /** Without a secret the client is public (PKCE only), as `npm start` configures it. */
  clientSecret?: string;
  redirectUris: string[];
  citizens?: DemoCitizen[];
  /** The `acr` of every sign-in (default LoA1, the value seen in public code). */
  acr?: string;
  /** Lifetime of ID and access tokens, seconds. */
  tokenSeconds?: number;
}

export interface DevIdp {
  issuer: string;
  close(): Promise<void>;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );

const loginPage = (uid: string, citizens: DemoCitizen[]) => `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Máy chủ định danh thử nghiệm, không phải VNeID</title>
<style>body{font:1.05rem/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
.warn{border-left:5px solid #b35c00;background:#fff7e6;padding:.75rem 1rem}
button{font:inherit;font-weight:700;padding:.6rem 1rem;min-height:44px;margin:.5rem .5rem 0 0;color:#fff;background:#00703c;border:0}
button.cancel{background:#f3f2f1;color:#1b1b1b;border-bottom:3px solid #858686}
label{display:block;margin:.5rem 0}</style></head>
<body><main>
<h1>Máy chủ định danh thử nghiệm, không phải VNeID</h1>
<p class="warn">Trang này chỉ dùng khi chạy thử trên máy của bạn. Không nhập số định danh, mật khẩu hay thông tin thật ở đây.</p>
<form method="post" action="/interaction/${escapeHtml(uid)}">
<fieldset><legend>Đăng nhập với tư cách công dân thử nghiệm</legend>
${citizens
  .map(
    (c, i) =>
      `<label><input type="radio" name="account" value="${escapeHtml(c.id)}"${i === 0 ? ' checked' : ''}> ${escapeHtml(c.fullName)}, sinh ngày ${escapeHtml(c.birthDate)}</label>`,
  )
  .join('\n')}
</fieldset>
<button type="submit" name="action" value="login">Đăng nhập</button>
<button type="submit" name="action" value="cancel" class="cancel">Hủy</button>
</form></main></body></html>`;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Starts the provider on 127.0.0.1 (a free port unless one is given). */
export async function startDevIdp(options: DevIdpOptions): Promise<DevIdp> {
  const citizens = options.citizens ?? [DEMO_CITIZEN];
  const acr = options.acr ?? 'LoA1';
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ttl = options.tokenSeconds ?? 600;
  // Its in-memory store and keys made at start are what a test provider wants: the two
  // warnings saying so for production are left out of the output.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!String(args[0]).startsWith('oidc-provider WARNING')) warn(...args);
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        ...(options.clientSecret
          ? { client_secret: options.clientSecret }
          : { token_endpoint_auth_method: 'none' }),
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    acrValues: ['LoA1', 'LoA2', acr],
    claims: {
      openid: ['sub'],
      profile: ['HoVaTen', 'SoDinhDanh', 'NgayThangNamSinh', 'name', 'birthdate'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: ttl,
      IdToken: ttl,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    cookies: { keys: [crypto.randomUUID()] },
    findAccount: (_ctx, id) => {
      const citizen = citizens.find((c) => c.id === id);
      if (!citizen) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          HoVaTen: citizen.fullName,
          SoDinhDanh: citizen.idNumber,
          NgayThangNamSinh: citizen.birthDate,
        }),
      };
    },
    // A first-party client: no consent screen, every requested scope granted.
    loadExistingGrant: async (ctx) => {
      const id =
        ctx.oidc.result?.consent?.grantId ??
        ctx.oidc.session?.grantIdFor(ctx.oidc.client?.clientId ?? '');
      if (id) return ctx.oidc.provider.Grant.find(id);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client?.clientId,
        accountId: ctx.oidc.session?.accountId,
      });
      grant.addOIDCScope('openid profile');
      await grant.save();
      return grant;
    },
  });
  console.warn = warn;
  provider.on('server_error', () => {
    // Swallowed on purpose: the error could quote claims; the flow itself reports failure.
  });
  const callback = provider.callback();
  server.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(req.url ?? '');
    if (!match) {
      callback(req, res);
      return;
    }
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET') {
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(loginPage(details.uid, citizens));
        return;
      }
      const form = await readForm(req);
      const account = citizens.find((c) => c.id === form.get('account'));
      const result =
        form.get('action') === 'cancel' || !account
          ? { error: 'access_denied', error_description: 'cancelled' }
          : { login: { accountId: account.id, acr } };
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Phiên đăng nhập thử nghiệm đã hết hạn. Hãy quay lại cổng và đăng nhập lại.');
    }
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
