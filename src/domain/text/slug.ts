import { stripDiacritics } from './fold.ts';

/**
 * The one slugifier: a URL-safe slug in lower-case ASCII with hyphens (what `SLUG_RE`
 * accepts, or empty), e.g. "Đăng ký khai sinh" → "dang-ky-khai-sinh". Marks go, đ → d,
 * anything else that is not a letter or digit becomes one hyphen. Longer than `max`
 * characters, it is cut at the last hyphen that leaves more than 10 characters.
 */
export function slugify(text: string, max = 60): string {
  const full = stripDiacritics(text.normalize('NFC'))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (full.length <= max) return full;
  const cut = full.slice(0, max + 1);
  const at = cut.lastIndexOf('-');
  return (at > 10 ? cut.slice(0, at) : full.slice(0, max)).replace(/-+$/g, '');
}
