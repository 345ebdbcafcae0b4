import type { Site } from '../../schemas/site.ts';

/** The licence open data is published under: a name to show and the URL of its text. */
export interface Licence {
  name: string;
  url: string;
}

/** Used when content/site.yaml declares no `openData.licence`. */
export const DEFAULT_LICENCE: Licence = {
  name: 'Giấy phép Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)',
  url: 'https://creativecommons.org/licenses/by/4.0/deed.vi',
};

/** The locality's open-data licence, or the default. */
export function openDataLicence(site: Site): Licence {
  return site.openData?.licence ?? DEFAULT_LICENCE;
}
