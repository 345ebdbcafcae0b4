import { catalogue } from 'virtual:mot-cua/catalogue';
import css from '../../src/styles/site.css?raw';
import { createApp } from '../../functions/app.ts';

/** The Worker under test: the real app and catalogue, without Astro's handler. */
export const app = createApp({ catalogue, css });

export default { fetch: app.fetch };
