// @ts-check
import cloudflare from '@astrojs/cloudflare';
import { defineConfig } from 'astro/config';
import { assetLimitGuard } from './src/build/asset-limit.ts';
import { catalogueIntegration } from './src/catalogue/integration.ts';
import { clientScripts } from './src/client/integration.ts';

export default defineConfig({
  // Every page is prerendered (`export const prerender = true`); `server` output keeps
  // the custom Worker entry (functions/worker.ts) in the build. See docs/adr/0001.
  output: 'server',
  // Builds of other content (tests, benchmarks) keep their own content cache.
  ...(process.env.ASTRO_CACHE_DIR ? { cacheDir: process.env.ASTRO_CACHE_DIR } : {}),
  adapter: cloudflare({ imageService: 'compile', prerenderEnvironment: 'node' }),
  session: false,
  // The asset-size guard runs last, after every file is written (docs/adr/0026).
  integrations: [catalogueIntegration(), clientScripts(), assetLimitGuard()],
  build: { inlineStylesheets: 'always', format: 'directory' },
  devToolbar: { enabled: false },
  prefetch: false,
});
