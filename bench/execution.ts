import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { performance } from 'node:perf_hooks';
import { openDataSource } from '../src/database/open';
import { Context, createContext } from '../src/api/context';
import { jitGateway } from '../src/core/executor';
import { createSchema } from '../src/api/schema';
import { createServices } from '../src/api/services';
import { defaultDatasetFile } from './gen';

/**
 * Execution paths on the manager page (Q1), in-process and alternately so that the machine's noise
 * falls on all alike: Apollo with its default cache-control plugin (it hooks every field), without it
 * (as the server runs), and without it with graphql-jit as the executor.
 */
async function main() {
  const dataSource = await openDataSource({ database: defaultDatasetFile('M') });
  const services = createServices(dataSource);
  const schema = await createSchema();
  const withPlugin = new ApolloServer<Context>({ schema });
  const without = new ApolloServer<Context>({ schema, plugins: [ApolloServerPluginCacheControlDisabled()] });
  const jit = new ApolloServer<Context>({ gateway: jitGateway(await createSchema()), plugins: [ApolloServerPluginCacheControlDisabled()] });
  await Promise.all([withPlugin.start(), without.start(), jit.start()]);
  const EV = '... on Event { id title date sources { quote announcement { title publishedOn } } }';
  const query = `query Q1($slug: String!, $first: Int) { manager(slug: $slug) { id shortName legalName status aumBand products { name } events(first: $first) { totalCount nodes { __typename ${EV} } pageInfo { hasNextPage endCursor } } } }`;
  const run = async (server: ApolloServer<Context>, n: number) => {
    const started = performance.now();
    const response = await server.executeOperation(
      { query, variables: { slug: `m-${String(n % 50).padStart(6, '0')}`, first: 20 } },
      { contextValue: createContext(services, 'bench') },
    );
    if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error('Q1 failed');
    return performance.now() - started;
  };
  const times = { withPlugin: [] as number[], without: [] as number[], jit: [] as number[] };
  // Warm-up: every page read once.
  for (let i = 0; i < 200; i += 1) {
    await run(withPlugin, i);
    await run(without, i);
    await run(jit, i);
  }
  for (let i = 0; i < 3000; i += 1) {
    times.withPlugin.push(await run(withPlugin, i));
    times.without.push(await run(without, i));
    times.jit.push(await run(jit, i));
  }
  const mean = (values: number[]) => (values.reduce((a, b) => a + b, 0) / values.length) * 1000;
  const [a, b, c] = [mean(times.withPlugin), mean(times.without), mean(times.jit)];
  const change = (x: number) => `${x > b ? '+' : ''}${(((x - b) / b) * 100).toFixed(1)}%`;
  console.log(
    `Q1 executed in-process, 3,000 times each, alternately (50 managers, their pages read once before):\n` +
      `  graphql-js without the cache-control plugin (as served): ${b.toFixed(0)} µs\n` +
      `  with the cache-control plugin: ${a.toFixed(0)} µs (${change(a)})\n` +
      `  graphql-jit without the plugin: ${c.toFixed(0)} µs (${change(c)})`,
  );
  await Promise.all([withPlugin.stop(), without.stop(), jit.stop()]);
  await dataSource.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
