import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../src/config/config';
import { openDataSource } from '../src/database/open';
import { AuthorityService } from '../src/authorities/authority.service';
import { ManagerService } from '../src/managers/manager.service';
import { EmbeddedSearchEngine } from '../src/search/embedded-engine';
import { MatchLevel } from '../src/search/query-plan';
import { SearchService } from '../src/search/search.service';
import { loadSeed } from '../seed/loader';
import { grade } from '../test/search/relevance-metrics';
import { writeBenchResult } from './results-file';
import { FIRST_PART, RelevanceCase, SECOND_PART } from '../test/search/relevance-set';

/**
 * What stemming and the glossary each add, measured on the relevance set as the segmenter choice was
 * (bench/search-segmenters.ts): the embedded engine on the curated seed with exact matches only, with
 * stems, with the glossary, and with both; recall@3, MRR and nDCG@10 for each part of the set.
 *
 *   npm run bench:search-relevance
 */
const KINDS: Record<string, string> = { MANAGER: 'M', PRODUCT: 'P', EVENT: 'E', ANNOUNCEMENT: 'A', CONCEPT: 'C' };

const CONFIGURATIONS: [string, MatchLevel[]][] = [
  ['exact only (no stems, no glossary)', [MatchLevel.EXACT]],
  ['exact + stems', [MatchLevel.EXACT, MatchLevel.STEM]],
  ['exact + glossary', [MatchLevel.EXACT, MatchLevel.GLOSSARY]],
  ['exact + stems + glossary (the engine)', [MatchLevel.EXACT, MatchLevel.STEM, MatchLevel.GLOSSARY]],
];

async function measure(service: SearchService, cases: RelevanceCase[]) {
  let recall = 0;
  let reciprocal = 0;
  let ndcg = 0;
  for (const c of cases) {
    const page = await service.search(c.query, {}, 10, null);
    const ids = page.hits.map((h) => `${KINDS[h.kind]}:${h.nodeKey}${h.passageIndex === null ? '' : `#${h.passageIndex}`}`);
    const scored = grade(c, ids);
    recall += scored.recall;
    reciprocal += scored.reciprocal;
    ndcg += scored.ndcg;
  }
  const n = cases.length;
  return { recallAt3: recall / n, mrr: reciprocal / n, ndcgAt10: ndcg / n };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-relevance-'));
  const dataSource = await openDataSource({ database: path.join(dir, 'seed.sqlite') });
  await loadSeed(dataSource, projectPath('seed'));
  const checks = { authorities: new AuthorityService(dataSource), managers: new ManagerService(dataSource) };
  const rows: { configuration: string; part: string; recallAt3: number; mrr: number; ndcgAt10: number }[] = [];
  for (const [configuration, levels] of CONFIGURATIONS) {
    const service = new SearchService(new EmbeddedSearchEngine(dataSource, { levels: new Set(levels) }), checks);
    for (const [part, cases] of [
      ['first', FIRST_PART],
      ['second', SECOND_PART],
    ] as const) {
      rows.push({ configuration, part: `${part} (${cases.length})`, ...(await measure(service, cases)) });
    }
  }
  const lines = [
    '| configuration | part | recall@3 | MRR | nDCG@10 |',
    '| --- | --- | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.configuration} | ${r.part} | ${r.recallAt3.toFixed(3)} | ${r.mrr.toFixed(3)} | ${r.ndcgAt10.toFixed(3)} |`),
  ];
  console.log(lines.join('\n'));
  writeBenchResult('search-relevance', { date: new Date().toISOString(), rows });
  await dataSource.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
