/**
 * Valid values for the required fields of a procedure's own online form, read from the
 * rules the served form page carries (`data-rule`), as a client would fill them in.
 */
export async function requiredFieldValues(
  baseURL: string,
  slug: string,
): Promise<Record<string, string>> {
  const html = await (await fetch(`${baseURL}/nop-ho-so/${slug}/`)).text();
  const out: Record<string, string> = {};
  for (const match of html.matchAll(/data-rule="([^"]+)"/g)) {
    const rule = JSON.parse((match[1] ?? '{}').replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as {
      name: string;
      required: boolean;
      type: string;
      options?: { value: string }[];
      min?: number;
    };
    if (!rule.name.startsWith('f-') || !rule.required) continue;
    out[rule.name.slice(2)] =
      rule.options?.[0]?.value ??
      {
        date: '2020-01-15',
        number: String(rule.min ?? 1),
        'person-name': 'Lê Văn Nam',
        'id-number': '058090001234',
        checkbox: 'co',
      }[rule.type] ??
      'Nội dung thử';
  }
  return out;
}
