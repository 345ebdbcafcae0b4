import { routes } from '../domain/routes.ts';
import type { PlaceMatch } from '../domain/search/places.ts';
import { html, type SafeHtml } from './html.ts';

/** The box above search results when the query names a commune (old name or new). */
export function renderPlaceMatch(place: PlaceMatch): SafeHtml {
  return html`<section class="place-match" aria-labelledby="dia-danh"><h2 id="dia-danh">${place.label}</h2>
<p>Cơ quan phục vụ người dân ở địa bàn này:</p>
<ul>${place.agencies.map((a) => html`<li><a href="${routes.agency(a.slug)}">${a.name}</a></li>`)}</ul></section>`;
}
