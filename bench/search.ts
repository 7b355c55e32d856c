import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDataSource } from '../src/database/open';
import { projectPath } from '../src/config/config';
import { AuthorityService } from '../src/authorities/authority.service';
import { ManagerService } from '../src/managers/manager.service';
import { EmbeddedSearchEngine } from '../src/search/embedded-engine';
import { syncSearchIndex } from '../src/search/search-indexer';
import { SearchService } from '../src/search/search.service';
import { SearchFacets } from '../src/search/search-facets';
import { sqlOf } from '../src/core/sql';
import { syntheticPassages } from './synthetic-corpus';
import { queryMix } from './search-queries';
import { writeBenchResult } from './results-file';
import { SEARCH_WINDOW } from '../src/search/embedded-engine';
import { loadSeed } from '../seed/loader';

/**
 * The embedded search engine over a synthetic corpus of announcement passages (200,000 by default):
 * index build rate, then query latency p50/p95/p99 by kind of query. Not a test: the figures are
 * reported, and written to bench/results/.
 *
 *   npm run bench:search [-- --passages 200000 --rounds 5]
 */
function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Each kind's queries `rounds` times over: latency percentiles by kind and over all, and the mean hit count. */
async function measureQueries(service: SearchService, queries: Record<string, string[]>, rounds: number) {
  const results: Record<string, { p50: number; p95: number; p99: number; meanHits: number; queries: number }> = {};
  const all: number[] = [];
  for (const [kind, list] of Object.entries(queries)) {
    const times: number[] = [];
    let hits = 0;
    for (let r = 0; r < rounds; r += 1) {
      for (const q of list) {
        const start = performance.now();
        const page = await service.search(q, {}, 10, null);
        times.push(performance.now() - start);
        hits += page.totalCount;
      }
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    results[kind] = {
      p50: percentile(times, 50),
      p95: percentile(times, 95),
      p99: percentile(times, 99),
      meanHits: Math.round(hits / times.length),
      queries: times.length,
    };
  }
  all.sort((a, b) => a - b);
  const overall = { p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99), queries: all.length };
  return { results, overall };
}

async function main() {
  const passages = option('passages', 200_000);
  const rounds = option('rounds', 5);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-bench-'));
  const dataSource = await openDataSource({ database: path.join(dir, 'bench.sqlite') });
  // The curated seed first, for its glossary and authorities; the synthetic passages then replace its search documents.
  await loadSeed(dataSource, projectPath('seed'));

  const generated = performance.now();
  let docs = [...syntheticPassages(passages)];
  const built = performance.now();
  await dataSource.transaction((em) => syncSearchIndex(em, docs));
  const indexed = performance.now();
  docs = []; // the passages are in the index now: not kept in the heap while queries are measured
  const buildSeconds = (indexed - built) / 1000;
  const sizeMb =
    fs.statSync(path.join(dir, 'bench.sqlite')).size / 1e6 +
    (fs.existsSync(path.join(dir, 'bench.sqlite-wal')) ? fs.statSync(path.join(dir, 'bench.sqlite-wal')).size / 1e6 : 0);

  const queries = queryMix();
  // The facets in memory, loaded once on their own to measure them; the engine loads its own as the server does when it starts.
  const loading = performance.now();
  const facets = await SearchFacets.load(sqlOf(dataSource));
  const facetsReport = { seconds: (performance.now() - loading) / 1000, documents: facets.size, bytes: facets.bytes };
  const engine = new EmbeddedSearchEngine(dataSource);
  await engine.warm();
  const service = new SearchService(engine, {
    authorities: new AuthorityService(dataSource),
    managers: new ManagerService(dataSource),
  });
  for (const list of Object.values(queries)) for (const q of list) await service.search(q, {}, 10, null); // warm-up

  const { results, overall } = await measureQueries(service, queries, rounds);

  const report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
    corpus: { passages, generateSeconds: (built - generated) / 1000, databaseMb: Math.round(sizeMb) },
    build: { seconds: buildSeconds, passagesPerSecond: Math.round(passages / buildSeconds) },
    facetsInMemory: facetsReport,
    latencyMs: { overall, byKind: results },
    note: `Each query is a full search as the API runs it (the service, without HTTP): parse, exact-name lookup, counts and facets by kind, authority and year, the BM25-ranked page of 10, snippets. Queries matching more than ${SEARCH_WINDOW} passages are ranked over their ${SEARCH_WINDOW} most recent matches.`,
  };
  const fmt = (n: number) => n.toFixed(2);
  const lines = [
    `Embedded search over ${passages.toLocaleString('en')} synthetic passages (${report.machine.cpus} cores, ${report.machine.node})`,
    `Index build: ${buildSeconds.toFixed(1)} s, ${report.build.passagesPerSecond.toLocaleString('en')} passages/s; database ${report.corpus.databaseMb} MB`,
    `Facets in memory: ${facetsReport.documents.toLocaleString('en')} documents in ${facetsReport.bytes.toLocaleString('en')} bytes, loaded in ${facetsReport.seconds.toFixed(2)} s`,
    '',
    '| queries | n | mean hits | p50 ms | p95 ms | p99 ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...Object.entries(results).map(([k, v]) => `| ${k} | ${v.queries} | ${v.meanHits} | ${fmt(v.p50)} | ${fmt(v.p95)} | ${fmt(v.p99)} |`),
    `| **all** | ${overall.queries} | | ${fmt(overall.p50)} | ${fmt(overall.p95)} | ${fmt(overall.p99)} |`,
  ];
  console.log(lines.join('\n'));
  writeBenchResult('search', report);
  await dataSource.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
