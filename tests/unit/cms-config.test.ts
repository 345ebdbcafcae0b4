import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parse, stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { readContentSource } from '../../src/catalogue/read.ts';
import { buildCatalogue } from '../../src/catalogue/validate.ts';
import {
  agencyFields,
  BODY_FIELD,
  COLLECTIONS,
  cmsConfig,
  cmsConfigYaml,
  fieldsFileFields,
  PLACEHOLDER_REPO,
  procedureFields,
  RELATIONS,
  siteFields,
} from '../../src/domain/cms/config.ts';
import { ADMIN_PATHS, adminPage, HELPER_SCRIPT } from '../../src/domain/cms/page.ts';
import type { CmsField } from '../../src/domain/cms/schema-fields.ts';
import { agencyFile } from '../../src/schemas/agency.ts';
import { fieldsFile } from '../../src/schemas/field.ts';
import { procedureFrontmatter } from '../../src/schemas/procedure.ts';
import { siteFile } from '../../src/schemas/site.ts';

/**
 * The editor at /admin and the content schemas can never drift apart: the CMS
 * configuration is generated from the zod schemas (src/domain/cms), and this test
 * checks it field by field against an independent reading of the same schemas, zod's own
 * JSON Schema export. Every key is there with the right widget, required-ness, label, hint
 * and nested fields, and nothing is there that the schema does not know.
 */

type Json = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Json>;
  required?: string[];
  items?: Json;
  enum?: unknown[];
  anyOf?: Json[];
};

const jsonSchemas = (schema: z.ZodType) => ({
  input: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json,
  output: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Json,
});

/** The real content, to resolve relations the way the CMS would (pick the first entry). */
const source = await readContentSource('content');
const catalogue = buildCatalogue(source);
const FIELD_SLUGS = catalogue.fields.map((f) => f.slug);

/** Number bounds zod adds for integers, not limits anyone wrote. */
const SAFE = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

/**
 * Compares one CMS field with the JSON Schema of the same key (input side; the output
 * side tells a transformed string, i.e. a date, from a plain one).
 */
function expectField(
  field: CmsField,
  input: Json,
  output: Json | undefined,
  required: boolean,
  path: string,
  relations: Record<string, unknown>,
  choices: Record<string, string[]> = {},
): void {
  const where = `${path} (${field.label})`;
  expect(field.required !== false, `${where}: required`).toBe(required);
  if (typeof input.title === 'string') expect(field.label, `${where}: label`).toBe(input.title);
  if (typeof input.description === 'string' && field.name !== 'muc') {
    expect(field.hint ?? '', `${where}: hint`).toContain(input.description);
  }
  if (['string', 'number', 'boolean'].includes(typeof input.default)) {
    expect(field.default, `${where}: default`).toBe(input.default);
  }
  if (choices[path]) {
    expect(field.widget, `${where}: widget`).toBe('select');
    expect(field.options?.map((o) => o.value)).toEqual(choices[path]);
    return;
  }
  if (relations[path]) {
    expect(field.widget, `${where}: widget`).toBe('relation');
    expect(field, where).toMatchObject(relations[path] as object);
    expect(field.multiple === true, `${where}: multiple`).toBe(input.type === 'array');
    return;
  }
  if (input.enum) {
    expect(field.widget, `${where}: widget`).toBe('select');
    expect(field.options?.map((o) => o.value)).toEqual(input.enum);
    return;
  }
  if (input.anyOf || Array.isArray(input.type)) {
    // Working hours: text or false; the editor offers the text.
    expect(input.anyOf?.map((a) => a.type) ?? input.type).toContain('string');
    expect(field.widget, `${where}: widget`).toBe('string');
    return;
  }
  switch (input.type) {
    case 'string':
      if (output && output.type === undefined) {
        expect(field, `${where}: a date`).toMatchObject({
          widget: 'datetime',
          type: 'date',
          format: 'YYYY-MM-DD',
        });
      } else {
        expect(['string', 'text'], `${where}: widget`).toContain(field.widget);
        expect(field.pattern?.[0], `${where}: pattern`).toBe(input.pattern);
      }
      return;
    case 'integer':
    case 'number':
      expect(field.widget, `${where}: widget`).toBe('number');
      expect(field.value_type).toBe(input.type === 'integer' ? 'int' : 'float');
      for (const [bound, key] of [
        ['minimum', 'min'],
        ['maximum', 'max'],
      ] as const) {
        const value = input[bound] as number | undefined;
        expect(field[key], `${where}: ${key}`).toBe(
          value === undefined || SAFE.has(value) ? undefined : value,
        );
      }
      return;
    case 'boolean':
      expect(field.widget, `${where}: widget`).toBe('boolean');
      return;
    case 'object':
      expect(field.widget, `${where}: widget`).toBe('object');
      expectFields(field.fields ?? [], input, output, path, relations);
      return;
    case 'array': {
      const items = input.items as Json;
      if (required && typeof input.minItems === 'number') {
        expect(field.min, `${where}: min`).toBe(input.minItems);
      }
      if (items.enum) {
        expect(field, where).toMatchObject({ widget: 'select', multiple: true });
        expect(field.options?.map((o) => o.value)).toEqual(items.enum);
      } else if (items.type === 'object') {
        expect(field.widget, `${where}: widget`).toBe('list');
        expect(field.field).toBeUndefined();
        expectFields(field.fields ?? [], items, output?.items as Json, `${path}.*`, relations);
      } else {
        expect(field.widget, `${where}: widget`).toBe('list');
        expect(field.fields).toBeUndefined();
        expect(field.field, `${where}: item`).toBeDefined();
        expectField(
          field.field as CmsField,
          items,
          output?.items as Json,
          true,
          `${path}.*`,
          relations,
        );
      }
      return;
    }
    default:
      throw new Error(`${where}: unexpected JSON Schema ${JSON.stringify(input)}`);
  }
}

