import { type Context, Hono } from 'hono';
import { afterSignIn, lockedFields } from '../../src/domain/auth/citizen.ts';
import type { FormError } from '../../src/domain/errors.ts';
import { routes } from '../../src/domain/routes.ts';
import {
  renderAccountPanel,
  renderMyDossiers,
  renderMyDossiersLink,
  renderMyDossiersSignedOut,
  renderSignInFailure,
} from '../../src/ui/citizen.ts';
import { html, type SafeHtml } from '../../src/ui/html.ts';
import type { AppEnv } from '../env.ts';
import { formFields } from '../http/body.ts';
import {
  type Citizen,
  type CitizenEnv,
  citizenOf,
  endCitizenSession,
  loadCitizen,
  setSignInCookie,
  startCitizenSession,
  takeSignInCookie,
} from '../http/citizen.ts';
import type { PageKit } from '../http/pages.ts';
import { limitReached, overLimit } from '../http/rate-limit.ts';
import { claimWithCode, myDossiers } from '../services/citizen-dossiers.ts';
import { openResultFile, resultForOwner } from '../services/result-files.ts';
import { NOT_FOUND } from './lookup.ts';
import { resultDownload } from './result-files.ts';
import {
  beginSignIn,
  finishSignIn,
  LOGIN_SECONDS,
  oidcSettings,
  redirectUriOf,
  SignInError,
} from '../services/citizen-sign-in.ts';

/**
 * Citizen sign-in with the national electronic identity (docs/adr/0016-citizen-sign-in.md):
 * `/dang-nhap` sends the browser to the identity provider, `/dang-nhap/ve` is where it comes
 * back, `/dang-xuat` ends the session, `/ho-so-cua-toi` lists the citizen's dossiers and
 * claims one with its code and secret. Without configuration these pages answer 404 (the
 * list says sign-in is off) and nothing else changes; with the provider down they say so.
 */
