/**
 * Open311's XML: schemaless, no namespace, the XML declaration with UTF-8, and
 * JSON mapped onto it by the Spark convention (an array becomes a container
 * element holding one element per item). Item names come from the container.
 */
import { escapeXml } from '../text/escape.ts';

const ITEM_NAME: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};

function element(name: string, value: unknown): string {
  if (value === undefined) return '';
  if (value === null || value === '') return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_NAME[name];
    if (!item) throw new Error(`no item name for the array ${name}`);
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole document: `root` holds `value` (an array for lists, an object otherwise). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value)}\n`;
}
