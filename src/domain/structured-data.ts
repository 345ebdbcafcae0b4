import type { Agency } from '../schemas/agency.ts';
import type { Field } from '../schemas/field.ts';
import { CHANNEL_LABELS, type Procedure } from '../schemas/procedure.ts';
import type { Site } from '../schemas/site.ts';
import { isoDuration } from './format.ts';

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
    ...(agency.coordinates
      ? {
          geo: {
            '@type': 'GeoCoordinates',
            latitude: agency.coordinates.lat,
            longitude: agency.coordinates.lng,
          },
        }
      : {}),
    areaServed: {
      '@type': 'AdministrativeArea',
      name: agency.commune ? `Xã ${agency.commune}` : site.locality.name,
    },
  };
}

interface ServiceContext {
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

/** schema.org `GovernmentService` for a procedure page. */
export function governmentService(procedure: Procedure, ctx: ServiceContext) {
  const place = (desk: Agency) => ({
    '@type': 'Place',
    name: desk.name,
    address: { '@type': 'PostalAddress', streetAddress: desk.address, addressCountry: 'VN' },
  });
  const channels = procedure.channels.map((channel) => {
    const time = channel.time ?? procedure.time;
    return {
      '@type': 'ServiceChannel',
      name: CHANNEL_LABELS[channel.type],
      ...(channel.note ? { description: channel.note } : {}),
      processingTime: isoDuration(time.days),
      ...(channel.type === 'truc-tuyen' && ctx.applyUrl
        ? { serviceUrl: ctx.applyUrl }
        : { serviceLocation: ctx.desks.map(place) }),
    };
  });
  const offers = procedure.fees
    .filter((fee) => fee.amount !== undefined || fee.tiers)
    .map((fee) => ({
      '@type': 'Offer',
      name: fee.name,
      price: fee.amount ?? fee.tiers?.[0]?.amount ?? 0,
      priceCurrency: 'VND',
      ...(fee.unit ? { description: `Mỗi ${fee.unit}` } : {}),
    }));
  return {
    '@context': 'https://schema.org',
    '@type': 'GovernmentService',
    name: procedure.title,
    identifier: procedure.code,
    url: ctx.procedureUrl,
    ...(procedure.summary ? { description: procedure.summary } : {}),
    ...(ctx.field ? { serviceType: ctx.field.name } : {}),
    serviceOperator: ctx.agencies.map((agency) => ({
      '@type': 'GovernmentOrganization',
      name: agency.name,
      url: ctx.agencyUrl(agency),
    })),
    areaServed: {
      '@type': 'AdministrativeArea',
      name: `${ctx.site.locality.name}, ${ctx.site.locality.province}`,
    },
    audience: { '@type': 'Audience', audienceType: procedure.applicants.join('; ') },
    availableChannel: channels,
    ...(offers.length > 0 ? { offers } : {}),
  };
}
