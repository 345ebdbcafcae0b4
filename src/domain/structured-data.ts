import { communeName, localityPlace } from './commune.ts';
import type {
  GovernmentOrganizationLeaf,
  GovernmentServiceLeaf,
  OfferLeaf,
  PlaceLeaf,
  ServiceChannelLeaf,
  WithContext,
} from 'schema-dts';
import type { Agency } from '../schemas/agency.ts';
import type { Field } from '../schemas/field.ts';
import { CHANNEL_LABELS, type FeeItem, type Procedure } from '../schemas/procedure.ts';
import type { Site } from '../schemas/site.ts';
import type { CatalogueIndex } from './catalogue-index.ts';
import { describeFee, isoDuration } from './format.ts';
import { agenciesPhrase, deskSummary, tooManyToList } from './reception.ts';
import { routes } from './routes.ts';

/**
 * schema.org JSON-LD for procedure and agency pages. Every object is checked against
 * the schema.org vocabulary as published in `schema-dts` twice: here at compile time
 * (`satisfies`) and, for the JSON actually emitted for every page of the real catalogue,
 * in tests/unit/structured-data.test.ts. See docs/adr/0010.
 */

/** schema.org `GovernmentOrganization` for an agency page. */
export function governmentOrganization(agency: Agency, url: string, site: Site) {
  return {
    '@context': 'https://schema.org',
    '@type': 'GovernmentOrganization',
    name: agency.name,
    ...(agency.shortName ? { alternateName: agency.shortName } : {}),
    identifier: agency.code,
    url,
    address: {
      '@type': 'PostalAddress',
      streetAddress: agency.address,
      addressRegion: site.locality.province,
      addressCountry: 'VN',
    },
    ...(agency.phone ? { telephone: agency.phone } : {}),
    ...(agency.email ? { email: agency.email } : {}),
    // `geo` belongs to Place, not Organization: coordinates go on the office's location.
    ...(agency.coordinates
      ? {
          location: {
            '@type': 'Place',
            address: {
              '@type': 'PostalAddress',
              streetAddress: agency.address,
              addressCountry: 'VN',
            },
            geo: {
              '@type': 'GeoCoordinates',
              latitude: agency.coordinates.lat,
              longitude: agency.coordinates.lng,
            },
          } satisfies PlaceLeaf,
        }
      : {}),
    areaServed: {
      '@type': 'AdministrativeArea',
      name: agency.commune ? communeName(agency.communeUnit, agency.commune) : site.locality.name,
    },
  } satisfies WithContext<GovernmentOrganizationLeaf>;
}

export interface ServiceContext {
  site: Site;
  field: Field | undefined;
  agencies: Agency[];
  desks: Agency[];
  /** Absolute URL builder. */
  url: (path: string) => string;
  procedureUrl: string;
  agencyUrl: (agency: Agency) => string;
  applyUrl?: string;
}

/**
 * The context the procedure page (src/pages/thu-tuc/[slug].astro) builds for
 * `governmentService`, for tests and other consumers that need the same JSON-LD.
 * tests/e2e/open-data.test.ts compares the built pages with it.
 */
export function serviceContext(
  procedure: Procedure,
  index: CatalogueIndex,
  absoluteUrl: (path: string) => string,
): ServiceContext {
  const online = procedure.online !== 'khong' && procedure.status === 'active';
  return {
    site: index.catalogue.site,
    field: index.fieldBySlug.get(procedure.field),
    agencies: procedure.agencies
      .map((slug) => index.agencyBySlug.get(slug))
      .filter((a) => a !== undefined),
    desks: index.desksFor(procedure),
    url: absoluteUrl,
    procedureUrl: absoluteUrl(routes.procedure(procedure.slug)),
    agencyUrl: (a) => absoluteUrl(routes.agency(a.slug)),
    ...(online ? { applyUrl: absoluteUrl(routes.apply(procedure.slug)) } : {}),
  };
}

