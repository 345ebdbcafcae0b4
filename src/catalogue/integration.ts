import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import type { Plugin } from 'vite';
import { ContentError } from './issues.ts';
import { loadCatalogue } from './read.ts';
import type { CataloguePayload } from './types.ts';
import { type WorkerCatalogue, workerCatalogue } from './worker-files.ts';

const HINT = 'Sửa các tệp nội dung nêu trên rồi chạy lại. Kiểm tra nhanh: npm run check:content';

export const VIRTUAL_ID = 'virtual:mot-cua/catalogue';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;
/** What the Worker bundles: the catalogue without its procedures (ADR 0025). */
export const CORE_VIRTUAL_ID = 'virtual:mot-cua/catalogue-core';
const RESOLVED_CORE_ID = `\0${CORE_VIRTUAL_ID}`;

/** One split of the catalogue per content folder and build: the bundle and the assets agree. */
const workerCatalogues = new Map<string, Promise<WorkerCatalogue>>();
function workerCatalogueOf(contentDir: string): Promise<WorkerCatalogue> {
  let split = workerCatalogues.get(contentDir);
  if (!split) {
    split = loadPayload(contentDir).then(workerCatalogue);
    workerCatalogues.set(contentDir, split);
  }
  return split;
}

/** The content directory: `content/` unless CONTENT_DIR points elsewhere (tests, benchmarks, other localities). */
export function contentDirectory(root = process.cwd()): string {
  return resolve(root, process.env.CONTENT_DIR ?? 'content');
}

/** Reads, validates and packages the catalogue for pages and the Worker. */
export async function loadPayload(contentDir: string): Promise<CataloguePayload> {
  const catalogue = await loadCatalogue(contentDir);
  const payload: CataloguePayload = { ...catalogue };
  if (catalogue.site.logo) {
    payload.logoSvg = (await readFile(join(contentDir, 'media', catalogue.site.logo), 'utf8'))
      .replace(/<\?xml[^>]*>\s*/, '')
      .trim();
  }
  return payload;
}

/**
 * Vite plugin serving `virtual:mot-cua/catalogue`. Used by Astro (pages and the
 * Worker bundle) and by the Worker tests, so all of them read the same data.
 */
export function catalogueVitePlugin(contentDir: string): Plugin {
  let serving = false;
  return {
    name: 'mot-cua:catalogue',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    resolveId(id) {
      if (id === VIRTUAL_ID) return RESOLVED_ID;
      return id === CORE_VIRTUAL_ID ? RESOLVED_CORE_ID : undefined;
    },
    async load(id) {
      if (id === RESOLVED_CORE_ID) {
        // A build reads procedures from its assets; the dev server and the Worker tests
        // have no built assets, so they get the procedures inline.
        const { version, core } = await workerCatalogueOf(contentDir);
        const inline = serving ? (await loadPayload(contentDir)).procedures : null;
        return `export const core = JSON.parse(${JSON.stringify(JSON.stringify(core))});
export const version = ${JSON.stringify(version)};
export const inlineProcedures = JSON.parse(${JSON.stringify(JSON.stringify(inline))});`;
      }
      if (id !== RESOLVED_ID) return undefined;
      const payload = await loadPayload(contentDir);
      // JSON.parse of a string literal is faster to start than a large object literal.
      return `export const catalogue = JSON.parse(${JSON.stringify(JSON.stringify(payload))});`;
    },
    configureServer(server) {
      server.watcher.add(contentDir);
      const onChange = (file: string) => {
        if (!resolve(file).startsWith(contentDir)) return;
        workerCatalogues.delete(contentDir);
        for (const environment of Object.values(server.environments)) {
          for (const id of [RESOLVED_ID, RESOLVED_CORE_ID]) {
            const mod = environment.moduleGraph.getModuleById(id);
            if (mod) environment.moduleGraph.invalidateModule(mod);
          }
        }
        server.ws.send({ type: 'full-reload' });
      };
      server.watcher.on('change', onChange);
      server.watcher.on('add', onChange);
      server.watcher.on('unlink', onChange);
      // Form files are copied into the build; in dev they are served from content/forms.
      server.middlewares.use('/bieu-mau/', async (req, res, next) => {
        const name = decodeURIComponent((req.url ?? '').replace(/^\//, '').split('?')[0] ?? '');
        const file = join(contentDir, 'forms', name);
        if (!name || name.includes('/') || name.includes('..') || !existsSync(file)) return next();
        res.setHeader(
          'content-type',
          MIME[extname(name).toLowerCase()] ?? 'application/octet-stream',
        );
        res.end(await readFile(file));
      });
    },
  };
}

const MIME: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * Validates content/ before anything else runs, so a broken file stops the
 * build with the editor-facing report instead of a stack trace.
 */
export function catalogueIntegration(): AstroIntegration {
  let contentDir = '';
  return {
    name: 'mot-cua:catalogue',
    hooks: {
      'astro:config:setup': async ({ command, config, updateConfig, logger }) => {
        contentDir = contentDirectory(fileURLToPath(config.root));
        try {
          const catalogue = await loadCatalogue(contentDir);
          logger.info(
            `${catalogue.procedures.length} thủ tục, ${catalogue.agencies.length} cơ quan hợp lệ (${contentDir})`,
          );
          updateConfig({
            site: config.site ?? catalogue.site.url,
            vite: { plugins: [catalogueVitePlugin(contentDir)] },
          });
        } catch (error) {
          if (error instanceof ContentError) {
            if (command === 'build') {
              // An editor needs the report, not Astro's hook wrapper and a stack trace.
              logger.error(`${error.message}\n\n${HINT}`);
              process.exit(1);
            }
            throw new AstroError(error.message, HINT);
          }
          throw error;
        }
      },
      'astro:build:done': async ({ dir }) => {
        // The procedures, their summaries and the search index the Worker reads (ADR 0025).
        const { files } = await workerCatalogueOf(contentDir);
        const client = fileURLToPath(dir);
        for (const [path, text] of files) {
          await mkdir(dirname(join(client, path)), { recursive: true });
          await writeFile(join(client, path), text);
        }
        const forms = join(contentDir, 'forms');
        if (!existsSync(forms)) return;
        const target = join(client, 'bieu-mau');
        await mkdir(target, { recursive: true });
        await cp(forms, target, { recursive: true, filter: (src) => !/\/\.[^/]+$/.test(src) });
      },
    },
  };
}
