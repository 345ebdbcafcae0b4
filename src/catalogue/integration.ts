import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroConfig, AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import type { Plugin } from 'vite';
import { ContentError } from './issues.ts';
import { loadSharedCatalogue } from './read.ts';
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
  const catalogue = await loadSharedCatalogue(contentDir);
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
export interface CataloguePluginOptions {
  /**
   * Build only: the prerendering runs in Node on this machine and reads the catalogue from
   * a file written here instead of bundling it (ADR 0024).
   */
  prerenderFileDir?: string;
  /**
   * Renders a procedure's Markdown body to HTML (Astro's configured processor). Without it,
   * or in an environment that renders no page (the Worker's), `procedureBodies` is empty.
   */
  renderMarkdown?: (markdown: string) => Promise<string>;
  /** In `astro dev` every environment gets the bodies (which one renders a page varies). */
  dev?: boolean;
}

/** The HTML of every non-empty procedure body, by slug. */
async function renderBodies(
  payload: CataloguePayload,
  render: (markdown: string) => Promise<string>,
): Promise<Record<string, string>> {
  const bodies: Record<string, string> = {};
  for (const p of payload.procedures) if (p.body.trim()) bodies[p.slug] = await render(p.body);
  return bodies;
}

export function catalogueVitePlugin(
  contentDir: string,
  options: CataloguePluginOptions = {},
): Plugin {
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
      const prerender = this.environment?.name === 'prerender';
      // Pages show the bodies as HTML, rendered here once per build (the content layer did
      // it before, and its 36 MB store at 5,000 procedures was bundled into the prerendering).
      const bodies =
        options.renderMarkdown && (prerender || options.dev)
          ? await renderBodies(payload, options.renderMarkdown)
          : {};
      if (options.prerenderFileDir && prerender) {
        // Read from a file instead of a 28 MB string literal (at 5,000 procedures) that
        // Rolldown parses and Node compiles again. Named by content, so that a build never
        // reads another build's file.
        const json = JSON.stringify({ catalogue: payload, procedureBodies: bodies });
        const hash = createHash('sha256').update(json).digest('hex').slice(0, 16);
        const file = join(options.prerenderFileDir, `catalogue-${hash}.json`);
        await mkdir(options.prerenderFileDir, { recursive: true });
        await writeFile(file, json);
        return [
          "import { readFileSync } from 'node:fs';",
          `const data = JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));`,
          'export const catalogue = data.catalogue;',
          'export const procedureBodies = data.procedureBodies;',
        ].join('\n');
      }
      // JSON.parse of a string literal is faster to start than a large object literal.
      return [
        `export const catalogue = JSON.parse(${JSON.stringify(JSON.stringify(payload))});`,
        `export const procedureBodies = JSON.parse(${JSON.stringify(JSON.stringify(bodies))});`,
      ].join('\n');
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
          const catalogue = await loadSharedCatalogue(contentDir);
          logger.info(
            `${catalogue.procedures.length} thủ tục, ${catalogue.agencies.length} cơ quan hợp lệ (${contentDir})`,
          );
          updateConfig({
            site: config.site ?? catalogue.site.url,
            vite: {
              plugins: [
                catalogueVitePlugin(contentDir, {
                  renderMarkdown: markdownRenderer(config),
                  ...(command === 'build'
                    ? { prerenderFileDir: join(fileURLToPath(config.cacheDir), 'catalogue') }
                    : { dev: true }),
                }),
              ],
            },
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

/**
 * Markdown to HTML with the processor Astro is configured with, called as Astro's content
 * layer calls it (so the "Lưu ý" sections read as they did when a content collection
 * rendered them).
 */
function markdownRenderer(config: AstroConfig): (markdown: string) => Promise<string> {
  let renderer: Promise<{ render(body: string, options: object): Promise<{ code: string }> }>;
  return async (markdown) => {
    renderer ??= Promise.resolve(
      config.markdown.processor.createRenderer({
        image: config.image,
        syntaxHighlight: config.markdown.syntaxHighlight,
        shikiConfig: config.markdown.shikiConfig,
        gfm: config.markdown.gfm,
        smartypants: config.markdown.smartypants,
      }),
    );
    return (await (await renderer).render(markdown, { frontmatter: {} })).code;
  };
}
