import * as oauth from 'oauth4webapi';
import {
  acrAccepted,
  type CitizenIdentity,
  identityFromClaims,
  type SignInFailure,
  subjectOf,
} from '../../src/domain/auth/citizen.ts';
import { hashToken, newToken } from '../../src/domain/auth/password.ts';
import { vietnamDay } from '../../src/domain/calendar/dates.ts';
import { configOf } from '../../src/schemas/env.ts';
import { insertLogin, takeLogin } from '../db/citizens.ts';
import type { Env } from '../env.ts';

/**
 * The OpenID Connect relying party (docs/adr/0016-citizen-sign-in.md): authorization code
 * flow with PKCE, state and nonce, through oauth4webapi (Web Crypto and fetch, so it runs
 * in the Worker). Nothing here logs a claim, a token or a code.
 */

/** How long a sign-in may take at the identity provider before it must start again. */
export const LOGIN_SECONDS = 10 * 60;
/** A call to the identity provider that takes longer counts as "unavailable". */
const IDP_TIMEOUT_MS = 8000;
/** How long the provider's metadata (endpoints, keys' address) is reused in an isolate. */
const DISCOVERY_SECONDS = 3600;

export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret?: string | undefined;
  scopes: string[];
  acrValues?: string[] | undefined;
  redirectUri?: string | undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The sign-in settings of this deployment, or undefined when sign-in is not configured
 * (no issuer or client id): then there is no sign-in link and everything else works. An
 * issuer on this machine (the local test provider, plain http allowed) is followed only by
 * a request that reached this machine too: a deployment that kept wrangler.toml's local
 * values has no sign-in rather than a link to nowhere.
 */
export function oidcSettings(env: Env, requestUrl: string): OidcSettings | undefined {
  const config = configOf(env);
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID) return undefined;
  const issuer = new URL(config.OIDC_ISSUER);
  const local = LOOPBACK.has(issuer.hostname);
  if (local && !LOOPBACK.has(new URL(requestUrl).hostname)) return undefined;
  if (issuer.protocol !== 'https:' && !local) return undefined;
  return {
    issuer,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    scopes: config.OIDC_SCOPES ?? ['openid'],
    acrValues: config.OIDC_ACR_VALUES,
    redirectUri: config.OIDC_REDIRECT_URI,
  };
}

export class SignInError extends Error {
  readonly reason: SignInFailure;
  constructor(reason: SignInFailure) {
    super(`sign-in failed: ${reason}`);
    this.reason = reason;
    this.name = 'SignInError';
  }
}

const servers = new Map<string, { server: oauth.AuthorizationServer; until: number }>();

const requestOptions = (settings: OidcSettings) => ({
  signal: AbortSignal.timeout(IDP_TIMEOUT_MS),
  // Marked deprecated by oauth4webapi to stand out: plain http only ever reaches the local
  // test provider (oidcSettings allows it on 127.0.0.1/localhost only).
  [oauth.allowInsecureRequests]: settings.issuer.protocol === 'http:',
});

async function discover(settings: OidcSettings): Promise<oauth.AuthorizationServer> {
  const key = settings.issuer.href;
  const cached = servers.get(key);
  if (cached && cached.until > Date.now()) return cached.server;
  try {
    const response = await oauth.discoveryRequest(settings.issuer, {
      ...requestOptions(settings),
      algorithm: 'oidc',
    });
    const server = await oauth.processDiscoveryResponse(settings.issuer, response);
    servers.set(key, { server, until: Date.now() + DISCOVERY_SECONDS * 1000 });
    return server;
  } catch {
    throw new SignInError('unavailable');
  }
}

/** The redirect address registered with the provider: configured, or this site's own. */
export const redirectUriOf = (settings: OidcSettings, origin: string, path: string) =>
  settings.redirectUri ?? `${origin}${path}`;

/**
 * Starts a sign-in: the provider's authorization address to send the browser to, and the
 * token of the cookie that ties the return to this browser (its hash keys the state,
 * nonce and PKCE verifier in D1).
 */