/** Same keys in the same order, and each field as the schema says. */
function expectFields(
  fields: readonly CmsField[],
  input: Json,
  output: Json | undefined,
  path: string,
  relations: Record<string, unknown>,
  choices: Record<string, string[]> = {},
): void {
  const keys = Object.keys(input.properties ?? {});
  expect(
    fields.map((f) => f.name),
    `${path || 'root'}: keys`,
  ).toEqual(keys);
  for (const field of fields) {
    const childPath = path ? `${path}.${field.name}` : field.name;
    expectField(
      field,
      input.properties?.[field.name] as Json,
      output?.properties?.[field.name],
      (input.required ?? []).includes(field.name),
      childPath,
      relations,
      choices,
    );
  }
}

describe('the CMS fields follow the zod schemas', () => {
  test('procedure files: every frontmatter key, then the Markdown body', () => {
    const fields = procedureFields(catalogue.fields);
    expect(fields.at(-1)).toEqual(BODY_FIELD);
    const { input, output } = jsonSchemas(procedureFrontmatter);
    // The field is picked from content/fields.yaml as it is at build time.
    expectFields(fields.slice(0, -1), input, output, '', RELATIONS.procedure, {
      field: FIELD_SLUGS,
    });
  });

  test('agency files', () => {
    const { input, output } = jsonSchemas(agencyFile);
    expectFields(agencyFields(), input, output, '', RELATIONS.agency);
  });

  test('content/site.yaml, with the optional cms block', () => {
    const { input, output } = jsonSchemas(siteFile);
    expectFields(siteFields(), input, output, '', RELATIONS.site);
    const cms = siteFields().find((f) => f.name === 'cms');
    expect(cms).toMatchObject({ widget: 'object', required: false });
  });

  test('content/fields.yaml', () => {
    const { input, output } = jsonSchemas(fieldsFile);
    expectFields(fieldsFileFields(), input, output, '', {});
  });

  test('a few fields as an editor sees them', () => {
    const byName = new Map(procedureFields(catalogue.fields).map((f) => [f.name, f]));
    expect(byName.get('code')).toMatchObject({
      label: 'Mã thủ tục',
      widget: 'string',
      pattern: ['^(?:\\d|DP)\\.\\d{6}$', expect.stringContaining('1.001193')],
    });
    expect(byName.get('level')?.options).toContainEqual({ label: 'Cấp xã (xa)', value: 'xa' });
    expect(byName.get('field')?.options).toContainEqual({
      label: 'Hộ tịch (ho-tich)',
      value: 'ho-tich',
    });
    expect(byName.get('agencies')).toMatchObject({
      widget: 'relation',
      collection: COLLECTIONS.agencies,
      multiple: true,
      min: 1,
    });
    const fees = byName.get('fees');
    expect(fees).toMatchObject({ widget: 'list', required: false, summary: '{{fields.name}}' });
    expect(fees?.fields?.find((f) => f.name === 'amount')).toMatchObject({
      widget: 'number',
      value_type: 'int',
      required: false,
      min: 0,
    });
    expect(byName.get('steps')?.field).toMatchObject({ widget: 'text', label: 'Bước' });
  });
});

