/**
 * The whole catalogue as CPSV-AP 3.2 JSON-LD (Core Public Service Vocabulary Application
 * Profile, SEMIC), published as a DCAT index and one self-contained part per field
 * (`cpsvApParts`, docs/adr/0026). Pure: the same catalogue gives the same bytes.
 *
 * Modelled on the profile's SHACL shapes (tests/fixtures/cpsv-ap-3.2/cpsv-ap-SHACL.ttl),
 * which `tests/unit/cpsv-ap.test.ts` runs against the export. The shapes check `sh:class`
 * against the types written in the data (no inference), so every node is typed with each
 * class a shape expects of it, code-list values included (`skos:Concept`). Mapping and
 * choices: docs/adr/0009-cpsv-ap-export.md.
 */
import { communeName, inSentence, localityPlace } from '../commune.ts';
import type { Catalogue } from '../../catalogue/types.ts';
import type { Agency } from '../../schemas/agency.ts';
import type { Field } from '../../schemas/field.ts';
import {
  CHANNEL_LABELS,
  type Channel,
  type ChannelType,
  type DocumentItem,
  type FeeItem,
  LEVEL_LABELS,
  ONLINE_LABELS,
  type Procedure,
  STATUS_LABELS,
} from '../../schemas/procedure.ts';
import type { Site } from '../../schemas/site.ts';
import { indexCatalogue } from '../catalogue-index.ts';
import { describeFee, isoDuration } from '../format.ts';
import { routes } from '../routes.ts';
import { stripDiacritics } from '../text/fold.ts';
import { type CataloguePart, partTitle } from '../open-data/parts.ts';

/** The stable public path of the export (linked from the open-data page). */
export const CPSV_AP_PATH = '/du-lieu/cpsv-ap.jsonld';

/** The specification the export conforms to (`dct:conformsTo` of the dataset). */
export const CPSV_AP_SPEC = 'http://data.europa.eu/m8g/cpsvap/3.2.0';

/** EU Publications Office authority tables used as code-list values. */
export const EU_CURRENCY_VND = 'http://publications.europa.eu/resource/authority/currency/VND';
export const EU_LANGUAGE_VIE = 'http://publications.europa.eu/resource/authority/language/VIE';

/** Properties whose values are IRIs (written as plain strings in the document). */
const IRI_PROPERTIES = [
  'adms:status',
  'cpsv:follows',
  'cpsv:hasInput',
  'cpsv:implements',
  'cpsv:produces',
  'cv:contactPage',
  'cv:contactPoint',
  'cv:currency',
  'cv:hasChannel',
  'cv:hasCompetentAuthority',
  'cv:hasCost',
  'cv:hasInputType',
  'cv:hasLegalResource',
  'cv:hasSupportingEvidence',
  'cv:holdsRequirement',
  'cv:ifAccessedThrough',
  'cv:isClassifiedBy',
  'cv:openingHours',
  'cv:ownedBy',
  'cv:relatedService',
  'cv:supportsRequirement',
  'cv:thematicArea',
  'dcat:accessURL',
  'dcat:distribution',
  'dcat:downloadURL',
  'dcat:landingPage',
  'dcat:mediaType',
  'dct:conformsTo',
  'dct:hasPart',
  'dct:isPartOf',
  'dct:isReplacedBy',
  'dct:language',
  'dct:license',
  'dct:publisher',
  'dct:spatial',
  'dct:type',
  'foaf:page',
  'locn:address',
  'org:subOrganizationOf',
  'skos:inScheme',
] as const;

/** Properties whose strings are plain literals rather than Vietnamese text. */
const PLAIN_PROPERTIES = [
  'dct:identifier',
  'skos:notation',
  'cv:telephone',
  'cv:email',
  'eli:id_local',
];

/**
 * The inlined JSON-LD context: prefixes, Vietnamese as the default language of every
 * other string, and the datatypes the shapes require. Nothing is fetched to read it.
 */
