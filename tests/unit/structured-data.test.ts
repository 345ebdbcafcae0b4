import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/read.ts';
import { indexCatalogue } from '../../src/domain/catalogue-index.ts';
import { routes } from '../../src/domain/routes.ts';
import {
  governmentOrganization,
  governmentService,
  serviceContext,
} from '../../src/domain/structured-data.ts';

// The JSON-LD of every procedure page and every agency page, built from the real
// catalogue, is type-checked against the schema.org vocabulary as published in
// `schema-dts` (generated from schema.org, pending terms included). Object literals get
// excess-property checks, so a misspelt property, a property the type does not have,
// a value of the wrong type or a wrong @type is a compile error. Negative controls
// show the check bites. See docs/adr/0010.

const catalogue = await loadCatalogue('content');
const index = indexCatalogue(catalogue);
const absoluteUrl = (path: string) => new URL(path, catalogue.site.url).toString();

const services = catalogue.procedures.map((procedure) => ({
  procedure,
  ld: governmentService(procedure, serviceContext(procedure, index, absoluteUrl)),
}));
const organizations = catalogue.agencies.map((agency) => ({
  agency,
  ld: governmentOrganization(agency, absoluteUrl(routes.agency(agency.slug)), catalogue.site),
}));

/** What a page actually emits: JSON (undefined dropped), as a plain value. */
type Json = Record<string, unknown>;
const emitted = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;

const HEADER =
  "import type { GovernmentOrganization, GovernmentService, ServiceChannel, WithContext } from 'schema-dts';\n";

/** One `const` per JSON-LD document, annotated with its schema.org type. */
function declarations(items: { source: string; type: string; json: Json }[]): string {
  return (
    HEADER +
    items
      .map(
        (item, i) =>
          `// ${item.source}\nexport const d${i}: WithContext<${item.type}> = ${JSON.stringify(item.json, null, 2)};\n`,
      )
      .join('')
  );
}

/** Diagnostics of each virtual file, as "line N: message (near: source line)". */
type Diagnostics = Map<string, string[]>;

