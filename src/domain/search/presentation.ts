/**
 * How the search pages present a ranked list: the few results that matter first, the rest
 * behind a disclosure. A short everyday query ("lam giay khai sinh") matches most of the
 * catalogue through common syllables; the ranking is right, but a list of 41 hides the four
 * that matter. The ranking itself (the engine, the JSON API) is not changed here.
 */

/** A result stays in front when its score is at least this share of the best score. */
export const LEADING_MARGIN = 0.5;
/** At most this many results in front. */
export const LEADING_MAX = 5;

export interface LeadingSplit<T> {
  /** The best result and those within the margin of it, best first (at most `max`). */
  leading: T[];
  /** Everything after, in the same order. */
  rest: T[];
}

/**
 * Splits hits (best first) into those within `margin` of the best score, at most `max`,
 * and the rest. A list no longer than `max` is shown whole.
 */
export function splitLeading<T extends { readonly score: number }>(
  hits: readonly T[],
  { margin = LEADING_MARGIN, max = LEADING_MAX }: { margin?: number; max?: number } = {},
): LeadingSplit<T> {
  if (hits.length <= max) return { leading: [...hits], rest: [] };
  const best = hits[0]?.score ?? 0;
  let n = 1;
  while (n < max && (hits[n]?.score ?? 0) >= best * margin) n++;
  return { leading: hits.slice(0, n), rest: hits.slice(n) };
}
