import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectPath } from '../src/config/config';
import { openDataSource } from '../src/database/open';
import { AuthorityService } from '../src/authorities/authority.service';
import { ManagerService } from '../src/managers/manager.service';
import { EmbeddedSearchEngine } from '../src/search/embedded-engine';
import { syncSearchIndex } from '../src/search/search-indexer';
import { SearchService } from '../src/search/search.service';
import { loadSeed } from '../seed/loader';
import { queryMix } from './search-queries';
import { writeBenchResult } from './results-file';
import { syntheticPassages } from './synthetic-corpus';

/**
 * The embedded search engine against another built checkout's (a baseline), side by side in one
 * process: each builds its own index of the same synthetic passages (200,000 by default) with its own
 * code, then every query runs on both in turn, the order alternating, round after round, so that the
 * machine's drift falls on both alike. Reports p50 and p95 by kind of query for each and their ratio,
 * and writes bench/results/search-baseline-<date>.{json,md}.
 *
 *   npm run bench:search-baseline -- DIR [--passages 200000 --rounds 5]
 *
 * DIR is a checkout with `npx tsc -p tsconfig.json` run (its dist/); queries of kinds the baseline does
 * not know (English, operators) run there as the plain text it reads them as.
 */
interface Searcher {
  search(query: string, filter: object, first: number, after: null): Promise<{ totalCount: number }>;
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** This checkout's engine over a fresh index (the curated seed first, for its glossary). */
async function current(file: string, passages: number): Promise<Searcher> {
  const ds = await openDataSource({ database: file });
  await loadSeed(ds, projectPath('seed'));
  await ds.transaction((em) => syncSearchIndex(em, [...syntheticPassages(passages)]));
  const engine = new EmbeddedSearchEngine(ds);
  await engine.warm(); // as the server does when it starts
  return new SearchService(engine, { authorities: new AuthorityService(ds), managers: new ManagerService(ds) });
}

/** The baseline checkout's engine over a fresh index, built with its own migrations and indexer. */
async function baseline(dir: string, file: string, passages: number): Promise<Searcher> {
  const load = (module: string) => import(path.join(dir, 'dist', module));
  const ds = await (await load('src/database/open')).openDataSource({ database: file });
  const [indexer, corpus] = [await load('src/search/search-indexer'), await load('bench/synthetic-corpus')];
  await ds.transaction((em: unknown) => indexer.syncSearchIndex(em, [...corpus.syntheticPassages(passages)]));
  const Service = (await load('src/search/search.service')).SearchService;
  const Engine = (await load('src/search/embedded-engine')).EmbeddedSearchEngine;
  const { AuthorityService: Authorities } = await load('src/authorities/authority.service');
  const { ManagerService: Managers } = await load('src/managers/manager.service');
  return new Service(new Engine(ds), { authorities: new Authorities(ds), managers: new Managers(ds) });
}

async function main() {
  const dir = path.resolve(process.argv[2] ?? '');
  if (!fs.existsSync(path.join(dir, 'dist', 'src', 'search', 'embedded-engine.js')))
    throw new Error(`${dir} is not a built checkout (no dist/src/search/embedded-engine.js)`);
  const passages = option('passages', 200_000);
  const rounds = option('rounds', 5);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-search-ab-'));
  const engines: [string, Searcher][] = [
    ['baseline', await baseline(dir, path.join(tmp, 'baseline.sqlite'), passages)],
    ['now', await current(path.join(tmp, 'now.sqlite'), passages)],
  ];
  const queries = queryMix();
  for (const [, engine] of engines) for (const list of Object.values(queries)) for (const q of list) await engine.search(q, {}, 10, null);
  const times = new Map<string, number[]>();
  const record = (key: string, ms: number) => times.set(key, [...(times.get(key) ?? []), ms]);
  for (let r = 0; r < rounds; r += 1) {
    for (const [kind, list] of Object.entries(queries)) {
      for (const [i, q] of list.entries()) {
        const order = (r + i) % 2 === 0 ? engines : [...engines].reverse();
        for (const [name, engine] of order) {
          const start = performance.now();
          await engine.search(q, {}, 10, null);
          const ms = performance.now() - start;
          record(`${name}:${kind}`, ms);
          record(`${name}:all`, ms);
        }
      }
    }
  }
  const rows = [...Object.keys(queries), 'all'].map((kind) => {
    const [b, n] = ['baseline', 'now'].map((name) => times.get(`${name}:${kind}`)!.sort((x, y) => x - y));
    return { kind, baseline: { p50: percentile(b, 50), p95: percentile(b, 95) }, now: { p50: percentile(n, 50), p95: percentile(n, 95) }, queries: n.length };
  });
  const fmt = (v: number) => v.toFixed(2);
  const lines = [
    `Embedded search, this checkout against ${dir}, ${passages.toLocaleString('en')} synthetic passages, ${rounds} rounds alternating (${os.cpus().length} cores, ${process.version})`,
    '',
    '| queries | n | baseline p50 | now p50 | baseline p95 | now p95 | p95 now / baseline |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.kind} | ${r.queries} | ${fmt(r.baseline.p50)} | ${fmt(r.now.p50)} | ${fmt(r.baseline.p95)} | ${fmt(r.now.p95)} | ${(r.now.p95 / r.baseline.p95).toFixed(2)} |`,
    ),
  ];
  console.log(lines.join('\n'));
  writeBenchResult('search-baseline', { date: new Date().toISOString(), baseline: dir, passages, rounds, rows }, lines);
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