/** Type-checks virtual TypeScript files with the compiler API (strict, no emit). */
function typeCheck(files: Record<string, string>): Diagnostics {
  const root = join(process.cwd(), '__schema-check__');
  const paths = new Map(Object.keys(files).map((name) => [join(root, name), name]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  const virtual = (file: string) => {
    const name = paths.get(file);
    return name === undefined ? undefined : files[name];
  };
  host.getSourceFile = (file, language, ...rest) => {
    const text = virtual(file);
    return text === undefined
      ? getSourceFile.call(host, file, language, ...rest)
      : ts.createSourceFile(file, text, language);
  };
  host.fileExists = (file) => virtual(file) !== undefined || fileExists.call(host, file);
  host.readFile = (file) => virtual(file) ?? readFile.call(host, file);
  const program = ts.createProgram([...paths.keys()], options, host);
  const out: Diagnostics = new Map();
  for (const [file, name] of paths) {
    const source = program.getSourceFile(file);
    const lines = (files[name] ?? '').split('\n');
    out.set(
      name,
      ts.getPreEmitDiagnostics(program, source).map((d) => {
        const line =
          d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
        const owner = lines
          .slice(0, line + 1)
          .reverse()
          .find((l) => l.startsWith('// '));
        return `line ${line + 1}${owner ? ` (${owner.slice(3)})` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}\n  near: ${lines[line]?.trim()}`;
      }),
    );
  }
  return out;
}

const firstService = emitted(services[0]?.ld);
const firstOrganization = emitted(organizations[0]?.ld);
const withCoordinates = organizations.find((o) => o.agency.coordinates);

/** Mistakes the check must catch, each in its own file. */
const CONTROLS: { name: string; type: string; json: Json; expect: RegExp }[] = [
  {
    name: 'misspelt property',
    type: 'GovernmentService',
    json: (({ serviceOperator, ...rest }) => ({ ...rest, serviceOperater: serviceOperator }))(
      firstService,
    ),
    expect: /serviceOperater"' does not exist/,
  },
  {
    name: 'a number where a ServiceChannel is expected',
    type: 'GovernmentService',
    json: { ...firstService, availableChannel: 42 },
    expect: /Type 'number' is not assignable to type 'SchemaValue<.*ServiceChannel/,
  },
  {
    name: 'wrong @type',
    type: 'GovernmentService',
    json: { ...firstService, '@type': 'GovernmentServise' },
    expect: /"GovernmentServise"/,
  },
  {
    name: 'processingTime as a number instead of an ISO 8601 duration',
    type: 'GovernmentService',
    json: {
      ...firstService,
      availableChannel: [{ '@type': 'ServiceChannel', name: 'Trực tiếp', processingTime: 3 }],
    },
    expect: /processingTime/,
  },
  {
    name: 'a person as the operator of a government service',
    type: 'GovernmentService',
    json: { ...firstService, serviceOperator: [{ '@type': 'Person', name: 'Nguyễn Văn A' }] },
    expect: /"Person"/,
  },
  {
    name: 'a currency code that is not text',
    type: 'GovernmentService',
    json: { ...firstService, offers: [{ '@type': 'Offer', price: 20000, priceCurrency: 704 }] },
    expect: /priceCurrency|number/,
  },
  {
    name: 'geo directly on an organization (a property of Place)',
    type: 'GovernmentOrganization',
    json: {
      ...firstOrganization,
      geo: { '@type': 'GeoCoordinates', latitude: 11.7, longitude: 109.1 },
    },
    expect: /geo"' does not exist/,
  },
  {
    name: 'misspelt nested property',
    type: 'GovernmentOrganization',
    json: {
      ...firstOrganization,
      address: { '@type': 'PostalAddress', streetAdress: 'Xã Lợi Hải' },
    },
    expect: /streetAdress/,
  },
];

let diagnostics: Diagnostics;

beforeAll(() => {
  diagnostics = typeCheck({
    'services.ts': declarations(
      services.map((s) => ({
        source: s.procedure.source,
        type: 'GovernmentService',
        json: emitted(s.ld),
      })),
    ),
    'organizations.ts': declarations(
      organizations.map((o) => ({
        source: o.agency.source,
        type: 'GovernmentOrganization',
        json: emitted(o.ld),
      })),
    ),
    // processingTime is a pending schema.org term (https://schema.org/processingTime). If a
    // schema-dts update ever left pending terms out, this probe fails and says so, rather
    // than the property silently losing its check.
    'pending.ts': `${HEADER}type Channel = Extract<ServiceChannel, { '@type': 'ServiceChannel' }>;
export const time: NonNullable<Channel['processingTime']> = 'P3D';
`,
    ...Object.fromEntries(
      CONTROLS.map((c, i) => [
        `control-${i}.ts`,
        declarations([{ source: c.name, type: c.type, json: c.json }]),
      ]),
    ),
  });
}, 60_000);

describe('JSON-LD against the schema.org vocabulary (schema-dts, type-checked)', () => {
  test('the catalogue has procedures and agencies to check', () => {
    expect(services.length).toBe(catalogue.procedures.length);
    expect(services.length).toBeGreaterThan(10);
    expect(organizations.length).toBe(catalogue.agencies.length);
    expect(organizations.length).toBeGreaterThan(5);
    expect(withCoordinates, 'an agency with coordinates, to check location.geo').toBeDefined();
  });

  test('schema-dts declares the pending property ServiceChannel.processingTime', () => {
    expect(diagnostics.get('pending.ts')).toEqual([]);
  });

  test('every procedure page: GovernmentService with only schema.org properties and types', () => {
    expect(diagnostics.get('services.ts')).toEqual([]);
  });

  test('every agency page: GovernmentOrganization with only schema.org properties and types', () => {
    expect(diagnostics.get('organizations.ts')).toEqual([]);
  });

  test.each(CONTROLS.map((c, i) => ({ ...c, file: `control-${i}.ts` })))(
    'the check bites: $name',
    ({ file, expect: pattern }) => {
      const found = diagnostics.get(file) ?? [];
      expect(found.length).toBeGreaterThan(0);
      expect(found.join('\n')).toMatch(pattern);
    },
  );
});

describe('what a search engine reads from a procedure page', () => {
  test.each(services.map((s) => ({ slug: s.procedure.slug, ...s })))(
    '$slug',
    ({ procedure: p, ld }) => {
      expect(ld['@context']).toBe('https://schema.org');
      expect(ld['@type']).toBe('GovernmentService');
      expect(ld.name).toBe(p.title);
      expect(ld.identifier).toBe(p.code);
      expect(ld.url).toBe(absoluteUrl(routes.procedure(p.slug)));

      // The agencies that handle it, by name, linking to their pages.
      expect(ld.serviceOperator.length).toBeGreaterThan(0);
      expect(ld.serviceOperator.map((o) => o.name)).toEqual(
        p.agencies.map((slug) => index.agencyBySlug.get(slug)?.name),
      );
      for (const o of ld.serviceOperator) expect(o.url).toMatch(/^https:\/\/.+\/co-quan\//);

      expect(ld.areaServed['@type']).toBe('AdministrativeArea');
      expect(ld.areaServed.name).toContain(catalogue.site.locality.name);

      // One channel per way to submit, each with its processing time in days.
      expect(ld.availableChannel).toHaveLength(p.channels.length);
      ld.availableChannel.forEach((channel, i) => {
        const days = (p.channels[i]?.time ?? p.time).days;
        expect(channel['@type']).toBe('ServiceChannel');
        expect(channel.processingTime).toMatch(/^P\d+D$/);
        expect(channel.processingTime).toBe(`P${days}D`);
        if ('serviceUrl' in channel) expect(channel.serviceUrl).toMatch(/\/nop-ho-so\//);
        else expect(channel.serviceLocation.length).toBeGreaterThan(0);
      });

      // Fees with an amount as offers in đồng; none when nothing is charged by amount.
      const priced = p.fees.filter((f) => f.amount !== undefined || f.tiers);
      const offers = ld.offers ?? [];
      expect(offers).toHaveLength(priced.length);
      offers.forEach((offer, i) => {
        const fee = priced[i];
        expect(offer['@type']).toBe('Offer');
        expect(offer.name).toBe(fee?.name);
        expect(offer.priceCurrency).toBe('VND');
        expect(offer.price).toBe(fee?.amount ?? fee?.tiers?.[0]?.amount);
        expect(Number.isInteger(offer.price) && offer.price >= 0).toBe(true);
      });
    },
  );

  test('the catalogue exercises fees, tiers, per-channel fees and online channels', () => {
    const all = services.flatMap((s) => s.ld.offers ?? []);
    expect(all.length).toBeGreaterThan(0);
    expect(all.some((o) => o.description?.includes('từ'))).toBe(true);
    expect(all.some((o) => o.description?.includes('Áp dụng khi nộp'))).toBe(true);
    expect(services.some((s) => s.ld.availableChannel.some((c) => 'serviceUrl' in c))).toBe(true);
  });
});

describe('what a search engine reads from an agency page', () => {
  test.each(organizations.map((o) => ({ slug: o.agency.slug, ...o })))(
    '$slug',
    ({ agency: a, ld }) => {
      expect(ld['@type']).toBe('GovernmentOrganization');
      expect(ld.name).toBe(a.name);
      expect(ld.identifier).toBe(a.code);
      expect(ld.url).toBe(absoluteUrl(routes.agency(a.slug)));
      expect(ld.address.streetAddress).toBe(a.address);
      expect(ld.address.addressCountry).toBe('VN');
      expect(ld.areaServed.name).toBeTruthy();
      expect('geo' in ld).toBe(false);
      if (a.coordinates) {
        expect(ld.location?.geo).toEqual({
          '@type': 'GeoCoordinates',
          latitude: a.coordinates.lat,
          longitude: a.coordinates.lng,
        });
      } else {
        expect(a.coordinates).toBeUndefined();
      }
    },
  );
});
