import type { Chain } from '../../schemas/chain.ts';
import { foldText } from '../text/fold.ts';

/**
 * The chains a search finds (ADR 0021): every word of the query, without diacritics, appears in
 * the chain's title, summary, keywords or code. Chains are few, so no index: the procedure
 * search engine (src/domain/search) ranks procedures, this only adds the chains above them.
 */
export function chainsMatching(chains: readonly Chain[], query: string): Chain[] {
  const words = foldText(query).split(' ').filter(Boolean);
  if (words.length === 0) return [];
  return chains.filter((chain) => {
    if (chain.status !== 'active') return false;
    const text = ` ${foldText([chain.title, chain.summary, chain.code ?? '', ...chain.keywords].join(' '))} `;
    return words.every((w) => text.includes(` ${w}`));
  });
}
