import type { z } from 'zod';

/**
 * zod schema → Decap/Sveltia CMS field definitions. Pure: it reads the schemas'
 * structure (`_zod.def`) and their `.meta({ title, description })`, so the labels and
 * hints editors see at /admin are the ones check:content uses in its messages, and a
 * field added to a schema appears in the editor without anyone touching the CMS.
 *
 * Mapping (see tests/unit/cms-config.test.ts, which checks it against the schemas):
 * - string → `string` (`text` for long free text), with the schema's regex as `pattern`;
 *   a string the schema transforms is a date (the `date()` helper of src/schemas/common.ts)
 *   → `datetime` without time, stored as YYYY-MM-DD;
 * - number → `number` (`value_type: int` for integers, `min`/`max` from the checks);
 * - boolean → `boolean`; enum → `select` with Vietnamese labels;
 * - array of objects → `list` with `fields`; of enum values → `select` with `multiple`;
 *   of other values → `list` with one `field`;
 * - object → `object` with `fields`;
 * - optional, `.default()` or `.prefault()` → `required: false` (a scalar default becomes
 *   the CMS `default`);
 * - references to other content (agencies, procedure codes) → `relation`, and references
 *   to a list known at build time (the fields of content/fields.yaml) → `select`, both
 *   declared per path by the caller.
 */

type AnySchema = z.core.$ZodType;

interface Def {
  type: string;
  [key: string]: unknown;
}

/** A select option as the CMS takes it. */
export interface CmsOption {
  label: string;
  value: string;
}

/** One field of a CMS collection (the subset of Decap/Sveltia options this project uses). */
export interface CmsField {
  name: string;
  label: string;
  widget:
    | 'string'
    | 'text'
    | 'number'
    | 'boolean'
    | 'select'
    | 'list'
    | 'object'
    | 'datetime'
    | 'relation'
    | 'markdown';
  /** Absent means required (the CMS default). */
  required?: false;
  hint?: string;
  default?: string | number | boolean;
  pattern?: [string, string];
  value_type?: 'int' | 'float';
  min?: number;
  max?: number;
  options?: CmsOption[];
  multiple?: boolean;
  fields?: CmsField[];
  field?: CmsField;
  label_singular?: string;
  summary?: string;
  collapsed?: boolean;
  /** `datetime` only: `date` hides the time part. */
  type?: 'date';
  format?: string;
  collection?: string;
  file?: string;
  value_field?: string;
  display_fields?: string[];
  search_fields?: string[];
}

/** Where a field refers to other content: the CMS offers a pick list instead of free text. */
export interface RelationTarget {
  collection: string;
  file?: string;
  value_field: string;
  display_fields: string[];
  search_fields: string[];
}

/** How to map one schema: references and labels that the schema itself does not carry. */
export interface MappingOptions {
  /** Relations by field path; list items are `*`, e.g. `agencies`, `documents.*.form`. */
  relations?: Readonly<Record<string, RelationTarget>>;
  /** Vietnamese labels of enum values (value → label). */
  optionLabels?: Readonly<Record<string, string>>;
  /** Fixed choices by field path, known when the configuration is built (e.g. the fields). */
  choices?: Readonly<Record<string, readonly CmsOption[]>>;
}

/** Field names whose text is usually longer than a line: the CMS shows a text area. */
const LONG_TEXT_NAMES = new Set(['summary', 'note', 'intro', 'description', 'condition']);
/** Lists whose items are sentences. */
const LONG_TEXT_LISTS = new Set(['steps', 'conditions', 'feeExemptions', 'applicants', 'result']);

