import { spawnSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { startDevIdp } from '../../scripts/lib/dev-idp.ts';
import { freePort, startServer } from '../../scripts/lib/server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    adminPassword: string;
  }
}

export const E2E_ADMIN = 'quantri.e2e';

/**
 * Serves the built site as `npm start` does, creates the first administrator the
 * way an adopter would (`npm run admin:create`), and hands both to the browser tests.
 */
export default async function setup(project: TestProject) {
  // As `npm start` runs it, with its local test OpenID provider (a demo citizen), except the
  // per-person limits: the browser tests reuse a few test applicants across files, and those
  // limits have their own Worker tests.
  const port = await freePort();
  const idp = await startDevIdp({
    clientId: 'mot-cua-e2e',
    redirectUris: [`http://127.0.0.1:${port}/dang-nhap/ve`],
  });
  const server = await startServer({
    port,
    vars: {
      RATE_LIMIT_PERSON: '1000/3600',
      RATE_LIMIT_PHONE: '1000/3600',
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: 'mot-cua-e2e',
    },
  });
  const adminPassword = `e2e-${crypto.randomUUID()}`;
  const created = spawnSync(
    'node',
    [
      'scripts/create-admin.ts',
      '--username',
      E2E_ADMIN,
      '--name',
      'Quản trị thử nghiệm',
      '--persist-to',
      server.persistDir,
    ],
    {
      env: {
        ...process.env,
        ADMIN_PASSWORD: adminPassword,
        PATH: `${process.cwd()}/node_modules/.bin:${process.env.PATH}`,
      },
      encoding: 'utf8',
    },
  );
  if (created.status !== 0)
    throw new Error(`admin:create failed:\n${created.stdout}${created.stderr}`);
  project.provide('baseURL', server.baseURL);
  project.provide('adminPassword', adminPassword);
  return async () => {
    await server.stop();
    await idp.close();
  };
}
