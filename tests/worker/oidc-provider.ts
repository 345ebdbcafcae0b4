import type { TestProject } from 'vitest/node';
import { startDevIdp } from '../../scripts/lib/dev-idp.ts';
import { freePort } from '../../scripts/lib/server.ts';
import { TEST_CITIZEN } from './test-citizen.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A real OpenID provider on 127.0.0.1 for the sign-in tests (tests/worker/citizen-*.test.ts). */
    oidc: { issuer: string; clientId: string; clientSecret: string; downIssuer: string };
  }
}

/**
 * Starts oidc-provider in Node for the Worker tests (workerd fetches it on 127.0.0.1): the
 * app under test is reached at http://localhost, so that is the registered redirect. Also a
 * free port where nothing listens: an identity provider that is down.
 */
export default async function setup(project: TestProject) {
  const clientId = 'mot-cua-thu-nghiem';
  const clientSecret = `bi-mat-${crypto.randomUUID()}`;
  const idp = await startDevIdp({
    clientId,
    clientSecret,
    redirectUris: ['http://localhost/dang-nhap/ve'],
    citizens: [TEST_CITIZEN],
  });
  const downIssuer = `http://127.0.0.1:${await freePort()}`;
  project.provide('oidc', { issuer: idp.issuer, clientId, clientSecret, downIssuer });
  return () => idp.close();
}