export const CPSV_AP_CONTEXT: Record<string, unknown> = {
  '@version': 1.1,
  '@language': 'vi',
  adms: 'http://www.w3.org/ns/adms#',
  cpsv: 'http://purl.org/vocab/cpsv#',
  cv: 'http://data.europa.eu/m8g/',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  eli: 'http://data.europa.eu/eli/ontology#',
  foaf: 'http://xmlns.com/foaf/0.1/',
  locn: 'http://www.w3.org/ns/locn#',
  org: 'http://www.w3.org/ns/org#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  time: 'http://www.w3.org/2006/time#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  ...Object.fromEntries(IRI_PROPERTIES.map((p) => [p, { '@type': '@id' }])),
  ...Object.fromEntries(PLAIN_PROPERTIES.map((p) => [p, { '@language': null }])),
  'cv:processingTime': { '@type': 'xsd:duration' },
  'cv:hasValue': { '@type': 'xsd:double' },
  'eli:date_document': { '@type': 'xsd:date' },
};

/** One node of the graph: `@id`, `@type` and properties in compact (prefixed) form. */
export interface JsonLdNode {
  '@id': string;
  '@type': string | string[];
  [property: string]: unknown;
}

/** The export: the inlined context and a flat graph of nodes. */
export interface CpsvApDocument {
  '@context': Record<string, unknown>;
  '@graph': JsonLdNode[];
}

export interface CpsvApOptions {
  /** Base of every IRI; defaults to `site.url`. */
  baseUrl?: string;
  /** Licence of the data (`dct:license` of the dataset), e.g. a Creative Commons URL. */
  licence?: string;
}

