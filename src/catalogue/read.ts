import { readdirSync, readFileSync } from 'node:fs';
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
  // Synchronous reads: three times faster than awaiting 5,000 reads one after another.
  const entries = readdirSync(contentDir, { recursive: true, withFileTypes: true });
  const files: ContentSource['files'] = [];
  const assets: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const rel = relative(contentDir, full).split(sep).join('/');
    if (rel.split('/').some((part) => part.startsWith('.'))) continue;
    if (TEXT_RE.test(rel) && !rel.startsWith('forms/') && !rel.startsWith('media/')) {
      files.push({ rel, display: `${display}/${rel}`, text: readFileSync(full, 'utf8') });
    } else {
      assets.push(rel);
    }
  }
  files.sort((a, b) => a.rel.localeCompare(b.rel));
  return { files, assets: assets.sort() };
}

/**
 * Reads and validates the catalogue; throws ContentError with every problem found.
 *
 * One build asks for it three times or more (the integration's check, the virtual module
 * of each Vite environment), in module instances of their own; parsing 5,000 frontmatters
 * takes seconds each time (ADR 0024). So the result is kept for the
 * process, on `globalThis`, and reused while the files read the same: every call still
 * reads the directory (a fraction of a second) and compares it with what was validated, so
 * an edit in `astro dev` is seen; each caller gets its own copy.
 */
export async function loadCatalogue(contentDir: string, display = 'content'): Promise<Catalogue> {
  return structuredClone(await loadSharedCatalogue(contentDir, display));
}

/**
 * The same validated catalogue without the copy, for a caller that only reads it (the
 * virtual module serialises it at once): it must never change what it gets.
 */
export async function loadSharedCatalogue(
  contentDir: string,
  display = 'content',
): Promise<Readonly<Catalogue>> {
  const source = await readContentSource(contentDir, display);
  const signature = sourceSignature(source);
  const key = `${contentDir}\0${display}`;
  const cache = validatedCatalogues();
  let entry = cache.get(key);
  if (entry?.signature !== signature) {
    entry = { signature, catalogue: Promise.resolve().then(() => buildCatalogue(source)) };
    cache.set(key, entry);
  }
  return entry.catalogue;
}

interface ValidatedCatalogue {
  signature: string;
  catalogue: Promise<Catalogue>;
}

function validatedCatalogues(): Map<string, ValidatedCatalogue> {
  const holder = globalThis as { __motCuaCatalogues?: Map<string, ValidatedCatalogue> };
  holder.__motCuaCatalogues ??= new Map();
  return holder.__motCuaCatalogues;
}

/** Everything validation reads: the text files in order and the names of the others. */
function sourceSignature(source: ContentSource): string {
  return [...source.files.map((f) => `${f.rel}\u0001${f.text}`), ...source.assets].join('\u0002');
}