/** "15.000 đ/lần đăng ký. Áp dụng khi nộp: Trực tiếp": amount, tiers and channel in words. */
function offerDescription(fee: FeeItem): string {
  const parts = [describeFee(fee)];
  if (fee.channels) {
    parts.push(`Áp dụng khi nộp: ${fee.channels.map((c) => CHANNEL_LABELS[c]).join(', ')}`);
  }
  return parts.filter((p) => p !== '').join('. ');
}

/**
 * A fee with a known amount as a schema.org `Offer` in VND. A tiered fee is offered at
 * its first tier's price; the description spells out every tier and any cap.
 */
function offer(fee: FeeItem) {
  const description = offerDescription(fee);
  return {
    '@type': 'Offer',
    name: fee.name,
    price: fee.amount ?? fee.tiers?.[0]?.amount ?? 0,
    priceCurrency: 'VND',
    ...(description ? { description } : {}),
  } satisfies OfferLeaf;
}

/** schema.org `GovernmentService` for a procedure page. */
export function governmentService(procedure: Procedure, ctx: ServiceContext) {
  const place = (desk: Agency) =>
    ({
      '@type': 'Place',
      name: desk.name,
      address: {
        '@type': 'PostalAddress',
        streetAddress: desk.address,
        addressCountry: 'VN',
      },
    }) satisfies PlaceLeaf;
  // Province scale: many desks or agencies are one entry naming them all, linked to the
  // list of agencies (the same sentence as the page, src/domain/reception.ts).
  const agencyList = ctx.url(routes.agencies());
  const locations = tooManyToList(ctx.desks.length)
    ? [
        {
          '@type': 'Place',
          name: `${deskSummary(ctx.desks, procedure.boundaryFree)} (${ctx.desks.length} nơi tiếp nhận)`,
          url: agencyList,
        } satisfies PlaceLeaf,
      ]
    : ctx.desks.map(place);
  const phrase = agenciesPhrase(ctx.agencies, procedure.competentAuthority);
  const operators = tooManyToList(ctx.agencies.length)
    ? [
        {
          '@type': 'GovernmentOrganization' as const,
          name: phrase
            ? `${phrase} (${ctx.agencies.length} cơ quan)`
            : `${ctx.agencies.length} cơ quan`,
          url: agencyList,
        },
      ]
    : ctx.agencies.map((agency) => ({
        '@type': 'GovernmentOrganization' as const,
        name: agency.name,
        url: ctx.agencyUrl(agency),
      }));
  const channels = procedure.channels.map((channel) => {
    const time = channel.time ?? procedure.time;
    return {
      '@type': 'ServiceChannel',
      name: CHANNEL_LABELS[channel.type],
      ...(channel.note ? { description: channel.note } : {}),
      // Working days, written as an ISO 8601 duration in days (schema.org expects Duration).
      processingTime: isoDuration(time.days, time.hours),
      ...(channel.type === 'truc-tuyen' && ctx.applyUrl
        ? { serviceUrl: ctx.applyUrl }
        : { serviceLocation: locations }),
    } satisfies ServiceChannelLeaf;
  });
  const offers = procedure.fees
    .filter((fee) => fee.amount !== undefined || fee.tiers)
    .map((fee) => offer(fee));
  return {
    '@context': 'https://schema.org',
    '@type': 'GovernmentService',
    name: procedure.title,
    identifier: procedure.code,
    url: ctx.procedureUrl,
    ...(procedure.summary ? { description: procedure.summary } : {}),
    ...(ctx.field ? { serviceType: ctx.field.name } : {}),
    serviceOperator: operators,
    areaServed: {
      '@type': 'AdministrativeArea',
      name: localityPlace(ctx.site.locality),
    },
    audience: {
      '@type': 'Audience',
      audienceType: procedure.applicants.join('; '),
    },
    availableChannel: channels,
    ...(offers.length > 0 ? { offers } : {}),
  } satisfies WithContext<GovernmentServiceLeaf>;
}
