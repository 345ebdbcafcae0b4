import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ContentSource } from './validate.ts';
import { buildCatalogue } from './validate.ts';
import type { Catalogue } from './types.ts';

const TEXT_RE = /\.(ya?ml|md)$/;

/** Reads a content directory from disk (Node only). */
export async function readContentSource(
  contentDir: string,
  display = 'content',
): Promise<ContentSource> {
  const entries = await readdir(contentDir, { recursive: true, withFileTypes: true });
  const files: ContentSource['files'] = [];
  const assets: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const rel = relative(contentDir, full).split(sep).join('/');
    if (rel.split('/').some((part) => part.startsWith('.'))) continue;
    if (TEXT_RE.test(rel) && !rel.startsWith('forms/') && !rel.startsWith('media/')) {
      files.push({ rel, display: `${display}/${rel}`, text: await readFile(full, 'utf8') });
    } else {
      assets.push(rel);
    }
  }
  files.sort((a, b) => a.rel.localeCompare(b.rel));
  return { files, assets: assets.sort() };
}

/** Reads and validates the catalogue; throws ContentError with every problem found. */
export async function loadCatalogue(contentDir: string, display = 'content'): Promise<Catalogue> {
  return buildCatalogue(await readContentSource(contentDir, display));
}