const defOf = (schema: AnySchema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function metaOf(schema: AnySchema): Record<string, unknown> | undefined {
  const candidate = schema as unknown as { meta?: () => Record<string, unknown> | undefined };
  return typeof candidate.meta === 'function' ? candidate.meta() : undefined;
}

/** A schema with its wrappers (optional, default, pipe…) taken off and what they said. */
export interface Peeled {
  core: AnySchema;
  title?: string;
  description?: string;
  /** Optional, or has a default: the file may leave the key out. */
  optional: boolean;
  /** The `.default()` value, if any. */
  defaultValue?: unknown;
  /** The schema transforms the value (dates, working hours). */
  transformed: boolean;
}

/** Takes off optional/default/prefault/pipe wrappers, collecting metadata on the way. */
export function peel(schema: AnySchema): Peeled {
  const out: Peeled = { core: schema, optional: false, transformed: false };
  let current = schema;
  for (;;) {
    const meta = metaOf(current);
    if (meta) {
      out.title ??= typeof meta.title === 'string' ? meta.title : undefined;
      out.description ??= typeof meta.description === 'string' ? meta.description : undefined;
    }
    const def = defOf(current);
    if (def.type === 'optional' || def.type === 'prefault') {
      out.optional = true;
      current = def.innerType as AnySchema;
    } else if (def.type === 'default') {
      out.optional = true;
      if (!('defaultValue' in out)) out.defaultValue = def.defaultValue;
      current = def.innerType as AnySchema;
    } else if (def.type === 'nullable' || def.type === 'readonly' || def.type === 'catch') {
      current = def.innerType as AnySchema;
    } else if (def.type === 'pipe') {
      if (defOf(def.out as AnySchema).type === 'transform') out.transformed = true;
      current = def.in as AnySchema;
    } else break;
  }
  out.core = current;
  return out;
}

/** The definitions of a schema's checks (`min_length`, `string_format`, `greater_than`…). */
function checksOf(schema: AnySchema): Def[] {
  const checks = (defOf(schema).checks as AnySchema[] | undefined) ?? [];
  return checks.map((check) => defOf(check) as Def & { check?: string });
}

/** The text of a check's custom error, when it was given as a string. */
function checkMessage(check: Def): string | undefined {
  const error = check.error;
  if (typeof error === 'function') {
    const message = (error as (issue: unknown) => unknown)({});
    return typeof message === 'string' ? message : undefined;
  }
  return typeof error === 'string' ? error : undefined;
}

/** `min_length` / `max_length` of an array or string. */
function lengthBounds(schema: AnySchema): { min?: number; max?: number } {
  const out: { min?: number; max?: number } = {};
  for (const check of checksOf(schema)) {
    if (check.check === 'min_length') out.min = check.minimum as number;
    if (check.check === 'max_length') out.max = check.maximum as number;
  }
  return out;
}

/** Lower and upper bounds and integer-ness of a number schema. */
function numberBounds(schema: AnySchema): { min?: number; max?: number; int: boolean } {
  const out: { min?: number; max?: number; int: boolean } = { int: false };
  for (const check of checksOf(schema)) {
    if (check.check === 'greater_than' && check.inclusive) out.min = check.value as number;
    if (check.check === 'less_than' && check.inclusive) out.max = check.value as number;
    if (check.check === 'number_format' && /int/.test(String(check.format))) out.int = true;
  }
  return out;
}

/** The regex a string schema must match (its own, e.g. `z.email()`, or a check), with its message. */
function stringPattern(schema: AnySchema): [string, string] | undefined {
  const def = defOf(schema);
  if (def.pattern instanceof RegExp) {
    return [def.pattern.source, checkMessage(def) ?? 'Giá trị không đúng định dạng.'];
  }
  for (const check of checksOf(schema)) {
    if (check.check === 'string_format' && check.format === 'regex' && check.pattern) {
      const pattern = check.pattern as RegExp;
      return [pattern.source, checkMessage(check) ?? 'Giá trị không đúng định dạng.'];
    }
  }
  return undefined;
}

/** The key of a path segment list, with list items as `*`: `fees.*.amount`. */
const joinPath = (parent: string, name: string) => (parent ? `${parent}.${name}` : name);

/** Select options for enum values, labelled in Vietnamese when a label is known. */
function optionsFor(values: readonly string[], labels: Readonly<Record<string, string>>) {
  return values.map((value) => ({
    label: labels[value] ? `${labels[value]} (${value})` : value,
    value,
  }));
}

/** Subfields that best name a list item, in order of preference. */
const SUMMARY_NAMES = ['name', 'title', 'label', 'number'];

/** `{{fields.x}}` of the subfield naming an item, so a collapsed list item shows what it is. */
function summaryOf(fields: readonly CmsField[]): string | undefined {
  const scalar = fields.filter((f) => f.widget !== 'list' && f.widget !== 'object');
  const named = SUMMARY_NAMES.map((n) => scalar.find((f) => f.name === n)).find(Boolean);
  const first = named ?? scalar[0];
  return first ? `{{fields.${first.name}}}` : undefined;
}

/**
 * The CMS field for one key of an object schema. `path` is the dotted path from the
 * root of the file, list items written `*`.
 */
export function cmsField(
  name: string,
  schema: AnySchema,
  options: MappingOptions = {},
  path = name,
): CmsField {
  const peeled = peel(schema);
  const field: CmsField = { name, label: peeled.title ?? name, widget: 'string' };
  if (peeled.optional) field.required = false;
  if (peeled.description) field.hint = peeled.description;
  const def = defOf(peeled.core);
  const relation = options.relations?.[path];
  const labels = options.optionLabels ?? {};

  if (relation) {
    Object.assign(field, { widget: 'relation' }, relation);
    if (def.type === 'array') {
      field.multiple = true;
      const { min, max } = lengthBounds(peeled.core);
      if (min !== undefined && !peeled.optional) field.min = min;
      if (max !== undefined) field.max = max;
    }
    return field;
  }

  const choices = options.choices?.[path];
  if (choices) {
    field.widget = 'select';
    field.options = [...choices];
    if (def.type === 'array') field.multiple = true;
    return field;
  }

  switch (def.type) {
    case 'string': {
      if (peeled.transformed) {
        Object.assign(field, { widget: 'datetime', type: 'date', format: 'YYYY-MM-DD' });
        break;
      }
      const last = path.split('.').at(-1) ?? name;
      const listItem = last === '*' && LONG_TEXT_LISTS.has(path.split('.').at(-2) ?? '');
      field.widget = LONG_TEXT_NAMES.has(last) || listItem ? 'text' : 'string';
      const pattern = stringPattern(peeled.core);
      if (pattern) field.pattern = pattern;
      break;
    }
    case 'number': {
      const bounds = numberBounds(peeled.core);
      field.widget = 'number';
      field.value_type = bounds.int ? 'int' : 'float';
      if (bounds.min !== undefined) field.min = bounds.min;
      if (bounds.max !== undefined) field.max = bounds.max;
      break;
    }
    case 'boolean':
      field.widget = 'boolean';
      break;
    case 'enum':
      field.widget = 'select';
      field.options = optionsFor(Object.values(def.entries as Record<string, string>), labels);
      break;
    case 'array': {
      const element = def.element as AnySchema;
      const item = peel(element);
      const itemDef = defOf(item.core);
      const { min, max } = lengthBounds(peeled.core);
      if (itemDef.type === 'enum') {
        field.widget = 'select';
        field.multiple = true;
        field.options = optionsFor(
          Object.values(itemDef.entries as Record<string, string>),
          labels,
        );
      } else if (itemDef.type === 'object') {
        field.widget = 'list';
        field.fields = objectFields(item.core, options, `${path}.*`);
        if (item.title) field.label_singular = item.title;
        const summary = summaryOf(field.fields);
        if (summary) field.summary = summary;
        field.collapsed = true;
      } else {
        field.widget = 'list';
        field.field = cmsField('muc', element, options, `${path}.*`);
        if (item.title) field.label_singular = item.title;
      }
      if (min !== undefined && !peeled.optional) field.min = min;
      if (max !== undefined) field.max = max;
      break;
    }
    case 'object':
      field.widget = 'object';
      field.fields = objectFields(peeled.core, options, path);
      break;
    case 'union': {
      // Working hours: text, or `false` for a day off; the CMS offers the text form only.
      const members = (def.options as AnySchema[]).map((m) => defOf(peel(m).core).type);
      field.widget = 'string';
      if (members.includes('boolean')) {
        field.hint = `${field.hint ?? ''} Trong trình biên tập, ghi "nghỉ" thay cho false.`.trim();
      }
      break;
    }
    default:
      throw new Error(`cms: no CMS widget for zod type "${def.type}" at ${path}`);
  }
  const value = peeled.defaultValue;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    field.default = value;
  }
  return field;
}

/** The CMS fields of an object schema, in the schema's key order. */
export function objectFields(
  schema: AnySchema,
  options: MappingOptions = {},
  path = '',
): CmsField[] {
  const def = defOf(peel(schema).core);
  if (def.type !== 'object') throw new Error(`cms: expected an object schema at ${path || '/'}`);
  return Object.entries(def.shape as Record<string, AnySchema>).map(([key, value]) =>
    cmsField(key, value, options, joinPath(path, key)),
  );
}