/** A node without its empty properties (undefined, or an empty list). */
function node(id: string, type: string | string[], props: Record<string, unknown>): JsonLdNode {
  const kept = Object.entries(props).filter(
    ([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0),
  );
  return { '@id': id, '@type': type, ...Object.fromEntries(kept) };
}

/**
 * Drops repeated nodes: bare typed nodes (a form file shared by two procedures) may be
 * built more than once; any other repeat is a bug in the IRIs and throws.
 */
function uniqueNodes(nodes: JsonLdNode[]): JsonLdNode[] {
  const seen = new Map<string, string>();
  return nodes.filter((n) => {
    const json = JSON.stringify(n);
    const before = seen.get(n['@id']);
    if (before === undefined) {
      seen.set(n['@id'], json);
      return true;
    }
    if (before !== json) throw new Error(`CPSV-AP: two different nodes share the IRI ${n['@id']}`);
    return false;
  });
}

/** Lower-case ASCII slug of any Vietnamese text: "123/2015/NĐ-CP" → "123-2015-nd-cp". */
export function iriSlug(text: string): string {
  return stripDiacritics(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Joins sentences, each ending with a full stop. */
function sentences(...parts: (string | undefined)[]): string {
  return parts
    .filter((part): part is string => Boolean(part?.trim()))
    .map((part) => part.trim().replace(/([^.!?…])$/, '$1.'))
    .join(' ');
}

/** The Vietnamese sentence saying that a processing time counts working days. */
export function workingDaysText(days: number): string {
  return days === 0
    ? `Thời hạn giải quyết: trong ngày làm việc (${isoDuration(0)}).`
    : `Thời hạn giải quyết: ${days} ngày làm việc; giá trị ${isoDuration(days)} tính theo ngày làm việc, không phải ngày lịch.`;
}

/** "1 bản chính, 2 bản sao" for a dossier document, or undefined when neither is counted. */
function quantityText(doc: DocumentItem): string | undefined {
  const parts = [
    doc.originals > 0 ? `${doc.originals} bản chính` : undefined,
    doc.copies > 0 ? `${doc.copies} bản sao` : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? `Số lượng: ${parts.join(', ')}` : undefined;
}

/** IRIs of every node, all under the site's URL. */
export function cpsvApIris(baseUrl: string) {
  const page = (path: string) => new URL(path, baseUrl).toString();
  const local = (name: string) => `${page(CPSV_AP_PATH)}#${name}`;
  const service = (p: Procedure, part = 'service') => `${page(routes.procedure(p.slug))}#${part}`;
  return {
    page,
    dataset: local('catalogue'),
    scheme: (name: string) => local(`scheme-${name}`),
    concept: (scheme: string, value: string) => local(`${scheme}-${value}`),
    field: (slug: string) => `${page(routes.field(slug))}#concept`,
    area: (suffix?: string) => local(suffix ? `area-${suffix}` : 'area'),
    law: (number: string) => local(`law-${iriSlug(number)}`),
    org: (slug: string, part = 'org') => `${page(routes.agency(slug))}#${part}`,
    service,
  };
}

type Iris = ReturnType<typeof cpsvApIris>;

/** The local code lists, as (scheme name, title, values with Vietnamese labels). */
const CODE_LISTS: { name: string; title: string; labels: Record<string, string> }[] = [
  { name: 'status', title: 'Tình trạng thủ tục', labels: STATUS_LABELS },
  { name: 'level', title: 'Cấp thực hiện', labels: LEVEL_LABELS },
  { name: 'online', title: 'Mức độ dịch vụ công trực tuyến', labels: ONLINE_LABELS },
  { name: 'channel-type', title: 'Cách thức thực hiện', labels: CHANNEL_LABELS },
  {
    name: 'requirement-type',
    title: 'Loại yêu cầu',
    labels: {
      'ho-so': 'Thành phần hồ sơ',
      'dieu-kien': 'Yêu cầu, điều kiện thực hiện',
      'doi-tuong': 'Đối tượng thực hiện',
    },
  },
];

/** The code-list concept schemes, their concepts, and the lĩnh vực (fields) list. */
function codeListNodes(fields: readonly Field[], iris: Iris): JsonLdNode[] {
  const nodes: JsonLdNode[] = [];
  for (const list of CODE_LISTS) {
    nodes.push(node(iris.scheme(list.name), 'skos:ConceptScheme', { 'dct:title': list.title }));
    for (const [value, label] of Object.entries(list.labels)) {
      nodes.push(
        node(iris.concept(list.name, value), 'skos:Concept', {
          'skos:prefLabel': label,
          'skos:notation': value,
          'skos:inScheme': iris.scheme(list.name),
        }),
      );
    }
  }
  nodes.push(node(iris.scheme('field'), 'skos:ConceptScheme', { 'dct:title': 'Lĩnh vực' }));
  for (const field of fields) {
    nodes.push(
      node(iris.field(field.slug), 'skos:Concept', {
        'skos:prefLabel': field.name,
        'skos:definition': field.description,
        'skos:notation': field.slug,
        'skos:inScheme': iris.scheme('field'),
      }),
    );
  }
  // Values from EU authority tables, typed as the shapes require.
  nodes.push(node(EU_CURRENCY_VND, 'skos:Concept', { 'skos:notation': 'VND' }));
  nodes.push(node(EU_LANGUAGE_VIE, 'dct:LinguisticSystem', {}));
  return nodes;
}

/** The administrative areas (dct:Location) that agencies and services cover. */
function areaOf(agency: Agency, site: Site, iris: Iris): { id: string; name: string } {
  const { locality } = site;
  if (agency.level === 'xa' && agency.commune && locality.kind !== 'xa') {
    return {
      id: iris.area(`xa-${iriSlug(agency.commune)}`),
      name: `${communeName(agency.communeUnit, agency.commune)}, ${locality.name}, ${locality.province}`,
    };
  }
  if (agency.level === 'tinh' && locality.kind !== 'tinh') {
    return { id: iris.area('tinh'), name: locality.province };
  }
  return localityArea(site, iris);
}

/** The locality the portal serves. */
function localityArea(site: Site, iris: Iris): { id: string; name: string } {
  const { locality } = site;
  const name =
    locality.kind === 'tinh' ? locality.province : `${locality.name}, ${locality.province}`;
  return { id: iris.area(), name };
}

/** A public organisation with its address, contact point and opening hours. */
function agencyNodes(agency: Agency, site: Site, area: string, iris: Iris): JsonLdNode[] {
  const hours = agency.hours.map((h, i) =>
    node(iris.org(agency.slug, `hours-${i + 1}`), 'time:TemporalEntity', {
      'dct:description': `${h.days}: ${h.hours}`,
    }),
  );
  return [
    node(iris.org(agency.slug), ['cv:PublicOrganisation', 'org:Organization', 'foaf:Agent'], {
      'skos:prefLabel': agency.name,
      'skos:altLabel': agency.shortName,
      'dct:title': agency.name,
      'dct:identifier': agency.code,
      'dct:description': agency.description,
      'dct:spatial': area,
      'locn:address': iris.org(agency.slug, 'address'),
      'org:subOrganizationOf': agency.parent ? iris.org(agency.parent) : undefined,
      'foaf:page': iris.page(routes.agency(agency.slug)),
    }),
    node(iris.org(agency.slug, 'address'), 'locn:Address', {
      'locn:fullAddress': agency.address,
      'locn:adminUnitL2': site.locality.province,
      'locn:adminUnitL1': 'Việt Nam',
    }),
    node(iris.org(agency.slug, 'contact'), 'cv:ContactPoint', {
      'cv:telephone': agency.phone,
      'cv:email': agency.email,
      'cv:contactPage': iris.page(routes.agency(agency.slug)),
      'cv:openingHours': hours.map((h) => h['@id']),
    }),
    ...hours,
    node(iris.page(routes.agency(agency.slug)), 'foaf:Document', {}),
  ];
}

/** Fragment names of a procedure's channels, by type: "channel-truc-tiep" (a repeat gets "-2"). */
function channelParts(procedure: Procedure): string[] {
  const seen = new Map<ChannelType, number>();
  return procedure.channels.map((channel) => {
    const n = (seen.get(channel.type) ?? 0) + 1;
    seen.set(channel.type, n);
    return `channel-${channel.type}${n > 1 ? `-${n}` : ''}`;
  });
}

/** One Channel: type, processing time in working days, and the desks owning a counter. */
function channelNode(
  procedure: Procedure,
  channel: Channel,
  part: string,
  desks: string[],
  iris: Iris,
): JsonLdNode {
  const time = channel.time ?? procedure.time;
  return node(iris.service(procedure, part), 'cv:Channel', {
    'dct:identifier': `${procedure.code}-${part}`,
    'dct:type': iris.concept('channel-type', channel.type),
    'dct:description': sentences(channel.note, workingDaysText(time.days), time.note),
    'cv:processingTime': isoDuration(time.days, time.hours),
    // The desks own the counter; the postal and online channels belong to others.
    'cv:ownedBy': channel.type === 'truc-tiep' ? desks : undefined,
  });
}

/**
 * The Cost nodes of one fee item: one per numeric value (the amount, or each tier) and
 * per channel the fee is limited to; a fee known only by its note gets one Cost with a
 * description and no value.
 */
function costNodes(
  procedure: Procedure,
  fee: FeeItem,
  index: number,
  channelByType: ReadonlyMap<ChannelType, string>,
  iris: Iris,
): JsonLdNode[] {
  const values: { value?: number; label: string; suffix: string }[] = fee.tiers
    ? fee.tiers.map((tier, t) => ({
        value: tier.amount,
        label: describeFee({ ...fee, tiers: [tier], max: undefined }),
        suffix: `-${t + 1}`,
      }))
    : [{ value: fee.amount, label: describeFee({ ...fee, max: undefined }), suffix: '' }];
  const channels: (ChannelType | undefined)[] = fee.channels ?? [undefined];
  const max = fee.max ? describeFee({ max: fee.max }) : undefined;
  const nodes: JsonLdNode[] = [];
  for (const { value, label, suffix } of values) {
    for (const type of channels) {
      const part = `cost-${index + 1}${suffix}${type && channels.length > 1 ? `-${type}` : ''}`;
      const valued = value !== undefined;
      const heading = fee.case ? `${fee.name} (${fee.case})` : fee.name;
      nodes.push(
        node(iris.service(procedure, part), 'cv:Cost', {
          'dct:identifier': `${procedure.code}-${part}`,
          'dct:description': sentences(
            valued || fee.exempt || fee.setBy ? `${heading}: ${label}` : heading,
            max,
            type ? `Áp dụng khi nộp: ${CHANNEL_LABELS[type].toLowerCase()}` : undefined,
            fee.note,
          ),
          'cv:hasValue': value,
          'cv:currency': valued ? EU_CURRENCY_VND : undefined,
          'cv:ifAccessedThrough': type ? channelByType.get(type) : undefined,
        }),
      );
    }
  }
  return nodes;
}

/** A legal document as an ELI Legal Resource: number, date, title and issuer. */
function legalNode(doc: Procedure['legalBasis'][number], iris: Iris): JsonLdNode {
  return node(iris.law(doc.number), 'eli:LegalResource', {
    'eli:id_local': doc.number,
    'eli:date_document': doc.date,
    'dct:title': doc.title,
    'dct:description': `Cơ quan ban hành: ${doc.issuer}`,
  });
}

interface ServiceContext {
  site: Site;
  iris: Iris;
  /** Agencies by slug. */
  agencies: ReadonlyMap<string, Agency>;
  /** Procedure IRIs by code, to link related and replacing procedures. */
  serviceByCode: ReadonlyMap<string, string>;
  desksFor: (p: Procedure) => Agency[];
}

/** Builds the PublicService of one procedure and every node that belongs to it. */
function serviceNodes(procedure: Procedure, ctx: ServiceContext): JsonLdNode[] {
  const { iris, site } = ctx;
  const id = (part: string) => iris.service(procedure, part);
  const code = procedure.code;
  const field = iris.field(procedure.field);
  const desks = ctx.desksFor(procedure);
  const deskOrgs = desks.map((d) => iris.org(d.slug));

  const forms = procedure.forms.map((form) =>
    node(id(`form-${form.id}`), 'cv:EvidenceType', {
      'dct:identifier': form.code ?? `${code}-${form.id}`,
      'dct:title': form.name,
      'dct:description': form.source ? `Ban hành kèm theo ${form.source}` : undefined,
    }),
  );
  const formFile = new Map(procedure.forms.map((f) => [f.id, f.file]));
  const evidence = procedure.documents.map((doc, i) => {
    const file = doc.form ? formFile.get(doc.form) : undefined;
    return node(id(`evidence-${i + 1}`), 'cv:Evidence', {
      'dct:identifier': `${code}-evidence-${i + 1}`,
      'dct:title': doc.name,
      'dct:description': sentences(
        quantityText(doc),
        doc.condition ? `Chỉ nộp khi: ${doc.condition}` : undefined,
        doc.note,
      ),
      'dct:conformsTo': doc.form ? id(`form-${doc.form}`) : undefined,
      'foaf:page': file ? iris.page(routes.form(file)) : undefined,
      'cv:supportsRequirement': id('requirement-dossier'),
    });
  });
  const pages = evidence
    .map((e) => e['foaf:page'])
    .filter((p): p is string => typeof p === 'string');

  const requirement = (part: string, type: string, title: string, extra = {}) =>
    node(id(part), 'cv:Requirement', {
      'dct:identifier': `${code}-${part}`,
      'dct:title': title,
      'dct:type': iris.concept('requirement-type', type),
      ...extra,
    });
  const requirements = [
    requirement('requirement-dossier', 'ho-so', `Thành phần hồ sơ (${procedure.sets} bộ)`, {
      'cv:hasSupportingEvidence': evidence.map((e) => e['@id']),
    }),
    requirement(
      'requirement-applicants',
      'doi-tuong',
      `Đối tượng thực hiện: ${procedure.applicants.join('; ')}`,
    ),
    ...procedure.conditions.map((c, i) => requirement(`requirement-${i + 1}`, 'dieu-kien', c)),
  ];

  const parts = channelParts(procedure);
  const channels = procedure.channels.map((c, i) =>
    channelNode(procedure, c, parts[i] ?? `channel-${i + 1}`, deskOrgs, iris),
  );
  const channelByType = new Map<ChannelType, string>();
  procedure.channels.forEach((c, i) => {
    const iri = channels[i]?.['@id'];
    if (iri && !channelByType.has(c.type)) channelByType.set(c.type, iri);
  });
  const costs = procedure.fees.flatMap((fee, i) =>
    costNodes(procedure, fee, i, channelByType, iris),
  );
  const outputs = procedure.result.map((r, i) =>
    node(id(`output-${i + 1}`), 'cv:Output', {
      'dct:identifier': `${code}-output-${i + 1}`,
      'dct:title': r,
    }),
  );
  const laws = procedure.legalBasis.map((doc) => iris.law(doc.number));
  const rule = node(id('rule-steps'), 'cpsv:Rule', {
    'dct:identifier': `${code}-rule-steps`,
    'dct:title': `Trình tự thực hiện: ${procedure.title}`,
    'dct:description': procedure.steps.map((s, i) => `Bước ${i + 1}: ${sentences(s)}`).join(' '),
    'dct:language': EU_LANGUAGE_VIE,
    'cpsv:implements': laws,
  });
  const level = LEVEL_LABELS[procedure.level].toLowerCase();
  const description =
    procedure.summary ?? `Thủ tục hành chính ${level}: ${procedure.title} (mã ${code}).`;
  const replacedBy = procedure.replacedBy ? ctx.serviceByCode.get(procedure.replacedBy) : undefined;

  const service = node(id('service'), 'cpsv:PublicService', {
    'dct:identifier': code,
    'dct:title': procedure.title,
    'dct:description': description,
    'dcat:keyword': procedure.keywords,
    'dct:language': EU_LANGUAGE_VIE,
    'dct:spatial': localityArea(site, iris).id,
    'adms:status': iris.concept('status', procedure.status),
    'dct:isReplacedBy': replacedBy,
    'cv:thematicArea': field,
    'cv:isClassifiedBy': [
      iris.concept('level', procedure.level),
      iris.concept('online', procedure.online),
    ],
    'cv:hasCompetentAuthority': procedure.agencies
      .filter((slug) => ctx.agencies.has(slug))
      .map((slug) => iris.org(slug)),
    'cv:contactPoint': desks.map((d) => iris.org(d.slug, 'contact')),
    'cv:holdsRequirement': requirements.map((r) => r['@id']),
    'cpsv:hasInput': evidence.map((e) => e['@id']),
    'cv:hasInputType': forms.map((f) => f['@id']),
    'cv:hasCost': costs.map((c) => c['@id']),
    'cpsv:produces': outputs.map((o) => o['@id']),
    'cv:hasChannel': channels.map((c) => c['@id']),
    'cv:processingTime': isoDuration(procedure.time.days, procedure.time.hours),
    'cpsv:follows': rule['@id'],
    'cv:hasLegalResource': laws,
    'cv:relatedService': procedure.related
      .map((c) => ctx.serviceByCode.get(c))
      .filter((iri): iri is string => iri !== undefined),
    'dct:isPartOf': iris.dataset,
    'foaf:page': iris.page(routes.procedure(procedure.slug)),
  });
  const documents = [iris.page(routes.procedure(procedure.slug)), ...pages].map((p) =>
    node(p, 'foaf:Document', {}),
  );
  return [
    service,
    ...requirements,
    ...evidence,
    ...forms,
    ...costs,
    ...outputs,
    ...channels,
    rule,
    ...documents,
  ];
}

/** The whole graph and what the parts need to cut it: the dataset's and each service's IRI. */
interface CpsvApGraph {
  graph: JsonLdNode[];
  dataset: string;
  serviceOf: (procedure: Procedure) => string;
}

function cpsvApGraph(catalogue: Catalogue, opts: CpsvApOptions): CpsvApGraph {
  const { site } = catalogue;
  const iris = cpsvApIris(opts.baseUrl ?? site.url);
  const index = indexCatalogue(catalogue);

  const areas = new Map<string, string>();
  const locality = localityArea(site, iris);
  areas.set(locality.id, locality.name);
  const agencies = catalogue.agencies.flatMap((agency) => {
    const area = areaOf(agency, site, iris);
    areas.set(area.id, area.name);
    return agencyNodes(agency, site, area.id, iris);
  });

  const laws = new Map<string, JsonLdNode>();
  for (const procedure of catalogue.procedures) {
    for (const doc of procedure.legalBasis) {
      const law = legalNode(doc, iris);
      if (!laws.has(law['@id'])) laws.set(law['@id'], law);
    }
  }

  const ctx: ServiceContext = {
    site,
    iris,
    agencies: index.agencyBySlug,
    serviceByCode: new Map(catalogue.procedures.map((p) => [p.code, iris.service(p)])),
    desksFor: index.desksFor,
  };
  const services = catalogue.procedures.flatMap((p) => serviceNodes(p, ctx));

  const dataset = node(iris.dataset, 'dcat:Dataset', {
    'dct:title': `Danh mục thủ tục hành chính – ${site.name}`,
    'dct:description': `Các thủ tục hành chính do ${inSentence(localityPlace(site.locality))} giải quyết, theo hồ sơ ứng dụng CPSV-AP 3.2: cơ quan có thẩm quyền, thành phần hồ sơ, phí, lệ phí, kết quả, cách thức thực hiện với thời hạn giải quyết tính theo ngày làm việc, và căn cứ pháp lý.`,
    'dct:publisher': iris.org(index.mainDesk.slug),
    'dct:language': EU_LANGUAGE_VIE,
    'dct:spatial': locality.id,
    'dct:conformsTo': CPSV_AP_SPEC,
    'dct:license': opts.licence,
    'dcat:landingPage': iris.page(routes.catalogue()),
    'dct:hasPart': catalogue.procedures.map((p) => iris.service(p)),
  });

  const graph = [
    dataset,
    node(iris.page(routes.catalogue()), 'foaf:Document', {}),
    ...codeListNodes(catalogue.fields, iris),
    ...[...areas].map(([id, name]) => node(id, 'dct:Location', { 'locn:geographicName': name })),
    ...agencies,
    ...laws.values(),
    ...services,
  ];
  return { graph: uniqueNodes(graph), dataset: iris.dataset, serviceOf: (p) => iris.service(p) };
}

/**
 * The whole catalogue as CPSV-AP 3.2 JSON-LD: one `dcat:Dataset`, every procedure as a
 * `cpsv:PublicService` (repealed and suspended ones too, with `adms:status`), every agency
 * as a `cv:PublicOrganisation`, the legal documents as `eli:LegalResource` and the code
 * lists as SKOS concepts. The context is inlined, so reading it fetches nothing.
 * Published cut into parts (`cpsvApParts`); this whole document is what the parts add up to.
 */
export function cpsvApCatalogue(catalogue: Catalogue, opts: CpsvApOptions = {}): CpsvApDocument {
  return { '@context': CPSV_AP_CONTEXT, '@graph': cpsvApGraph(catalogue, opts).graph };
}

/** The public path of one part of the export. */
export const cpsvApPartPath = (slug: string): string => `/du-lieu/cpsv-ap/${slug}.jsonld`;

/** The IANA media type of the parts, as DCAT's `dcat:mediaType` wants it (an IRI). */
export const JSON_LD_MEDIA_TYPE =
  'https://www.iana.org/assignments/media-types/application/ld+json';

/** Links from one node that a part follows to take in what its services point to. */
const FOLLOWED = IRI_PROPERTIES.filter((p) => p !== 'dct:hasPart' && p !== 'dct:isReplacedBy');

/** A service of another part, present only because one of the part's services names it. */
const LINKS_OF_A_GUEST = ['cv:relatedService', 'dct:isReplacedBy'];

/** IRI values of one property of a node. */
function iriValues(n: JsonLdNode, property: string): string[] {
  const value = n[property];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export interface CpsvApParts {
  /** The document at CPSV_AP_PATH: the dataset, one `dcat:Distribution` per part, and every node no part carries. */
  index(): CpsvApDocument;
  /** One part: its services and every node they point to, so it validates on its own. */
  part(slug: string): CpsvApDocument;
}

/**
 * The export cut into the catalogue's parts (../open-data/parts.ts). Each part is a whole,
 * valid CPSV-AP document: its services, the dataset (with `dct:hasPart` its own services)
 * and every node its services point to (agencies, areas, laws, concepts; a related service
 * of another part with its nodes but without its own links to other services). The index
 * is the dataset with a `dcat:Distribution` per part, plus every node no part reaches (code
 * list values no procedure uses, agencies without procedures). RDF merges by union, so the
 * index and the parts together are exactly the triples of `cpsvApCatalogue`.
 */
export function cpsvApParts(
  catalogue: Catalogue,
  parts: readonly CataloguePart[],
  opts: CpsvApOptions = {},
): CpsvApParts {
  const { graph, dataset, serviceOf } = cpsvApGraph(catalogue, opts);
  const iris = cpsvApIris(opts.baseUrl ?? catalogue.site.url);
  const byId = new Map(graph.map((n) => [n['@id'], n]));
  const services = new Set(catalogue.procedures.map(serviceOf));

  /** Every node reachable from the roots; services outside `own` are not followed further. */
  const reach = (roots: string[], own: ReadonlySet<string>): Set<string> => {
    const seen = new Set<string>();
    const queue = [...roots];
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      const n = byId.get(id);
      if (!n || seen.has(id)) continue;
      seen.add(id);
      const guest = services.has(id) && !own.has(id);
      for (const property of FOLLOWED) {
        if (guest && LINKS_OF_A_GUEST.includes(property)) continue;
        for (const target of iriValues(n, property)) if (!seen.has(target)) queue.push(target);
      }
    }
    return seen;
  };

  const members = new Map(parts.map((p) => [p.slug, p.procedures.map(serviceOf)]));
  const reached = new Map(
    [...members].map(([slug, own]) => [slug, reach([dataset, ...own], new Set(own))]),
  );
  const distribution = (slug: string) => `${iris.page(CPSV_AP_PATH)}#part-${slug}`;

  /** The graph's nodes in `ids`, in the graph's order, the dataset and guests trimmed. */
  const document = (
    ids: ReadonlySet<string>,
    own: ReadonlySet<string>,
    datasetProps: Record<string, unknown>,
  ): JsonLdNode[] =>
    graph
      .filter((n) => ids.has(n['@id']))
      .map((n) => {
        if (n['@id'] === dataset) {
          const { 'dct:hasPart': _all, ...rest } = n;
          return node(n['@id'], n['@type'], { ...rest, ...datasetProps });
        }
        if (services.has(n['@id']) && !own.has(n['@id'])) {
          return Object.fromEntries(
            Object.entries(n).filter(([k]) => !LINKS_OF_A_GUEST.includes(k)),
          ) as JsonLdNode;
        }
        return n;
      });

  return {
    part(slug) {
      const own = members.get(slug);
      const ids = reached.get(slug);
      if (!own || !ids) throw new Error(`CPSV-AP: no part ${slug}`);
      const graphOfPart = document(ids, new Set(own), { 'dct:hasPart': own });
      return { '@context': CPSV_AP_CONTEXT, '@graph': graphOfPart };
    },
    index() {
      const inParts = new Set<string>();
      for (const ids of reached.values()) for (const id of ids) inParts.add(id);
      const roots = graph.map((n) => n['@id']).filter((id) => id === dataset || !inParts.has(id));
      const ids = reach(roots, new Set());
      const distributions = parts.map((part) =>
        node(distribution(part.slug), 'dcat:Distribution', {
          'dct:title': `Thủ tục lĩnh vực ${partTitle(part)}`,
          'dct:description': `${part.procedures.length} thủ tục thuộc lĩnh vực ${part.field.name}, theo CPSV-AP 3.2 (JSON-LD).`,
          'dcat:accessURL': iris.page(cpsvApPartPath(part.slug)),
          'dcat:downloadURL': iris.page(cpsvApPartPath(part.slug)),
          'dcat:mediaType': JSON_LD_MEDIA_TYPE,
          'dct:conformsTo': CPSV_AP_SPEC,
          'dct:license': opts.licence,
        }),
      );
      const graphOfIndex = document(ids, new Set(), {
        'dcat:distribution': distributions.map((d) => d['@id']),
      });
      return { '@context': CPSV_AP_CONTEXT, '@graph': [...graphOfIndex, ...distributions] };
    },
  };
}
