import type { APIRoute } from 'astro';
import { cmsConfigYaml } from '../../domain/cms/config.ts';
import { fields, site } from '../../lib/site.ts';

/** /admin/config.yml: the editor's configuration, generated from the content schemas. */
export const prerender = true;

export const GET: APIRoute = () =>
  new Response(cmsConfigYaml(site, fields), {
    headers: { 'content-type': 'application/yaml; charset=utf-8' },
  });
