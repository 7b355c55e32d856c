require('reflect-metadata');
const { openDataSource } = require('./dist/ormconfig');
const { startServer } = require('./dist/src/server');
const { createLogger } = require('./dist/src/core/logger');
(async () => {
  const ds = await openDataSource({ database: process.argv[2] });
  const s = await startServer(ds, { port: 0, host: '127.0.0.1', exposeStackTraces: true, executor: 'jit' }, null, createLogger('silent'));
  const r = await fetch(s.url + '/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: process.argv[3] }) });
  console.log(JSON.stringify(await r.json()).slice(0, 1500));
  await s.stop(); await ds.destroy();
})();