export async function beginSignIn(
  db: D1Database,
  settings: OidcSettings,
  redirectUri: string,
  nextPath: string,
  now: Date,
): Promise<{ url: URL; cookieToken: string }> {
  const server = await discover(settings);
  if (!server.authorization_endpoint) throw new SignInError('unavailable');
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const url = new URL(server.authorization_endpoint);
  url.searchParams.set('client_id', settings.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', settings.scopes.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  if (settings.acrValues?.length) url.searchParams.set('acr_values', settings.acrValues.join(' '));
  const { token, hash } = await newToken();
  const seconds = Math.floor(now.getTime() / 1000);
  await insertLogin(
    db,
    hash,
    { state, nonce, codeVerifier, nextPath },
    seconds,
    seconds + LOGIN_SECONDS,
  );
  return { url, cookieToken: token };
}

function clientAuthentication(
  server: oauth.AuthorizationServer,
  settings: OidcSettings,
): oauth.ClientAuth {
  if (!settings.clientSecret) return oauth.None();
  const methods = server.token_endpoint_auth_methods_supported;
  return methods &&
    !methods.includes('client_secret_basic') &&
    methods.includes('client_secret_post')
    ? oauth.ClientSecretPost(settings.clientSecret)
    : oauth.ClientSecretBasic(settings.clientSecret);
}

export interface SignedIn {
  subject: string;
  identity: CitizenIdentity;
  nextPath: string;
}

/**
 * Completes a sign-in from the provider's redirect: the pending sign-in of this browser
 * (used once), the state, the code exchanged with the PKCE verifier, the ID token checked
 * (signature, issuer, audience, expiry, nonce) and its `acr`, then the UserInfo claims.
 * `now` is the app's clock: the checks of token times follow it.
 */
export async function finishSignIn(
  db: D1Database,
  settings: OidcSettings,
  redirectUri: string,
  cookieToken: string | undefined,
  callback: URL,
  now: Date,
): Promise<SignedIn> {
  const seconds = Math.floor(now.getTime() / 1000);
  const login =
    cookieToken && /^[0-9a-f]{64}$/.test(cookieToken)
      ? await takeLogin(db, await hashToken(cookieToken), seconds)
      : undefined;
  if (!login) throw new SignInError('stale');
  const server = await discover(settings);
  const client: oauth.Client = {
    client_id: settings.clientId,
    [oauth.clockSkew]: Math.round((now.getTime() - Date.now()) / 1000),
  };
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(server, client, callback, login.state);
  } catch (error) {
    throw new SignInError(
      error instanceof oauth.AuthorizationResponseError ? 'refused' : 'invalid',
    );
  }
  let claims: oauth.IDToken;
  let accessToken: string;
  try {
    const response = await oauth.authorizationCodeGrantRequest(
      server,
      client,
      clientAuthentication(server, settings),
      params,
      redirectUri,
      login.codeVerifier,
      requestOptions(settings),
    );
    const result = await oauth.processAuthorizationCodeResponse(server, client, response, {
      expectedNonce: login.nonce,
      requireIdToken: true,
    });
    claims = oauth.getValidatedIdTokenClaims(result) as oauth.IDToken;
    accessToken = result.access_token;
  } catch (error) {
    throw new SignInError(isUnreachable(error) ? 'unavailable' : 'invalid');
  }
  if (!acrAccepted(claims.acr, settings.acrValues)) throw new SignInError('acr');
  let userInfo: Record<string, unknown> = {};
  if (server.userinfo_endpoint) {
    try {
      const response = await oauth.userInfoRequest(
        server,
        client,
        accessToken,
        requestOptions(settings),
      );
      userInfo = await oauth.processUserInfoResponse(server, client, claims.sub, response);
    } catch (error) {
      throw new SignInError(isUnreachable(error) ? 'unavailable' : 'invalid');
    }
  }
  return {
    subject: await subjectOf(server.issuer, claims.sub),
    identity: identityFromClaims({ ...userInfo, ...claims }, vietnamDay(now)),
    nextPath: login.nextPath,
  };
}

/** A failure to reach the provider, as opposed to an answer that did not check out. */
const isUnreachable = (error: unknown) =>
  error instanceof TypeError ||
  (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'));
