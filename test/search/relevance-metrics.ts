import { RelevanceCase } from './relevance-set';

/** How deep the relevance set's metrics read: the top ten hits. */
export const TOP = 10;

/** Whether a hit is a target: the same id, or a passage of the document a target without `#` names. */
export function matches(id: string, target: string): boolean {
  return id === target || (!target.includes('#') && id.startsWith(`${target}#`));
}

/** The rank (from 1) of a target's best hit in the top ten, or 0. */
export function rankOf(ids: string[], target: string): number {
  return ids.slice(0, TOP).findIndex((id) => matches(id, target)) + 1;
}

const dcg = (gains: number[]) => gains.slice(0, TOP).reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);

export interface Scored {
  recall: number;
  reciprocal: number;
  ndcg: number;
}

/**
 * One case's recall@3, reciprocal rank and nDCG@10 over the top ten hits, as the header of
 * test/search/relevance-set.ts defines them. Each target is credited once, at its best rank; a hit
 * credits at most one target, the one of highest grade.
 */
export function grade(c: RelevanceCase, ids: string[]): Scored {
  const should = c.should ?? [];
  const mustRanks = c.must.map((t) => rankOf(ids, t));
  const inTop3 = mustRanks.filter((r) => r > 0 && r <= 3).length;
  const recall = c.any ? (inTop3 > 0 ? 1 : 0) : inTop3 / Math.min(3, c.must.length);
  const firstMust = Math.min(...mustRanks.map((r) => (r > 0 ? r : Infinity)));
  const reciprocal = Number.isFinite(firstMust) ? 1 / firstMust : 0;

  const gains: number[] = [];
  const credited = new Set<string>();
  let mustCredited = false;
  for (const id of ids.slice(0, TOP)) {
    const must = c.must.find((t) => !credited.has(t) && matches(id, t));
    const target = must ?? should.find((t) => !credited.has(t) && matches(id, t));
    if (target !== undefined) credited.add(target);
    if (must !== undefined) {
      gains.push(c.any && mustCredited ? 1 : 2);
      mustCredited = true;
    } else gains.push(target === undefined ? 0 : 1);
  }
  const ideal = c.any ? [2, ...c.must.slice(1).map(() => 1), ...should.map(() => 1)] : [...c.must.map(() => 2), ...should.map(() => 1)];
  return { recall, reciprocal, ndcg: dcg(gains) / dcg(ideal) };
}