const RELATION_SAMPLES: Record<string, string> = {
  [COLLECTIONS.agencies]: catalogue.agencies[0]?.slug ?? '',
  [COLLECTIONS.procedures]: catalogue.procedures[0]?.code ?? '',
};

/** A text the editor might type that fits the field's pattern. */
function sampleText(field: CmsField): string {
  if (/url/i.test(field.name)) return 'https://xa-thu.example.vn';
  const candidates = ['Giá trị thử nghiệm', '1.999999', 'gia-tri-thu', 'ubnd-thu/mot-cua'];
  const pattern = field.pattern ? new RegExp(field.pattern[0]) : undefined;
  return candidates.find((c) => !pattern || pattern.test(c)) ?? '';
}

/**
 * What the CMS writes for an entry where the editor fills in only what is required and
 * leaves every default alone: defaults as configured, required fields with a plausible
 * value (relations: the first entry), empty optional fields left out
 * (`omit_empty_optional_fields`).
 */
function cmsEntry(fields: readonly CmsField[]): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  for (const field of fields) {
    const value = sampleValue(field);
    if (value !== undefined) entry[field.name] = value;
  }
  return entry;
}

function sampleValue(field: CmsField): unknown {
  if (field.default !== undefined) return field.default;
  if (field.required === false) return undefined;
  const repeat = (item: unknown) => Array.from({ length: Math.max(field.min ?? 1, 1) }, () => item);
  switch (field.widget) {
    case 'string':
    case 'text':
      return sampleText(field);
    case 'number':
      return field.min ?? 0;
    case 'boolean':
      return false;
    case 'datetime':
      return '2026-01-05';
    case 'select': {
      const first = field.options?.[0]?.value;
      return field.multiple ? [first] : first;
    }
    case 'relation': {
      const value = RELATION_SAMPLES[field.collection ?? ''];
      return field.multiple ? repeat(value) : value;
    }
    case 'list':
      return repeat(field.fields ? cmsEntry(field.fields) : sampleValue(field.field as CmsField));
    case 'object':
      return cmsEntry(field.fields ?? []);
    case 'markdown':
      return undefined;
  }
}

describe('an entry written with the CMS defaults validates', () => {
  test('a new procedure, with the real catalogue around it', () => {
    const fields = procedureFields(catalogue.fields);
    const entry = cmsEntry(fields.filter((f) => f.name !== 'body'));
    const parsed = procedureFrontmatter.safeParse(entry);
    expect(parsed.error?.issues ?? []).toEqual([]);
    const text = `---\n${stringify(entry)}---\n\nHướng dẫn.\n`;
    const withEntry = buildCatalogue({
      ...source,
      files: [
        ...source.files,
        { rel: 'procedures/tu-cms.md', display: 'content/procedures/tu-cms.md', text },
      ],
    });
    expect(withEntry.procedures.map((p) => p.slug)).toContain('tu-cms');
  });

  test('an agency and the settings files', () => {
    expect(agencyFile.safeParse(cmsEntry(agencyFields())).error?.issues ?? []).toEqual([]);
    expect(fieldsFile.safeParse(cmsEntry(fieldsFileFields())).error?.issues ?? []).toEqual([]);
    expect(siteFile.safeParse(cmsEntry(siteFields())).error?.issues ?? []).toEqual([]);
  });

  test('the defaults are values the schema accepts as written', () => {
    const entry = cmsEntry(procedureFields(catalogue.fields).filter((f) => f.name !== 'body'));
    const parsed = procedureFrontmatter.parse(entry);
    expect(parsed).toMatchObject({ online: 'khong', status: 'active', sets: 1 });
  });
});

