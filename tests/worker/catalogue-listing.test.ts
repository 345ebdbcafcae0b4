import { catalogue } from 'virtual:mot-cua/catalogue';
import { describe, expect, test } from 'vitest';
import { memoryCatalogue } from '../../functions/catalogue/source.ts';
import {
  continuationHref,
  LIST_PAGE_SIZE,
  listing,
  STATIC_LIST_MAX,
} from '../../src/domain/catalogue-listing.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';
import { renderListing } from '../../src/ui/procedure-list.ts';
import { createCheckedApp } from './test-worker.ts';

/**
 * A province's long lists (ADR 0024): a prerendered list shows its first STATIC_LIST_MAX
 * procedures and links to the Worker's page that goes on from the next one. Checked on a
 * catalogue grown to 260 procedures in one field and agency: the link's page starts exactly
 * where the static list stopped, the pages end with the list's last procedure, and a repealed
 * procedure is in neither.
 */

const base = catalogue.procedures.find((p) => p.status === 'active' && p.agencies.length === 1);
if (!base) throw new Error('no single-agency procedure in the demo catalogue');
const agency = base.agencies[0] as string;
const grown: Procedure[] = Array.from({ length: 260 }, (_, i) => ({
  ...base,
  slug: `${base.slug}-${String(i).padStart(3, '0')}`,
  code: `9.${String(900000 + i)}`,
  title: `${base.title} (bản ${String(i).padStart(3, '0')})`,
  ...(i === 7 ? { status: 'repealed' as const } : {}),
}));
const big = { ...catalogue, procedures: [...catalogue.procedures, ...grown] };
const app = createCheckedApp({ catalogue: big, css: '' });
const { index } = memoryCatalogue(big);

const slugsOnPage = (html: string) =>
  [...html.matchAll(/<h[23]><a href="\/thu-tuc\/([a-z0-9-]+)\/">/g)].map((m) => m[1]);

describe('long catalogue lists hand over to the paged list', () => {
  for (const [name, filter] of [
    ['a field', { field: base.field }],
    ['an agency', { agency }],
  ] as const) {
    test(`${name}: the Worker's page goes on where the prerendered list stopped`, async () => {
      const list = listing(index, filter);
      expect(list.length).toBeGreaterThan(STATIC_LIST_MAX);
      expect(list.some((p) => p.status === 'repealed')).toBe(false);
      const rendered = renderListing(list, index, filter).toString();
      expect(slugsOnPage(rendered)).toEqual(list.slice(0, STATIC_LIST_MAX).map((p) => p.slug));
      const href = continuationHref(filter);
      expect(rendered).toContain(`href="${href.replaceAll('&', '&amp;')}"`);
      expect(rendered).toContain(`Xem tiếp từ thủ tục thứ ${STATIC_LIST_MAX + 1}`);

      const next = await app.request(href);
      expect(next.status).toBe(200);
      const html = await next.text();
      expect(slugsOnPage(html)).toEqual(
        list.slice(STATIC_LIST_MAX, STATIC_LIST_MAX + LIST_PAGE_SIZE).map((p) => p.slug),
      );
      const pages = Math.ceil(list.length / LIST_PAGE_SIZE);
      expect(html).toContain(`trang ${STATIC_LIST_MAX / LIST_PAGE_SIZE + 1}/${pages}`);

      const last = await (await app.request(href.replace(/trang=\d+/, `trang=${pages}`))).text();
      expect(slugsOnPage(last).at(-1)).toBe(list.at(-1)?.slug);
    });
  }

  test('an agency list names the agency, and an unknown agency is no filter', async () => {
    const html = await (await app.request(`/tim-kiem?agency=${agency}`)).text();
    const name = index.agencyBySlug.get(agency)?.name ?? '';
    expect(html).toContain(`thủ tục thuộc ${name}`);
    const unknown = await app.request('/tim-kiem?agency=khong-co-co-quan-nay');
    expect(unknown.status).toBe(200);
    expect(slugsOnPage(await unknown.text())).toEqual([]);
  });

  test('a short list has no hand-over', () => {
    const short = listing(index, { field: base.field }).slice(0, STATIC_LIST_MAX);
    expect(renderListing(short, index, { field: base.field }).toString()).not.toContain('Xem tiếp');
  });
});
