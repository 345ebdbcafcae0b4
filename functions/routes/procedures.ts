import { Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { filterProcedures, toListItem, toRecord } from '../../src/domain/procedure-api.ts';
import type { WorkerSearch } from '../search-backend.ts';
import { procedureCodeParam, procedureListQuery } from '../../src/schemas/api.ts';
import type { AppEnv } from '../env.ts';
import { apiError } from '../http/errors.ts';
import { parseQuery } from '../http/query.ts';

/** `search` gives the prebuilt engine, loaded on an isolate's first search (ADR 0025). */
export function procedureRoutes(index: CatalogueIndex, search: () => Promise<WorkerSearch>) {
  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const query = parseQuery(c, procedureListQuery);
      if (!query.ok) return query.response;
      const { limit, offset, q, ...filters } = query.value;
      for (const [key, known, label] of [
        ['field', filters.field && index.fieldBySlug.has(filters.field), 'lĩnh vực'],
        ['agency', filters.agency && index.agencyBySlug.has(filters.agency), 'cơ quan'],
      ] as const) {
        if (filters[key] && !known) {
          return apiError(c, 400, 'invalid_query', `Không có ${label} "${filters[key]}".`, [
            { path: key, message: `${label} không tồn tại` },
          ]);
        }
      }
      if (q) {
        const allowed = new Set(filterProcedures(index.catalogue.procedures, filters));
        const { total, hits } = await (await search()).find(q, {
          filter: (p) => allowed.has(p),
          limit: offset + limit,
        });
        return c.json({
          q,
          total,
          limit,
          offset,
          items: hits.slice(offset, offset + limit).map((hit) => ({
            ...toListItem(hit.procedure, index),
            score: Math.round(hit.score * 1000) / 1000,
            matched: hit.matched,
          })),
        });
      }
      const matches = filterProcedures(index.catalogue.procedures, filters);
      return c.json({
        total: matches.length,
        limit,
        offset,
        items: matches.slice(offset, offset + limit).map((p) => toListItem(p, index)),
      });
    })
    .get('/:code', async (c) => {
      const code = c.req.param('code');
      if (!procedureCodeParam.safeParse(code).success) {
        return apiError(
          c,
          400,
          'invalid_code',
          `"${code}" không phải là mã thủ tục (ví dụ 1.001193).`,
        );
      }
      const listed = index.procedureByCode.get(code);
      const procedure = listed && (await index.procedure(listed.slug));
      if (!procedure) {
        return apiError(c, 404, 'not_found', `Không có thủ tục mã ${code} trong danh mục.`);
      }
      return c.json(toRecord(procedure, index));
    });
}
