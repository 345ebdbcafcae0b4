import type { Page } from 'playwright-core';

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

/** Fills every required field of the online form with valid values, as a citizen would. */
export async function fillForm(page: Page, options: { identity?: boolean } = {}) {
  const agency = page.locator('#f_co-quan');
  if (await agency.count()) await agency.selectOption({ index: 1 });
  // Name, ID number and birth date: unless a signed-in citizen's identity filled and locked them.
  if (options.identity !== false) {
    await page.fill('#f_ho-ten', 'Nguyễn Thị Lan');
    await page.fill('#f_so-dinh-danh', '058185001234');
    await page.fill('#f_ngay-sinh', '02/03/1985');
  }
  await page.fill('#f_dien-thoai', '0912345678');
  await page.fill('#f_dia-chi', 'Thôn Ba Tháp');
  await page.selectOption('#f_xa', { index: 1 });
  // The procedure's own fields: a valid value for each, by type.
  for (const element of await page.locator('[data-rule][name^="f-"], fieldset[data-rule]').all()) {
    const rule = JSON.parse((await element.getAttribute('data-rule')) ?? '{}') as {
      type: string;
      required?: boolean;
      min?: number;
      name: string;
    };
    if (!rule.required) continue;
    const tag = await element.evaluate((e) => e.tagName.toLowerCase());
    if (tag === 'select') await element.selectOption({ index: 1 });
    else if (tag === 'fieldset') await element.locator('input').first().check();
    else if (rule.type === 'checkbox') await element.check();
    else if (rule.type === 'date') await element.fill('2020-01-15');
    else if (rule.type === 'number') await element.fill(String(rule.min ?? 1));
    else if (rule.type === 'id-number') await element.fill('058095001234');
    else if (rule.type === 'tel') await element.fill('0912345678');
    else if (rule.type === 'email') await element.fill('a@example.vn');
    else if (rule.type === 'person-name') await element.fill('Nguyễn Văn An');
    else await element.fill('Nội dung thử nghiệm');
  }
}
