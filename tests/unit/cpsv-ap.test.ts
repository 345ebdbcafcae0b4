import rdf from '@zazuko/env-node';
import type SHACLValidator from 'rdf-validate-shacl';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  type Dataset,
  describeFindings,
  refused,
  shaclValidator,
  toDataset,
  toNQuads,
  type Validation,
  validateJsonLd,
} from '../../scripts/lib/cpsv-ap-shacl.ts';
import { loadCatalogue } from '../../src/catalogue/read.ts';
import type { Catalogue } from '../../src/catalogue/types.ts';
import {
  CPSV_AP_PATH,
  type CpsvApDocument,
  cpsvApCatalogue,
  cpsvApPartPath,
  cpsvApParts,
  EU_CURRENCY_VND,
  type JsonLdNode,
} from '../../src/domain/interop/cpsv-ap.ts';
import { catalogueParts } from '../../src/domain/open-data/parts.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';

/**
 * The CPSV-AP export validated against SEMIC's official SHACL shapes (scripts/lib/cpsv-ap-shacl.ts):
 * every sh:Violation fails the test; sh:Warning and sh:Info are counted and printed. Nothing
 * is fetched: the export inlines its context and the document loader refuses every URL.
 */

const NS = {
  adms: 'http://www.w3.org/ns/adms#',
  cpsv: 'http://purl.org/vocab/cpsv#',
  cv: 'http://data.europa.eu/m8g/',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  sh: 'http://www.w3.org/ns/shacl#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
};
const iri = (prefix: keyof typeof NS, local: string) => rdf.namedNode(`${NS[prefix]}${local}`);

let validator: SHACLValidator;

/** Validates a JSON-LD document against the shapes. */
const validate = (doc: object): Promise<Validation> => validateJsonLd(validator, doc);

