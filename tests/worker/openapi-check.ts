import { Validator } from '@cfworker/json-schema';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { openApiDocument } from '../../functions/openapi/document.ts';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';

/**
 * Checks API responses against the OpenAPI document the Worker publishes.
 * The test app runs every /api response it returns through `checkResponse`;
 * the setup file fails a test file that produced an undocumented response.
 */

export const doc = openApiDocument(indexCatalogue(catalogue), new Date(), catalogue.procedures);

type Responses = Record<string, { content: { 'application/json': { schema: object } } }>;
const templates = Object.entries(doc.paths).map(([template, methods]) => ({
  template,
  re: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  methods: methods as Record<string, { responses: Responses }>,
}));

/** The documented operation a request reaches, if any. */
export function operationFor(method: string, pathname: string) {
  const found = templates.find((t) => t.re.test(pathname) && t.methods[method.toLowerCase()]);
  return found
    ? { template: found.template, operation: found.methods[method.toLowerCase()] }
    : undefined;
}

const validators = new Map<string, Validator>();
/** Every (operation, status) the tests have checked, for the coverage test. */
export const seen = new Set<string>();
export const violations: string[] = [];

export async function checkResponse(method: string, url: string, res: Response): Promise<void> {
  const { pathname } = new URL(url, 'http://localhost');
  if (!pathname.startsWith('/api/')) return;
  const found = operationFor(method, pathname);
  if (!found) return; // Not a route the Worker serves (its 404 is checked elsewhere).
  const label = `${method.toUpperCase()} ${found.template} ${res.status}`;
  const documented = found.operation?.responses[String(res.status)];
  if (!documented) {
    violations.push(`${label}: status not documented`);
    return;
  }
  seen.add(label);
  if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) {
    violations.push(`${label}: content-type ${res.headers.get('content-type')}`);
    return;
  }
  const body = await res.clone().json();
  let validator = validators.get(label);
  if (!validator) {
    validator = new Validator(
      documented.content['application/json'].schema as never,
      '2020-12',
      false,
    );
    validators.set(label, validator);
  }
  const result = validator.validate(body);
  if (!result.valid) {
    violations.push(
      `${label}: ${result.errors
        .slice(0, 5)
        .map((e) => `${e.instanceLocation} ${e.error}`)
        .join('; ')}`,
    );
  }
}
