import { Hono } from 'hono';
import type { CatalogueIndex } from '../../src/domain/catalogue-index.ts';
import { html, type SafeHtml } from '../../src/ui/html.ts';
import type { AppEnv } from '../env.ts';
import type { PageKit } from '../http/pages.ts';
import { openApiDocument } from '../openapi/document.ts';
import type { Procedure } from '../../src/schemas/procedure.ts';

export const API_REFERENCE_PATH = '/tai-lieu-api';

type Doc = ReturnType<typeof openApiDocument>;

/** The whole procedures that take online requests, in catalogue order. */
async function onlineProcedures(index: CatalogueIndex): Promise<Procedure[]> {
  const online = await Promise.all(
    index.online.filter((p) => p.status === 'active').map((p) => index.procedure(p.slug)),
  );
  return online.filter((p): p is Procedure => p !== undefined);
}
interface Parameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: Record<string, unknown>;
}
interface OperationView {
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Parameter[];
  requestBody?: unknown;
  security?: unknown;
  responses: Record<string, { description: string }>;
}

const PLACE: Record<string, string> = { query: 'query', path: 'đường dẫn', header: 'header' };

/** A JSON Schema's type in a few words, for the parameter table. */
function typeOf(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return schema.enum.join(' | ');
  if (schema.type === 'integer') {
    const range = [schema.minimum, schema.maximum].filter((n) => n !== undefined).join('–');
    return range ? `số nguyên (${range})` : 'số nguyên';
  }
  if (typeof schema.type === 'string') return schema.type === 'string' ? 'chuỗi' : schema.type;
  return 'chuỗi';
}

/** Backticks in descriptions become <code>. */
const prose = (text: string): SafeHtml[] =>
  text.split(/`([^`]+)`/).map((part, i) => (i % 2 ? html`<code>${part}</code>` : html`${part}`));

function renderOperation(path: string, method: string, op: OperationView): SafeHtml {
  const id = `${method}-${path.replace(/[^a-z0-9]+/gi, '-')}`.replace(/-+$/, '');
  return html`<section class="api-op" aria-labelledby="${id}"><h3 id="${id}"><code>${method.toUpperCase()} ${path}</code></h3>
<p>${op.summary}${op.security ? ' (cần phiên đăng nhập của cán bộ)' : ''}.</p>
${op.description ? html`<p>${prose(op.description)}</p>` : ''}
${
  op.parameters?.length
    ? html`<div class="table-scroll" role="region" tabindex="0" aria-label="Tham số của ${method.toUpperCase()} ${path}"><table><caption>Tham số</caption><thead><tr><th scope="col">Tên</th><th scope="col">Ở đâu</th><th scope="col">Bắt buộc</th><th scope="col">Kiểu</th><th scope="col">Ghi chú</th></tr></thead><tbody>${op.parameters.map(
        (p) =>
          html`<tr><td><code>${p.name}</code></td><td>${PLACE[p.in] ?? p.in}</td><td>${p.required ? 'Có' : 'Không'}</td><td>${typeOf(p.schema)}</td><td>${p.description ?? ''}</td></tr>`,
      )}</tbody></table></div>`
    : ''
}
${op.requestBody ? html`<p>Nội dung gửi: JSON (<code>application/json</code>), lược đồ trong tài liệu OpenAPI.</p>` : ''}
<dl class="api-responses">${Object.entries(op.responses).map(
    ([status, r]) => html`<dt>${status}</dt><dd>${r.description}</dd>`,
  )}</dl></section>`;
}

/** `/api/openapi.json` and a readable reference page built from the same document. */
export function apiDocsRoutes(index: CatalogueIndex, kit: PageKit, now: () => Date) {
  let cached: Promise<Doc> | undefined;
  // Its submission body lists each online procedure's form: whole procedures, read once.
  const doc = () => {
    cached ??= onlineProcedures(index).then((online) => openApiDocument(index, now(), online));
    return cached;
  };
  return new Hono<AppEnv>()
    .get('/api/openapi.json', async (c) => {
      c.header('cache-control', 'public, max-age=300');
      return c.json(await doc());
    })
    .get(API_REFERENCE_PATH, async (c) => {
      const d = await doc();
      const byTag = new Map<string, SafeHtml[]>();
      for (const [path, methods] of Object.entries(d.paths)) {
        for (const [method, op] of Object.entries(methods as Record<string, OperationView>)) {
          const tag = op.tags[0] ?? '';
          byTag.set(tag, [...(byTag.get(tag) ?? []), renderOperation(path, method, op)]);
        }
      }
      c.header('cache-control', 'public, max-age=300');
      return c.html(
        kit.render({
          title: 'Tài liệu API',
          description: 'Tài liệu API công khai: danh mục thủ tục, lịch, hồ sơ, thống kê.',
          main: html`<h1>Tài liệu API</h1>
<p>${d.info.description ? prose(d.info.description) : ''}</p>
<p>Tài liệu máy đọc được: <a href="/api/openapi.json">OpenAPI 3.1 (JSON)</a>. Địa chỉ gốc: <code>${d.servers[0]?.url ?? ''}</code>. Phiên bản ${d.info.version}.</p>
<nav aria-label="Nhóm API"><ul>${[...byTag.keys()].map((tag, i) => html`<li><a href="#nhom-${i + 1}">${tag}</a></li>`)}</ul></nav>
${[...byTag.entries()].map(([tag, ops], i) => html`<h2 id="nhom-${i + 1}">${tag}</h2>${ops}`)}`,
        }),
      );
    });
}
