import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { openDataSource } from '../src/database/open';
import { runCommand } from '../src/cli/run-command';
import { parseQuery } from '../src/search/query-syntax';
import { EmbeddedSearchEngine } from '../src/search/embedded-engine';
import { isDatabaseUrl } from './postgres';
import { VOCABULARY } from './synthetic-corpus';

const USAGE = `Usage: npm run bench:search-dataset -- DATASET [COUNT]
  The embedded engine alone, in-process, over a dataset built by npm run gen (a SQLite file or a
  PostgreSQL URL): COUNT searches (default 300) for two-character terms of the synthetic vocabulary,
  one at a time, as Q4 of npm run bench asks them; prints p50, p95, p99 and max in ms: first while the
  facets in memory load (as after a load of new data), then COUNT other terms once they have.`;

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv.includes('--help')) {
    console.log(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const [target, count = '300'] = argv;
  // Migrated first: a dataset built before the latest migrations is brought up to date (its search index rebuilt).
  const dataSource = await openDataSource(isDatabaseUrl(target) ? { url: target } : { database: target });
  try {
    const engine = new EmbeddedSearchEngine(dataSource);
    const terms = VOCABULARY.filter((w) => [...w].length === 2);
    const measure = async (offset: number) => {
      const times: number[] = [];
      for (let i = 0; i < Number(count); i += 1) {
        const query = terms[(i * 7 + offset) % terms.length];
        const started = performance.now();
        await engine.search({ query, parsed: parseQuery(query), filter: {}, first: 10, offset: 0 });
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
      return `${times.length} searches: p50 ${at(0.5)}, p95 ${at(0.95)}, p99 ${at(0.99)}, max ${times[times.length - 1].toFixed(1)} ms`;
    };
    // First as after a load of new data: the facets in memory loading in the background meanwhile.
    const loading = await measure(0);
    const warming = performance.now();
    await engine.warm();
    console.log(`while the facets load (then ${((performance.now() - warming) / 1000).toFixed(1)} s more to load): ${loading}`);
    // Then as the server runs once warmed (distinct terms from the first run's).
    console.log(`warmed, as the server starts: ${await measure(3)}`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) runCommand(main);
