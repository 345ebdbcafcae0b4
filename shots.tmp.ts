import { chromium } from 'playwright-core';
import { chromiumPath } from './scripts/lib/chromium.ts';
import { startServer } from './scripts/lib/server.ts';
const server = await startServer({ root: process.cwd() });
const browser = await chromium.launch({ executablePath: chromiumPath() });
const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
const pages = process.argv.slice(2);
for (const path of pages) {
  await page.goto(server.url + path);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  const name = path.replace(/[^a-z0-9]+/gi, '_');
  await page.screenshot({ path: `.shots/${name}.png`, fullPage: false });
  console.log(path, 'scrollWidth', wide);
}
await browser.close();
await server.stop();
