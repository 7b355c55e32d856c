const { spawn } = require('child_process');
const autocannon = require('autocannon');
(async () => {
  const child = spawn('taskset', ['-c', '0', process.execPath, '--max-old-space-size=256', ...(process.env.FLAGS ? process.env.FLAGS.split(' ') : []), 'dist/src/main.js'], { env: { ...process.env, DB_PATH: 'bench/data/M.sqlite', PORT: '4557', HOST: '127.0.0.1', SEED_ON_START: 'false', LOG_LEVEL: 'warn', RATE_LIMIT_POINTS_PER_MINUTE: '1000000000' }, stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 100; i++) { try { await fetch('http://127.0.0.1:4557/healthz'); break; } catch { await new Promise(r => setTimeout(r, 100)); } }
  const EV = '... on Event { id title date sources { quote announcement { title publishedOn } } }';
  const q = `query Q1($slug: String!, $first: Int) { manager(slug: $slug) { id shortName legalName status aumBand products { name } events(first: $first) { totalCount nodes { __typename ${EV} } pageInfo { hasNextPage endCursor } } } }`;
  let n = 0; const mode = process.env.MODE || 'cached';
  const run = (d, rate) => autocannon({ url: 'http://127.0.0.1:4557/graphql', connections: 50, duration: d, ...(rate ? { overallRate: rate } : {}), requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q, variables: { slug: 'm-000000', first: 20 } }), setupRequest: (r) => { if (mode === 'uncached') { r.body = JSON.stringify({ query: q, variables: { slug: 'm-' + String(n % 5000).padStart(6, '0'), first: 20 - Math.floor(n / 5000) % 20 } }); n++; } return r; } }] });
  await run(1);
  const r = await run(5, process.env.RATE ? Number(process.env.RATE) : undefined);
  console.log(mode, Math.round(r.requests.average), 'req/s p50', r.latency.p50, 'p99', r.latency.p99, 'max', r.latency.max);
  child.kill('SIGINT');
})();
