import { type ChromeContext, type PageOptions, renderPage } from '../../src/ui/chrome.ts';

/** What a route needs to render a whole page in the site's chrome. */
export interface PageKit {
  chrome: ChromeContext;
  render(options: Omit<PageOptions, 'css'>): string;
}

export function pageKit(chrome: ChromeContext, css: string): PageKit {
  return { chrome, render: (options) => renderPage(chrome, { ...options, css }) };
}
