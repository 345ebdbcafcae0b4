import { env } from 'cloudflare:workers';
import { describe, expect, test } from 'vitest';
import { app } from './test-worker.ts';
import { checkResponse, doc, operationFor, seen, violations } from './openapi-check.ts';
import { onlineDossier, signIn, as } from './office-helpers.ts';
import { validSubmission } from './submission-helpers.ts';

/**
 * The OpenAPI document and the Worker agree: every /api route is documented,
 * every documented operation is served, and responses match their schemas
 * (every Worker test checks the latter through tests/worker/openapi-check.ts).
 */

const call = (path: string, init?: RequestInit) => Promise.resolve(app.request(path, init, env));

/** `/api/procedures/:code` → `/api/procedures/{code}` (regex constraints dropped). */
const template = (path: string) => path.replace(/:([a-z]+)(\{[^}]+\})?/gi, '{$1}');

describe('the document covers the Worker', () => {
  const served = app.routes
    .filter((r) => r.path.startsWith('/api/') && !r.path.endsWith('*') && r.method !== 'ALL')
    .map((r) => `${r.method.toLowerCase()} ${template(r.path)}`);
  const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => `${m} ${path}`),
  );

  test('every route under /api is in the document, and nothing else is', () => {
    expect(served.length).toBeGreaterThan(8);
    expect([...new Set(served)].sort()).toEqual([...new Set(documented)].sort());
  });

  test('it is OpenAPI 3.1 with unique operation ids and a response for every operation', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const ids = Object.values(doc.paths).flatMap((m) =>
      Object.values(m as Record<string, { operationId: string }>).map((o) => o.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const methods of Object.values(doc.paths)) {
      for (const op of Object.values(methods as Record<string, { responses: object }>)) {
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
      }
    }
  });

  test('the document served is the one the tests check against', async () => {
    const res = await call('/api/openapi.json');
    expect(res.status).toBe(200);
    const served = (await res.json()) as typeof doc;
    expect(Object.keys(served.paths).sort()).toEqual(Object.keys(doc.paths).sort());
  });

  test('the submission body has one variant per online procedure, from its own form', () => {
    const body = (
      doc.paths['/api/submissions'] as {
        post: {
          requestBody: {
            content: {
              'application/json': {
                schema: { oneOf: { properties: Record<string, { const?: string }> }[] };
              };
            };
          };
        };
      }
    ).post.requestBody.content['application/json'].schema;
    const codes = body.oneOf.map((v) => v.properties.procedure?.const);
    expect(codes).toContain(validSubmission().procedure);
    for (const variant of body.oneOf) {
      expect(Object.keys(variant.properties)).toEqual(
        expect.arrayContaining(['procedure', 'applicant', 'fields', 'attachments']),
      );
    }
  });
});

describe('responses match their documented schemas', () => {
  test('a response that breaks its schema is caught (the check bites)', async () => {
    const before = violations.length;
    await checkResponse(
      'GET',
      '/api/health',
      new Response(JSON.stringify({ status: 'fine' }), {
        headers: { 'content-type': 'application/json' },
      }),
    );
    await checkResponse('GET', '/api/health', new Response('{}', { status: 418 }));
    const caught = violations.splice(before);
    expect(caught).toHaveLength(2);
    expect(caught[0]).toMatch(/GET \/api\/health 200/);
    expect(caught[1]).toMatch(/418: status not documented/);
  });

  test('every documented operation answers as documented, success and errors', async () => {
    const { code, secret } = await onlineDossier();
    const officer = await signIn('tn.openapi', 'receptionist', ['ttpvhcc-xa-thuan-bac']);
    const json = { 'content-type': 'application/json' };
    const responses = [
      await call('/api/health'),
      await call('/api/procedures?q=khai%20sinh'),
      await call('/api/procedures?level=tinh-thanh'),
      await call('/api/procedures/1.001193'),
      await call('/api/procedures/abc'),
      await call('/api/procedures/9.999999'),
      await call('/api/calendar/due-date?received=2026-11-27T09:00:00%2B07:00&days=5'),
      await call('/api/calendar/due-date?days=5'),
      await call('/api/calendar/2026'),
      await call('/api/calendar/1800'),
      await call('/api/calendar/nam'),
      await call('/api/submissions', {
        method: 'POST',
        headers: json,
        body: JSON.stringify(validSubmission()),
      }),
      await call('/api/submissions', { method: 'POST', headers: json, body: '{' }),
      await call('/api/submissions', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ ...validSubmission(), procedure: '9.999999' }),
      }),
      await call('/api/submissions', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      }),
      await call('/api/submissions', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ ...validSubmission(), applicant: {} }),
      }),
      await call(`/api/submissions/${encodeURIComponent(code)}`, {
        headers: { 'x-lookup-secret': secret },
      }),
      await call(`/api/submissions/${encodeURIComponent(code)}`),
      await call(`/api/submissions/${encodeURIComponent(code)}`, {
        headers: { 'x-lookup-secret': 'SAI-SAI' },
      }),
      await call('/api/stats?ky=nam&nam=2026'),
      await call('/api/stats?ky=quy&nam=2026&quy=9'),
      await as(officer, '/api/can-bo/ho-so'),
      await as(officer, '/api/can-bo/ho-so?tab=khong-co'),
      await as(undefined, '/api/can-bo/ho-so'),
      await call('/api/openapi.json'),
    ];
    const statuses = responses.map((r) => r.status);
    expect(statuses).toEqual([
      200, 200, 400, 200, 400, 404, 200, 400, 200, 400, 404, 201, 400, 404, 415, 422, 200, 401, 404,
      200, 400, 200, 400, 401, 200,
    ]);
    // Each of these went through the schema check (test-worker.ts); none broke it.
    expect(violations).toEqual([]);
    for (const label of [
      'GET /api/stats 200',
      'POST /api/submissions 201',
      'GET /api/submissions/{code} 200',
      'GET /api/can-bo/ho-so 200',
    ]) {
      expect(seen).toContain(label);
    }
    expect(operationFor('GET', '/api/procedures/1.001193')?.template).toBe(
      '/api/procedures/{code}',
    );
  });
});

describe('the reference page', () => {
  test('lists every operation, readable without JavaScript', async () => {
    const res = await call('/tai-lieu-api');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h1>Tài liệu API</h1>');
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        expect(page).toContain(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(page).toContain('href="/api/openapi.json"');
    expect(page).not.toContain('<script');
  });
});
