import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { build } from 'esbuild';

/**
 * The few scripts that enhance pages (src/client/<name>.ts → /js/<name>.js),
 * bundled with esbuild so they can share the domain rules with the Worker. One
 * stable URL per script, because pages the Worker renders link to them too.
 */
const clientDir = fileURLToPath(new URL('.', import.meta.url));

const entries = () =>
  readdirSync(clientDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'integration.ts')
    .map((f) => f.slice(0, -3));

async function bundle(name: string, minify: boolean): Promise<string> {
  const result = await build({
    entryPoints: [join(clientDir, `${name}.ts`)],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    minify,
    legalComments: 'none',
    charset: 'utf8',
  });
  return result.outputFiles[0]?.text ?? '';
}

export function clientScripts(): AstroIntegration {
  return {
    name: 'mot-cua:client-scripts',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        if (command !== 'dev') return;
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'mot-cua:client-scripts-dev',
                configureServer(server) {
                  server.middlewares.use(async (req, res, next) => {
                    const match = /^\/js\/([a-z0-9-]+)\.js$/.exec(req.url?.split('?')[0] ?? '');
                    if (!match?.[1] || !entries().includes(match[1])) return next();
                    res.setHeader('content-type', 'text/javascript; charset=utf-8');
                    res.end(await bundle(match[1], false));
                  });
                },
              },
            ],
          },
        });
      },
      'astro:build:done': async ({ dir }) => {
        const out = join(fileURLToPath(dir), 'js');
        await mkdir(out, { recursive: true });
        for (const name of entries())
          await writeFile(join(out, `${name}.js`), await bundle(name, true));
      },
    },
  };
}