/** The graph's node with this IRI (throws when missing, to keep tests short). */
function nodeById(doc: CpsvApDocument, id: string): JsonLdNode {
  const found = doc['@graph'].find((n) => n['@id'] === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

/** The IRI values of a property as a list. */
const ids = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? (value as string[]) : [value as string];

/** The objects of (subject, predicate) in a dataset. */
function objects(data: Dataset, subject: string, predicate: ReturnType<typeof iri>) {
  return [...data.match(rdf.namedNode(subject), predicate)].map((q) => q.object);
}

/** A copy of the export with one node changed. */
function withNode(
  doc: CpsvApDocument,
  id: string,
  edit: (node: JsonLdNode) => void,
): CpsvApDocument {
  const copy = structuredClone(doc);
  const node = copy['@graph'].find((n) => n['@id'] === id);
  if (!node) throw new Error(`no node ${id}`);
  edit(node);
  return copy;
}

/** A copy of a catalogue with one procedure changed. */
function withProcedure(
  catalogue: Catalogue,
  code: string,
  edit: (p: Procedure) => Procedure,
): Catalogue {
  return {
    ...catalogue,
    procedures: catalogue.procedures.map((p) => (p.code === code ? edit(p) : p)),
  };
}

/** The numeric fee values a procedure should export: each amount or tier, per channel. */
function expectedValues(p: Procedure): number[] {
  return p.fees
    .flatMap((fee) => {
      const values = fee.tiers
        ? fee.tiers.map((t) => t.amount)
        : fee.amount !== undefined
          ? [fee.amount]
          : [];
      return values.flatMap((v) => (fee.channels ?? [undefined]).map(() => v));
    })
    .sort((a, b) => a - b);
}

let demo: Catalogue;
let doc: CpsvApDocument;
let data: Dataset;
let result: Validation;
const page = (path: string) => new URL(path, demo.site.url).toString();
const service = (slug: string, part = 'service') => `${page(`/thu-tuc/${slug}/`)}#${part}`;
const org = (slug: string) => `${page(`/co-quan/${slug}/`)}#org`;

beforeAll(async () => {
  validator = shaclValidator();
  demo = await loadCatalogue('content');
  doc = cpsvApCatalogue(demo);
  data = await toDataset(doc);
  result = await validate(doc);
  console.log(
    `CPSV-AP (content/): ${demo.procedures.length} services, ${result.triples} triples, ` +
      `${Buffer.byteLength(JSON.stringify(doc))} bytes; SHACL in ${result.ms.toFixed(0)} ms: ` +
      `${result.violations.length} violations, ${result.warnings} warnings, ${result.infos} infos`,
  );
});

describe('the CPSV-AP 3.2 export conforms to the official SHACL shapes', () => {
  test('the demo catalogue (content/) has no violation', () => {
    expect(result.triples).toBeGreaterThan(1000);
    expect(
      describeFindings(result.violations),
      `SHACL violations:\n${describeFindings(result.violations).join('\n')}`,
    ).toEqual([]);
  });

  test('the second locality (tests/fixtures/locality-b) has no violation', async () => {
    const other = await loadCatalogue('tests/fixtures/locality-b');
    const licence = 'https://creativecommons.org/licenses/by/4.0/';
    const exported = cpsvApCatalogue(other, { licence });
    const found = await validate(exported);
    console.log(
      `CPSV-AP (locality-b): ${found.violations.length} violations, ` +
        `${found.warnings} warnings, ${found.infos} infos`,
    );
    expect(describeFindings(found.violations)).toEqual([]);
    const services = exported['@graph'].filter((n) => n['@type'] === 'cpsv:PublicService');
    expect(services.map((n) => n['@id'])).toEqual([
      'https://motcua.thu-nghiem.example/thu-tuc/khai-sinh/#service',
    ]);
    const dataset = exported['@graph'].find((n) => n['@type'] === 'dcat:Dataset');
    expect(dataset?.['dct:license']).toBe(licence);
  });

  test('repealed and suspended procedures are exported, with their status', async () => {
    const changed = withProcedure(
      withProcedure(demo, '1.001193', (p) => ({
        ...p,
        status: 'repealed',
        replacedBy: '1.004222',
      })),
      '2.000815',
      (p) => ({ ...p, status: 'suspended' }),
    );
    const exported = cpsvApCatalogue(changed);
    const found = await validate(exported);
    expect(describeFindings(found.violations)).toEqual([]);
    const repealed = nodeById(exported, service('dang-ky-khai-sinh'));
    expect(repealed['adms:status']).toMatch(/#status-repealed$/);
    const replacement = changed.procedures.find((p) => p.code === '1.004222');
    expect(repealed['dct:isReplacedBy']).toBe(service(replacement?.slug ?? ''));
    expect(nodeById(exported, String(repealed['adms:status']))['skos:prefLabel']).toBe('Đã bãi bỏ');
    const suspended = exported['@graph'].find((n) => n['dct:identifier'] === '2.000815');
    expect(suspended?.['adms:status']).toMatch(/#status-suspended$/);
  });

  test('no URL is ever fetched: a remote context is refused', async () => {
    const remote = {
      '@context':
        'https://semiceu.github.io/uri.semic.eu-generated/CPSV-AP/releases/3.2.0/context/cpsv-ap.jsonld',
      '@id': 'https://example.org/s',
      '@type': 'PublicService',
    };
    const before = refused.length;
    await expect(toDataset(remote)).rejects.toThrow();
    expect(refused.slice(before)).toEqual([remote['@context']]);
    // The export itself never asked for anything.
    expect(refused.slice(0, before)).toEqual([]);
  });
});

// Negative controls: a broken export must fail, on the path that was broken.
describe('the validator bites', () => {
  const cases: {
    name: string;
    path: string;
    focus: () => string;
    edit: (d: CpsvApDocument) => CpsvApDocument;
  }[] = [
    {
      name: 'a service without dct:title',
      path: `${NS.dct}title`,
      focus: () => service('dang-ky-khai-sinh'),
      edit: (d) =>
        withNode(d, service('dang-ky-khai-sinh'), (n) => {
          delete n['dct:title'];
        }),
    },
    {
      name: 'a service without competent authority',
      path: `${NS.cv}hasCompetentAuthority`,
      focus: () => service('dang-ky-khai-sinh'),
      edit: (d) =>
        withNode(d, service('dang-ky-khai-sinh'), (n) => {
          delete n['cv:hasCompetentAuthority'];
        }),
    },
    {
      // A plain string: coerced to xsd:double, jsonld.js would turn it into "NaN".
      name: 'a cost whose value is text',
      path: `${NS.cv}hasValue`,
      focus: () => service('chung-thuc-chu-ky', 'cost-1'),
      edit: (d) =>
        withNode(d, service('chung-thuc-chu-ky', 'cost-1'), (n) => {
          n['cv:hasValue'] = { '@value': 'mười nghìn đồng' };
        }),
    },
    {
      name: 'a cost whose value is an xsd:decimal, not the xsd:double the shapes require',
      path: `${NS.cv}hasValue`,
      focus: () => service('chung-thuc-chu-ky', 'cost-1'),
      edit: (d) =>
        withNode(d, service('chung-thuc-chu-ky', 'cost-1'), (n) => {
          n['cv:hasValue'] = { '@value': '10000', '@type': 'xsd:decimal' };
        }),
    },
    {
      name: 'a channel whose processing time is not an xsd:duration',
      path: `${NS.cv}processingTime`,
      focus: () => service('dang-ky-khai-sinh', 'channel-truc-tiep'),
      edit: (d) =>
        withNode(d, service('dang-ky-khai-sinh', 'channel-truc-tiep'), (n) => {
          n['cv:processingTime'] = '15 ngày làm việc';
        }),
    },
    {
      name: 'an evidence without dct:identifier',
      path: `${NS.dct}identifier`,
      focus: () => service('dang-ky-khai-sinh', 'evidence-1'),
      edit: (d) =>
        withNode(d, service('dang-ky-khai-sinh', 'evidence-1'), (n) => {
          delete n['dct:identifier'];
        }),
    },
    {
      name: 'an organisation without dct:spatial',
      path: `${NS.dct}spatial`,
      focus: () => org('ubnd-xa-thuan-bac'),
      edit: (d) =>
        withNode(d, org('ubnd-xa-thuan-bac'), (n) => {
          delete n['dct:spatial'];
        }),
    },
    {
      name: 'a currency that is not typed skos:Concept',
      path: `${NS.cv}currency`,
      focus: () => service('chung-thuc-chu-ky', 'cost-1'),
      edit: (d) => ({ ...d, '@graph': d['@graph'].filter((n) => n['@id'] !== EU_CURRENCY_VND) }),
    },
  ];

  test.each(cases)('$name is a violation on its path', async ({ path, focus, edit }) => {
    const found = await validate(edit(doc));
    expect(found.violations.length).toBeGreaterThan(0);
    expect(
      found.violations.some((v) => v.path === path && v.focus === focus()),
      describeFindings(found.violations).join('\n'),
    ).toBe(true);
  });
});

describe('what a consumer reads from the export', () => {
  test('one PublicService per procedure, each part of the dataset', () => {
    const services = [...data.match(null, iri('rdf', 'type'), iri('cpsv', 'PublicService'))];
    expect(services).toHaveLength(demo.procedures.length);
    expect(demo.procedures.length).toBeGreaterThan(0);
    const dataset = doc['@graph'].find((n) => n['@type'] === 'dcat:Dataset');
    expect(ids(dataset?.['dct:hasPart'])).toHaveLength(demo.procedures.length);
  });

  test('every node has an IRI under the site URL, or an EU authority IRI; no blank nodes', () => {
    for (const node of doc['@graph']) {
      expect(node['@id']).toMatch(
        new RegExp(`^(${page('/')}|http://publications\\.europa\\.eu/resource/authority/)`),
      );
    }
    expect([...data].some((q) => q.subject.termType === 'BlankNode')).toBe(false);
  });

  test('1.001193 Đăng ký khai sinh: title, evidence, processing time, fees', () => {
    const p = demo.procedures.find((x) => x.code === '1.001193');
    if (!p) throw new Error('1.001193 is missing from content/');
    const s = service(p.slug);
    const [title] = objects(data, s, iri('dct', 'title'));
    expect(title?.value).toBe('Đăng ký khai sinh');
    expect(title?.termType === 'Literal' && title.language).toBe('vi');
    expect(objects(data, s, iri('dct', 'identifier')).map((o) => o.value)).toEqual(['1.001193']);

    const evidence = objects(data, s, iri('cpsv', 'hasInput'));
    expect(evidence).toHaveLength(p.documents.length);
    expect(evidence).toHaveLength(5);
    for (const e of evidence) {
      expect(data.has(rdf.quad(e as never, iri('rdf', 'type'), iri('cv', 'Evidence')))).toBe(true);
    }
    const titles = evidence.flatMap((e) => objects(data, e.value, iri('dct', 'title')));
    expect(titles.map((t) => t.value)).toEqual(p.documents.map((d) => d.name));

    const [time] = objects(data, s, iri('cv', 'processingTime'));
    expect(time?.value).toBe('P0D');
    expect(time?.termType === 'Literal' && time.datatype.value).toBe(`${NS.xsd}duration`);
    const channels = objects(data, s, iri('cv', 'hasChannel'));
    expect(channels).toHaveLength(p.channels.length);
    for (const c of channels) {
      expect(objects(data, c.value, iri('cv', 'processingTime')).map((o) => o.value)).toEqual([
        'P0D',
      ]);
      const [description] = objects(data, c.value, iri('dct', 'description'));
      expect(description?.value).toContain('ngày làm việc');
    }
    // Registration in time is exempt; late registration is charged at a rate the HĐND tỉnh
    // sets and nobody has confirmed: neither Cost carries a number.
    const costs = objects(data, s, iri('cv', 'hasCost'));
    expect(costs).toHaveLength(p.fees.length);
    const describe = (c: (typeof costs)[number]) =>
      objects(data, c.value, iri('dct', 'description'))[0]?.value ?? '';
    const inTime = costs.find((c) => describe(c).includes('Đăng ký đúng hạn'));
    const late = costs.find((c) => describe(c).includes('Đăng ký quá hạn'));
    expect(inTime && describe(inTime)).toContain(': Miễn');
    expect(late && describe(late)).toContain('Mức thu do HĐND tỉnh quy định; chưa xác nhận');
    for (const c of [inTime, late]) {
      expect(objects(data, c?.value ?? '', iri('cv', 'hasValue'))).toEqual([]);
    }
  });

  test('processing time in working days becomes P<n>D with a working-days note', () => {
    const p = demo.procedures.find((x) => x.time.days > 0);
    if (!p) throw new Error('no procedure with a processing time in days');
    const s = service(p.slug);
    expect(objects(data, s, iri('cv', 'processingTime')).map((o) => o.value)).toEqual([
      `P${p.time.days}D`,
    ]);
    const days = (p.channels[0]?.time ?? p.time).days;
    const channel = nodeById(doc, ids(nodeById(doc, s)['cv:hasChannel'])[0] ?? '');
    expect(channel['cv:processingTime']).toBe(`P${days}D`);
    expect(channel['dct:description']).toContain(`${days} ngày làm việc`);
  });

  test('every procedure: evidence count = documents, outputs = results, fee values = fees', () => {
    for (const p of demo.procedures) {
      const s = service(p.slug);
      expect(objects(data, s, iri('cpsv', 'hasInput')), p.code).toHaveLength(p.documents.length);
      expect(objects(data, s, iri('cpsv', 'produces')), p.code).toHaveLength(p.result.length);
      const values = objects(data, s, iri('cv', 'hasCost'))
        .flatMap((c) => objects(data, c.value, iri('cv', 'hasValue')))
        .map((v) => Number(v.value))
        .sort((a, b) => a - b);
      expect(values, p.code).toEqual(expectedValues(p));
    }
  });

  test('fees: tiers, channel-specific amounts and note-only fees', () => {
    const tiered = nodeById(doc, service('chung-thuc-ban-sao-tu-ban-chinh'));
    const costs = ids(tiered['cv:hasCost']).map((id) => nodeById(doc, id));
    expect(costs.map((c) => c['cv:hasValue'])).toEqual([2000, 1000]);
    expect(costs.every((c) => c['cv:currency'] === EU_CURRENCY_VND)).toBe(true);
    expect(costs[0]?.['dct:description']).toContain('tối đa 200.000 đ/bản');
    const [value] = objects(data, costs[0]?.['@id'] ?? '', iri('cv', 'hasValue'));
    expect(value?.termType === 'Literal' && value.datatype.value).toBe(`${NS.xsd}double`);

    const online = ids(nodeById(doc, service('dang-ky-tam-tru'))['cv:hasCost'])
      .map((id) => nodeById(doc, id))
      .find((c) => c['cv:ifAccessedThrough'] === service('dang-ky-tam-tru', 'channel-truc-tuyen'));
    expect(online?.['cv:hasValue']).toBe(7000);

    const noteOnly = ids(
      nodeById(doc, service('cap-giay-phep-xay-dung-nha-o-rieng-le'))['cv:hasCost'],
    )
      .map((id) => nodeById(doc, id))
      .at(0);
    expect(noteOnly?.['cv:hasValue']).toBeUndefined();
    expect(noteOnly?.['cv:currency']).toBeUndefined();
    expect(noteOnly?.['dct:description']).toContain('HĐND tỉnh');
  });

  test('competent authorities are the procedure agencies, as public organisations', () => {
    const p = demo.procedures.find((x) => x.code === '1.001193');
    const authorities = objects(data, service(p?.slug ?? ''), iri('cv', 'hasCompetentAuthority'));
    expect(authorities.map((a) => a.value)).toEqual((p?.agencies ?? []).map(org));
    const [label] = objects(data, authorities[0]?.value ?? '', iri('skos', 'prefLabel'));
    const first = demo.agencies.find((a) => a.slug === p?.agencies[0]);
    expect(first?.name).toMatch(/^Ủy ban nhân dân xã /);
    expect(label?.value).toBe(first?.name);
  });

  test('the export is deterministic', () => {
    expect(JSON.stringify(cpsvApCatalogue(demo))).toBe(JSON.stringify(doc));
  });
});

describe('the export as published: an index and one part per field (ADR 0026)', () => {
  /** Distinct N-Quads lines of a document (no blank nodes, so lines compare as triples). */
  const quads = async (d: object) => new Set((await toNQuads(d)).split('\n').filter(Boolean));

  // Five procedures per part: the demo's larger fields get pages, and related services
  // cross parts, as in a province's catalogue.
  const cut = (size: number) => {
    const parts = catalogueParts(demo.procedures, demo.fields, size);
    return { parts, exported: cpsvApParts(demo, parts) };
  };

  test('the index and every part, each on its own, have no SHACL violation', async () => {
    for (const size of [5]) {
      const { parts, exported } = cut(size);
      const documents = [
        ['index', exported.index()] as const,
        ...parts.map((p) => [p.slug, exported.part(p.slug)] as const),
      ];
      for (const [name, d] of documents) {
        const found = await validate(d);
        expect(describeFindings(found.violations), `${name} (parts of ${size})`).toEqual([]);
      }
    }
  });

  test('index and parts together are the triples of the whole export, plus the links to the parts', async () => {
    const whole = await quads(doc);
    // What only the index says: its dcat:Distribution nodes and the dataset's links to them.
    const aboutParts = (q: string) =>
      q.startsWith(`<${page(CPSV_AP_PATH)}#part-`) || q.includes(`<${NS.dcat}distribution>`);
    for (const size of [500, 5]) {
      const { parts, exported } = cut(size);
      const union = new Set(await quads(exported.index()));
      for (const p of parts) for (const q of await quads(exported.part(p.slug))) union.add(q);
      expect(
        [...union].filter((q) => !whole.has(q) && !aboutParts(q)),
        `extra (parts of ${size})`,
      ).toEqual([]);
      expect([...union].filter(aboutParts).length).toBe(parts.length * 8);
      expect(
        [...whole].filter((q) => !union.has(q)),
        `missing (parts of ${size})`,
      ).toEqual([]);
    }
  });

  test('the index links every part; every procedure is the service of exactly one part', () => {
    const { parts, exported } = cut(5);
    expect(parts.length).toBeGreaterThan(new Set(demo.procedures.map((p) => p.field)).size);
    const index = exported.index();
    const dataset = nodeById(index, page(`${CPSV_AP_PATH}#catalogue`));
    expect(dataset['dct:hasPart']).toBeUndefined();
    const distributions = ids(dataset['dcat:distribution']).map((id) => nodeById(index, id));
    expect(distributions.map((d) => d['dcat:downloadURL'])).toEqual(
      parts.map((p) => page(cpsvApPartPath(p.slug))),
    );
    for (const d of distributions) expect(d['@type']).toBe('dcat:Distribution');
    expect(index['@graph'].some((n) => n['@type'] === 'cpsv:PublicService')).toBe(false);

    const owners = new Map<string, string[]>();
    for (const p of parts) {
      const own = ids(nodeById(exported.part(p.slug), dataset['@id'])['dct:hasPart']);
      expect(own).toEqual(p.procedures.map((x) => service(x.slug)));
      for (const s of own) owners.set(s, [...(owners.get(s) ?? []), p.slug]);
    }
    expect([...owners.keys()].sort()).toEqual(demo.procedures.map((p) => service(p.slug)).sort());
    for (const [s, where] of owners) expect(where, s).toHaveLength(1);
  });
});
