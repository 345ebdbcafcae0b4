/** Levenshtein distance, for "did you mean" hints on misspelt keys and references. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The closest candidate within a small distance, or undefined. */
export function closest(value: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const limit = Math.max(2, Math.floor(value.length / 3));
  for (const candidate of candidates) {
    const distance = editDistance(value.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance && distance <= limit) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * A hint for an unknown reference: "did you mean X?" when one candidate is
 * close, otherwise the nearest few so the editor can pick.
 */
export function referenceHint(value: string, candidates: Iterable<string>, what: string): string {
  const list = [...candidates];
  const guess = closest(value, list);
  if (guess) return `Có phải ý bạn là "${guess}"?`;
  const nearest = list
    .map((c) => ({ c, d: editDistance(value.toLowerCase(), c.toLowerCase()) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, 8)
    .map((x) => x.c);
  return `Ghi ${what}. Gần nhất: ${nearest.join(', ')}${list.length > nearest.length ? ', …' : ''}.`;
}