export function citizenRoutes(kit: PageKit, now: () => Date) {
  const page = (title: string, main: SafeHtml, hasErrors = false) =>
    kit.render({
      title,
      main,
      hasErrors,
      head: html`<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">`,
      crumbs: [{ label: 'Trang chủ', href: '/' }, { label: title }],
    });

  const failure = (c: Context, error: unknown) => {
    if (!(error instanceof SignInError)) throw error;
    c.header('cache-control', 'no-store');
    return c.html(
      page('Chưa đăng nhập được', renderSignInFailure(error.reason), true),
      error.reason === 'unavailable' ? 503 : 400,
    );
  };

  const csrfMismatch = (c: Context) =>
    c.html(
      page(
        'Biểu mẫu đã cũ',
        html`<h1>Biểu mẫu đã cũ</h1><p>Phiên đăng nhập đã thay đổi hoặc biểu mẫu đã cũ. Hãy tải lại trang và thử lại.</p><p><a href="${routes.myDossiers()}">Về Hồ sơ của tôi</a></p>`,
        true,
      ),
      403,
    );

  const listPage = async (
    c: Context<CitizenEnv>,
    citizen: Citizen,
    claim: { code: string; errors: FormError[]; added?: string | undefined },
    status: 200 | 404 | 409 | 422 | 429 = 200,
  ) => {
    c.header('cache-control', 'no-store');
    const dossiers = await myDossiers(c.env.DB, citizen.subject);
    // "Added" is said only of a dossier in the list, whatever the address says.
    const added = dossiers.some((d) => d.code === claim.added) ? claim.added : undefined;
    return c.html(
      page(
        'Hồ sơ của tôi',
        renderMyDossiers({
          identity: citizen.identity,
          csrf: citizen.csrf,
          dossiers,
          claim: { ...claim, added },
        }),
        claim.errors.length > 0,
      ),
      status,
    );
  };

  return (
    new Hono<CitizenEnv>()
      .get(routes.signIn(), async (c) => {
        const settings = oidcSettings(c.env, c.req.url);
        if (!settings) return c.notFound();
        const redirectUri = redirectUriOf(
          settings,
          new URL(c.req.url).origin,
          routes.signInReturn(),
        );
        try {
          const started = await beginSignIn(
            c.env.DB,
            settings,
            redirectUri,
            afterSignIn(c.req.query('tiep')),
            now(),
          );
          setSignInCookie(c, started.cookieToken, LOGIN_SECONDS);
          c.header('cache-control', 'no-store');
          return c.redirect(started.url.href, 303);
        } catch (error) {
          return failure(c, error);
        }
      })
      .get(routes.signInReturn(), async (c) => {
        const settings = oidcSettings(c.env, c.req.url);
        if (!settings) return c.notFound();
        const url = new URL(c.req.url);
        const redirectUri = redirectUriOf(settings, url.origin, routes.signInReturn());
        try {
          const at = now();
          const signedIn = await finishSignIn(
            c.env.DB,
            settings,
            redirectUri,
            takeSignInCookie(c),
            url,
            at,
          );
          await startCitizenSession(c, signedIn.subject, signedIn.identity, at);
          c.header('cache-control', 'no-store');
          return c.redirect(signedIn.nextPath, 303);
        } catch (error) {
          return failure(c, error);
        }
      })
      .post(routes.signOut(), loadCitizen(now), async (c) => {
        const citizen = c.get('citizen');
        const body = await formFields(c);
        if (citizen && body._csrf !== citizen.csrf) return csrfMismatch(c);
        await endCitizenSession(c);
        c.header('cache-control', 'no-store');
        return c.html(
          page(
            'Đã đăng xuất',
            html`<h1>Đã đăng xuất</h1><p>Bạn đã đăng xuất khỏi cổng dịch vụ công này. Nếu dùng máy tính chung, hãy đóng trình duyệt để thoát cả tài khoản định danh điện tử.</p><p><a href="${routes.home()}">Về trang chủ</a></p>`,
          ),
        );
      })
      .get(routes.myDossiers(), loadCitizen(now), async (c) => {
        const citizen = c.get('citizen');
        if (!citizen) {
          c.header('cache-control', 'no-store');
          return c.html(
            page(
              'Hồ sơ của tôi',
              renderMyDossiersSignedOut(oidcSettings(c.env, c.req.url) !== undefined),
            ),
          );
        }
        const added = c.req.query('da-them');
        return listPage(c, citizen, { code: '', errors: [], added });
      })
      // The electronic result of a dossier in the citizen's own list; anyone else (signed out,
      // or not their dossier) gets the lookup's one "not found", whether or not it exists.
      .get(`${routes.myDossiers()}/ket-qua/:code`, loadCitizen(now), async (c) => {
        c.header('cache-control', 'no-store');
        c.header('referrer-policy', 'no-referrer');
        const citizen = c.get('citizen');
        const found = citizen
          ? await resultForOwner(c.env.DB, citizen.subject, c.req.param('code').slice(0, 60))
          : undefined;
        const object = found ? await openResultFile(c.env.FILES, found.file) : undefined;
        if (!found || !object) {
          return c.html(
            page(
              'Tải kết quả',
              html`<h1>Tải kết quả giải quyết</h1><div class="notice" role="alert"><p>${NOT_FOUND}</p></div><p><a href="${routes.myDossiers()}">Về Hồ sơ của tôi</a></p>`,
              true,
            ),
            404,
          );
        }
        return resultDownload(object, found.file, found.code);
      })
      .post(routes.myDossiers(), loadCitizen(now), async (c) => {
        const citizen = c.get('citizen');
        if (!citizen) return c.redirect(routes.myDossiers(), 303);
        const body = await formFields(c);
        if (body._csrf !== citizen.csrf) return csrfMismatch(c);
        const code = (body.ma ?? '').slice(0, 60);
        const secret = (body.bm ?? '').slice(0, 60);
        const errors: FormError[] = [];
        if (!code.trim()) errors.push({ name: 'ma', message: 'Nhập mã hồ sơ' });
        if (!secret.trim()) errors.push({ name: 'bm', message: 'Nhập mã tra cứu' });
        if (errors.length > 0) return listPage(c, citizen, { code, errors }, 422);
        const at = now();
        // Only a miss is a guess: it alone counts against the address's lookup limit (ADR 0014).
        const wait = await limitReached(c, 'lookup', at);
        if (wait) {
          c.header('retry-after', String(wait));
          const message = `Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(wait / 60)} phút.`;
          return listPage(c, citizen, { code, errors: [{ name: 'ma', message }] }, 429);
        }
        const outcome = await claimWithCode(c.env.DB, citizen.subject, code, secret, at);
        if (outcome.kind === 'not-found') {
          await overLimit(c, 'lookup', at);
          const message =
            'Không tìm thấy hồ sơ, hoặc mã tra cứu không khớp với mã hồ sơ. Kiểm tra lại hai mã trên giấy tiếp nhận.';
          return listPage(c, citizen, { code, errors: [{ name: 'ma', message }] }, 404);
        }
        if (outcome.kind === 'taken') {
          const message = 'Hồ sơ này đã có trong Hồ sơ của tôi của một tài khoản khác.';
          return listPage(c, citizen, { code, errors: [{ name: 'ma', message }] }, 409);
        }
        return c.redirect(
          `${routes.myDossiers()}?${new URLSearchParams({ 'da-them': outcome.code })}`,
          303,
        );
      })
  );
}

/**
 * What the online form needs from a signed-in citizen: the applicant fields locked to the
 * identity (the server uses these, never the posted ones), the panel above the form, and
 * the subject that will own the dossier. Anonymous: the invitation to sign in when sign-in
 * is configured. Reads D1 only when a session cookie came; never calls the provider.
 */
export async function applicantOf(
  c: Context<AppEnv>,
  now: Date,
  formPath: string,
): Promise<{
  locked: Record<string, string> | undefined;
  account: SafeHtml;
  subject: string | undefined;
}> {
  const citizen = await citizenOf(c, now);
  if (!citizen) {
    return {
      locked: undefined,
      account: renderAccountPanel(
        oidcSettings(c.env, c.req.url) ? { kind: 'invite', next: formPath } : undefined,
      ),
      subject: undefined,
    };
  }
  return {
    locked: lockedFields(citizen.identity),
    account: renderAccountPanel({
      kind: 'signed-in',
      identity: citizen.identity,
      csrf: citizen.csrf,
    }),
    subject: citizen.subject,
  };
}

/** The pointer to "Hồ sơ của tôi" for pages of anonymous use (lookup), when sign-in is configured. */
export const myDossiersLink = (c: Context<AppEnv>): SafeHtml =>
  oidcSettings(c.env, c.req.url) ? renderMyDossiersLink() : html``;
