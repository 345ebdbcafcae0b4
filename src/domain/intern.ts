/**
 * Lists that repeat, written once: in a province every commune-level procedure names the same
 * office of each of its 65-170 communes, so the agency lists of 6,000 procedures hold only a
 * handful of distinct lists. Files the build writes for the Worker keep each distinct list once
 * and a number per item (docs/adr/0025-catalogue-outside-the-worker.md).
 */
export interface InternedLists<T> {
  /** Each distinct list once, in order of first use. */
  lists: T[][];
  /** For each input list, its position in `lists`. */
  refs: number[];
}

export function internLists<T>(lists: readonly (readonly T[])[]): InternedLists<T> {
  const seen = new Map<string, number>();
  const distinct: T[][] = [];
  const refs = lists.map((list) => {
    const key = JSON.stringify(list);
    let ref = seen.get(key);
    if (ref === undefined) {
      ref = distinct.length;
      distinct.push([...list]);
      seen.set(key, ref);
    }
    return ref;
  });
  return { lists: distinct, refs };
}

/** The list a reference names; an unknown reference is a broken file, not an empty list. */
export function listAt<T>(lists: readonly T[][], ref: number): T[] {
  const list = lists[ref];
  if (!list) throw new Error(`list ${ref} missing from an interned file`);
  return list;
}