describe('the configuration file', () => {
  const site = catalogue.site;

  test('config.yml is the configuration, and Sveltia CMS accepts it (its own JSON schema)', () => {
    const yaml = cmsConfigYaml(site, catalogue.fields);
    expect(parse(yaml)).toEqual(cmsConfig(site, catalogue.fields));
    const sveltiaSchema = JSON.parse(
      readFileSync('node_modules/@sveltia/cms/schema/sveltia-cms.json', 'utf8'),
    );
    const validate = new Ajv({ strict: false, validateFormats: false, allErrors: true }).compile(
      sveltiaSchema,
    );
    expect(validate(parse(yaml)), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  test('collections point at the content folders and at each other', () => {
    const config = cmsConfig(site, catalogue.fields) as { collections: Record<string, unknown>[] };
    const names = config.collections.map((c) => c.name);
    expect(names).toEqual(Object.values(COLLECTIONS));
    expect(config.collections[0]).toMatchObject({
      folder: 'content/procedures',
      extension: 'md',
      format: 'yaml-frontmatter',
    });
    expect(config.collections[1]).toMatchObject({ folder: 'content/agencies', format: 'yaml' });
    const relations = Object.values(RELATIONS).flatMap((r) => Object.values(r));
    for (const relation of relations) expect(names).toContain(relation.collection);
    expect(fieldsFileFields()[0]).toMatchObject({ name: 'fields', widget: 'list' });
  });

  test('without a cms block: a marked placeholder, token sign-in only, and a notice', () => {
    const bare = { name: 'Xã Thử', url: 'https://xa.example.vn' };
    const config = cmsConfig(bare, catalogue.fields) as { backend: Record<string, unknown> };
    expect(config.backend).toEqual({
      name: 'github',
      repo: PLACEHOLDER_REPO,
      branch: 'main',
      auth_methods: ['token'],
    });
    expect(cmsConfigYaml(bare, catalogue.fields)).toContain('# CHƯA CẤU HÌNH');
    expect(adminPage({ siteName: 'Xã Thử', configured: false })).toContain(
      'Trình biên tập chưa được cấu hình',
    );
    expect(adminPage({ siteName: 'Xã Thử', configured: true })).not.toContain('chua-cau-hinh');
  });

  test('with a cms block: the repository, the branch and the OAuth service', () => {
    const configured = {
      name: 'Xã Thử',
      url: 'https://xa.example.vn',
      cms: { repo: 'ubnd-xa-thu/mot-cua', branch: 'xuat-ban', authUrl: 'https://auth.example.vn' },
    };
    expect((cmsConfig(configured, []) as { backend: unknown }).backend).toEqual({
      name: 'github',
      repo: 'ubnd-xa-thu/mot-cua',
      branch: 'xuat-ban',
      base_url: 'https://auth.example.vn',
    });
    expect(cmsConfigYaml(configured, [])).not.toContain('CHƯA CẤU HÌNH');
    const parsed = siteFile.safeParse({ ...site, cms: { repo: 'khong hop le' } });
    expect(parsed.error?.issues[0]?.message).toContain('chủ-sở-hữu/tên-kho');
    expect(siteFile.parse({ ...site, cms: { repo: 'a/b' } }).cms?.branch).toBe('main');
  });

  test('the page loads everything from this site', () => {
    const html = adminPage({ siteName: 'A & B', configured: true });
    expect(html).toContain(`href="${ADMIN_PATHS.config}"`);
    expect(html).toContain(`<script src="${ADMIN_PATHS.bundle}"></script>`);
    expect(html.indexOf(ADMIN_PATHS.helper)).toBeLessThan(html.indexOf(ADMIN_PATHS.bundle));
    expect(html).toContain('A &amp; B');
    expect(html).not.toMatch(/https?:\/\//);
    expect(HELPER_SCRIPT).toContain(ADMIN_PATHS.locales);
  });
});
