import { describe, expect, test } from 'vitest';
import { splitLeading } from '../../src/domain/search/presentation.ts';

const hits = (...scores: number[]) => scores.map((score, i) => ({ id: i, score }));
const ids = (list: { id: number }[]) => list.map((h) => h.id);

describe('splitLeading: the few results that matter in front', () => {
  test('keeps those within half of the best score, in order, and the rest after', () => {
    const { leading, rest } = splitLeading(hits(10, 8.2, 7.2, 5.5, 3.1, 2.2, 1));
    expect(ids(leading)).toEqual([0, 1, 2, 3]);
    expect(ids(rest)).toEqual([4, 5, 6]);
  });

  test('at most five in front, even when more are close', () => {
    const { leading, rest } = splitLeading(hits(10, 9.9, 9.8, 9.7, 9.6, 9.5, 9.4));
    expect(ids(leading)).toEqual([0, 1, 2, 3, 4]);
    expect(ids(rest)).toEqual([5, 6]);
  });

  test('a clear winner stands alone', () => {
    const { leading, rest } = splitLeading(hits(120, 10, 9, 8, 7, 6));
    expect(ids(leading)).toEqual([0]);
    expect(rest).toHaveLength(5);
  });

  test('a short list is shown whole; an empty one stays empty', () => {
    expect(splitLeading(hits(10, 1, 0.5))).toEqual({ leading: hits(10, 1, 0.5), rest: [] });
    expect(splitLeading([])).toEqual({ leading: [], rest: [] });
  });
});
