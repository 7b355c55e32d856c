require('reflect-metadata');
const { openDataSource } = require('./dist/ormconfig');
const { startServer } = require('./dist/src/server');
const { createLogger } = require('./dist/src/core/logger');
const which = process.argv[2] || 'Q1';
(async () => {
  const ds = await openDataSource({ database: 'bench/data/M.sqlite' });
  const s = await startServer(ds, { port: 0, host: '127.0.0.1', exposeStackTraces: false, limits: { ...require('./dist/src/core/limits').DEFAULT_LIMITS, rateLimitPointsPerMinute: 1e9 }, responseCache: { maxBytes: 0, maxAgeSeconds: 0 } }, null, createLogger('silent'));
  const EV = '... on Event { id title date sources { quote announcement { title publishedOn } } }';
  const queries = {
    Q1: [`query Q1($slug: String!, $first: Int) { manager(slug: $slug) { id shortName legalName status aumBand products { name } events(first: $first) { totalCount nodes { __typename ${EV} } pageInfo { hasNextPage endCursor } } } }`, (n) => ({ slug: 'm-' + String(n % 5000).padStart(6, '0'), first: 20 })],
    Q2: [`query Q2($authorities: [String!], $from: Date, $to: Date) { events(filter: { authorities: $authorities, from: $from, to: $to }, first: 50) { totalCount nodes { __typename ${EV} } } }`, (n) => ({ authorities: ['XEA'], from: `20${15 + (n % 5)}-01-01`, to: `20${18 + (n % 5)}-12-31` })],
  };
  const [query, vars] = queries[which];
  const times = [];
  for (let i = 0; i < 300; i++) {
    const t = performance.now();
    const r = await fetch(s.url + '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: vars(i * 17) }) });
    const j = await r.json(); if (j.errors) { console.log(JSON.stringify(j.errors)); break; }
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(which, 'p50', times[150].toFixed(2), 'p95', times[285].toFixed(2), 'statements', ds.queryCounter.count);
  await s.stop(); await ds.destroy();
})();
