import type { z } from 'zod';

/** Editor-facing description of one schema field, taken from its `.meta()`. */
export interface FieldInfo {
  title?: string;
  description?: string;
  examples?: unknown[];
  /** Keys an object at this position accepts (for "did you mean" hints). */
  keys?: string[];
}

type AnySchema = z.core.$ZodType;

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch']);

function defOf(schema: AnySchema): Record<string, unknown> & { type: string } {
  return (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod
    .def;
}

function metaOf(schema: AnySchema): Record<string, unknown> | undefined {
  const candidate = schema as unknown as { meta?: () => Record<string, unknown> | undefined };
  return typeof candidate.meta === 'function' ? candidate.meta() : undefined;
}

/** Walks through optional/default/pipe wrappers, collecting metadata on the way. */
function peel(schema: AnySchema): { core: AnySchema; info: FieldInfo } {
  const info: FieldInfo = {};
  let current: AnySchema | undefined = schema;
  while (current) {
    const meta = metaOf(current);
    if (meta) {
      info.title ??= meta.title as string | undefined;
      info.description ??= meta.description as string | undefined;
      info.examples ??= meta.examples as unknown[] | undefined;
    }
    const def = defOf(current);
    if (WRAPPERS.has(def.type)) current = def.innerType as AnySchema;
    else if (def.type === 'pipe') current = def.in as AnySchema;
    else break;
  }
  const core = current ?? schema;
  const coreDef = defOf(core);
  if (coreDef.type === 'object') info.keys = Object.keys(coreDef.shape as object);
  return { core, info };
}

/**
 * Describes every step of `path` inside `schema`: one entry per path segment
 * (array indices included), so messages can say "Phí, lệ phí › mục 2 › Mức thu".
 */
export function describePath(schema: AnySchema, path: readonly PropertyKey[]): FieldInfo[] {
  const out: FieldInfo[] = [];
  let current: AnySchema | undefined = schema;
  for (const segment of path) {
    if (!current) {
      out.push({});
      continue;
    }
    const { core } = peel(current);
    const def = defOf(core);
    if (def.type === 'object' && typeof segment === 'string') {
      current = (def.shape as Record<string, AnySchema>)[segment];
      out.push(current ? peel(current).info : {});
    } else if (def.type === 'array' && typeof segment === 'number') {
      current = def.element as AnySchema;
      out.push({ title: `mục ${segment + 1}`, ...pickDocs(peel(current).info) });
    } else {
      current = undefined;
      out.push({});
    }
  }
  return out;
}

function pickDocs(info: FieldInfo): FieldInfo {
  return { keys: info.keys };
}

/** The info for the object that contains `path` (used for unknown-key hints). */
export function describeAt(schema: AnySchema, path: readonly PropertyKey[]): FieldInfo {
  if (path.length === 0) return peel(schema).info;
  return describePath(schema, path).at(-1) ?? {};
}
