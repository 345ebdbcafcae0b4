import type { Loader } from 'astro/loaders';
import { contentDirectory } from './integration.ts';
import { loadCatalogue } from './read.ts';

/**
 * Astro content loader for the Markdown bodies of procedures. The structured
 * data comes from the validated catalogue; this collection exists so Astro
 * renders (and caches) the Markdown guidance.
 */
export function procedureBodies(): Loader {
  return {
    name: 'mot-cua:procedure-bodies',
    load: async ({ store, renderMarkdown, generateDigest }) => {
      const catalogue = await loadCatalogue(contentDirectory());
      const seen = new Set<string>();
      for (const procedure of catalogue.procedures) {
        seen.add(procedure.slug);
        const digest = generateDigest(procedure.body);
        if (store.get(procedure.slug)?.digest === digest) continue;
        store.set({
          id: procedure.slug,
          data: {},
          body: procedure.body,
          rendered: await renderMarkdown(procedure.body),
          digest,
        });
      }
      for (const id of store.keys()) if (!seen.has(id)) store.delete(id);
    },
  };
}
