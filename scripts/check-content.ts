/**
 * `npm run check:content`: validates everything in content/ in a second or two,
 * without building the site, and lists facts still awaiting local confirmation.
 *
 *   npm run check:content               validate content/
 *   npm run check:content -- --dir X    validate another content directory
 *   npm run check:content -- --pending  also list every pending fact
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ContentError } from '../src/catalogue/issues.ts';
import { loadCatalogue } from '../src/catalogue/read.ts';
import { pendingOf } from '../src/domain/rules/select.ts';

const { values } = parseArgs({
  options: { dir: { type: 'string', default: 'content' }, pending: { type: 'boolean' } },
});
const dir = values.dir ?? 'content';
const started = performance.now();
try {
  const catalogue = await loadCatalogue(resolve(dir), dir);
  const ms = Math.round(performance.now() - started);
  const pending = [
    ...catalogue.site.pending.map((p) => ({ source: `${dir}/site.yaml`, ...p })),
    ...catalogue.agencies.flatMap((a) => a.pending.map((p) => ({ source: a.source, ...p }))),
    ...catalogue.procedures.flatMap((p) => p.pending.map((x) => ({ source: p.source, ...x }))),
    ...catalogue.ruleSets.flatMap((r) => pendingOf(r).map((x) => ({ source: r.source, ...x }))),
    ...(catalogue.notifications?.pending ?? []).map((p) => ({
      source: `${dir}/notifications.yaml`,
      ...p,
    })),
  ];
  console.log(
    `✓ Nội dung hợp lệ: ${catalogue.procedures.length} thủ tục, ${catalogue.agencies.length} cơ quan, ${catalogue.fields.length} lĩnh vực, ${catalogue.ruleSets.length} bộ quy định (${ms} ms).`,
  );
  console.log(`  ${pending.length} thông tin đang chờ địa phương xác nhận (pending).`);
  if (values.pending) {
    for (const p of pending) console.log(`  • ${p.source} › ${p.field}: ${p.note}`);
  }
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
