import { env } from 'cloudflare:workers';
import { catalogue } from 'virtual:mot-cua/catalogue';
import { describe, expect, test } from 'vitest';
import { createApp } from '../../functions/app.ts';
import { openAssetsCatalogue } from '../../functions/catalogue/source.ts';
import { CATALOGUE_ASSET_DIR, catalogueAssetPaths } from '../../src/catalogue/asset-paths.ts';
import { workerCatalogue } from '../../src/catalogue/worker-files.ts';

/**
 * The catalogue as the deployed Worker reads it (ADR 0025): the files the build writes,
 * served through a reader that counts what it is asked for, as `env.ASSETS` would serve them.
 */
const built = workerCatalogue(catalogue);

function servedFiles(files: Map<string, string>) {
  const reads: string[] = [];
  return {
    reads,
    read: async (path: string) => {
      reads.push(path);
      return files.get(path) ?? null;
    },
  };
}

const online = catalogue.procedures.find((p) => p.online !== 'khong' && p.status === 'active');
if (!online) throw new Error('the test catalogue needs an online procedure');

describe('the catalogue files of a build', () => {
  test('live under one folder named by a hash of their content', () => {
    expect(built.version).toMatch(/^[0-9a-f]{16}$/);
    for (const path of built.files.keys()) {
      expect(path.startsWith(`/${CATALOGUE_ASSET_DIR}/${built.version}/`)).toBe(true);
    }
    // One file per procedure, the summaries and the search index's files under their folder.
    const paths = catalogueAssetPaths(built.version);
    const searchFiles = [...built.files.keys()].filter((p) => p.startsWith(`${paths.search}/`));
    expect(searchFiles).toContain(`${paths.search}/meta.json`);
    expect(built.files.size).toBe(catalogue.procedures.length + 1 + searchFiles.length);
    // An editor's change to one procedure names a new folder: a deploy never mixes versions.
    const edited = workerCatalogue({
      ...catalogue,
      procedures: catalogue.procedures.map((p, i) =>
        i === 0 ? { ...p, title: `${p.title}.` } : p,
      ),
    });
    expect(edited.version).not.toBe(built.version);
    expect(workerCatalogue(catalogue).version).toBe(built.version);
  });

  test('the Worker bundle keeps no procedure', () => {
    expect('procedures' in built.core).toBe(false);
    expect(JSON.stringify(built.core)).not.toContain(online.code);
  });
});

describe('the Worker reading them', () => {
  test('reads the summaries once, each procedure once, and an unknown slug not at all', async () => {
    const served = servedFiles(built.files);
    const loaded = await openAssetsCatalogue(built.core, built.version, served.read);
    const paths = catalogueAssetPaths(built.version);
    expect(served.reads).toEqual([paths.summaries]);

    const first = await loaded.index.procedure(online.slug);
    const again = await loaded.index.procedure(online.slug);
    expect(first?.documents).toEqual(online.documents);
    expect(again).toBe(first);
    expect(await loaded.index.procedure('khong-co-thu-tuc-nay')).toBeUndefined();
    expect(served.reads).toEqual([paths.summaries, paths.procedure(online.slug)]);
  });

  test('keeps only the procedures read most recently, within its budget of characters', async () => {
    const served = servedFiles(built.files);
    const [a, b, c] = catalogue.procedures;
    if (!a || !b || !c) throw new Error('the test catalogue needs three procedures');
    const paths = catalogueAssetPaths(built.version);
    const chars = (p: typeof a) => built.files.get(paths.procedure(p.slug))?.length ?? 0;
    // Room for a with b, or a with c, never all three.
    const budget = Math.max(chars(a) + chars(b), chars(a) + chars(c));
    const loaded = await openAssetsCatalogue(built.core, built.version, served.read, budget);
    for (const p of [a, b, a, c, a, b]) await loaded.index.procedure(p.slug);
    // a stays (read recently each time); b was dropped for c, then read again.
    expect(served.reads.filter((p) => p === paths.procedure(a.slug))).toHaveLength(1);
    expect(served.reads.filter((p) => p === paths.procedure(b.slug))).toHaveLength(2);
  });

  test('a procedure larger than the whole budget is read each time, not kept', async () => {
    const served = servedFiles(built.files);
    const loaded = await openAssetsCatalogue(built.core, built.version, served.read, 10);
    await loaded.index.procedure(online.slug);
    await loaded.index.procedure(online.slug);
    const paths = catalogueAssetPaths(built.version);
    expect(served.reads.filter((p) => p === paths.procedure(online.slug))).toHaveLength(2);
  });

  test('a deployment without its files fails to open, and says which catalogue', async () => {
    await expect(openAssetsCatalogue(built.core, built.version, async () => null)).rejects.toThrow(
      built.version,
    );
  });

  test('pages and the API answer from the files; search loads the prebuilt index once', async () => {
    const served = servedFiles(built.files);
    const app = createApp({
      catalogue: await openAssetsCatalogue(built.core, built.version, served.read),
      css: '',
    });
    const paths = catalogueAssetPaths(built.version);

    const record = await app.request(`/api/procedures/${online.code}`, {}, env);
    expect(record.status).toBe(200);
    expect(((await record.json()) as { documents: unknown }).documents).toEqual(online.documents);

    const form = await app.request(`/nop-ho-so/${online.slug}/`, {}, env);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain(online.title);

    const unknown = await app.request('/nop-ho-so/khong-co-thu-tuc-nay/', {}, env);
    expect(unknown.status).toBe(404);

    for (const q of ['khai sinh', 'chứng thực']) {
      const page = await app.request(`/tim-kiem?q=${encodeURIComponent(q)}`, {}, env);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/Tìm thấy \d+ thủ tục|thủ tục phù hợp nhất/);
    }
    // The index opens once; each of its files is read at most once, and only some of them.
    const searchReads = served.reads.filter((p) => p.startsWith(`${paths.search}/`));
    expect(searchReads.filter((p) => p === `${paths.search}/meta.json`)).toHaveLength(1);
    expect(new Set(searchReads).size).toBe(searchReads.length);
    const indexFiles = [...built.files.keys()].filter((p) => p.startsWith(`${paths.search}/`));
    expect(searchReads.length).toBeLessThan(indexFiles.length);
  });
});
