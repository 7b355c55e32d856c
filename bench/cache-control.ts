import 'reflect-metadata';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { performance } from 'node:perf_hooks';
import { openDataSource } from '../ormconfig';
import { Context, createLoaders } from '../src/core/context';
import { createSchema } from '../src/schema';
import { createServices } from '../src/services';
import { defaultDatasetFile } from './gen';

/**
 * What Apollo's cache-control plugin (installed by default; it hooks every field) costs on the manager
 * page (Q1): the same operations executed in-process, alternately with the plugin and without it.
 */
async function main() {
  const dataSource = await openDataSource({ database: defaultDatasetFile('M') });
  const services = createServices(dataSource);
  const schema = await createSchema();
  const withPlugin = new ApolloServer<Context>({ schema });
  const without = new ApolloServer<Context>({ schema, plugins: [ApolloServerPluginCacheControlDisabled()] });
  await Promise.all([withPlugin.start(), without.start()]);
  const EV = '... on Event { id title date sources { quote announcement { title publishedOn } } }';
  const query = `query Q1($slug: String!, $first: Int) { manager(slug: $slug) { id shortName legalName status aumBand products { name } events(first: $first) { totalCount nodes { __typename ${EV} } pageInfo { hasNextPage endCursor } } } }`;
  const run = async (server: ApolloServer<Context>, n: number) => {
    const started = performance.now();
    const response = await server.executeOperation(
      { query, variables: { slug: `m-${String(n % 50).padStart(6, '0')}`, first: 20 } },
      { contextValue: { services, loaders: createLoaders(services), requestId: 'bench', outcome: {} } },
    );
    if (response.body.kind !== 'single' || response.body.singleResult.errors) throw new Error('Q1 failed');
    return performance.now() - started;
  };
  const times = { withPlugin: [] as number[], without: [] as number[] };
  for (let i = 0; i < 200; i += 1) await run(withPlugin, i), await run(without, i); // warm-up: every page read once
  for (let i = 0; i < 3000; i += 1) {
    times.withPlugin.push(await run(withPlugin, i));
    times.without.push(await run(without, i));
  }
  const mean = (values: number[]) => (values.reduce((a, b) => a + b, 0) / values.length) * 1000;
  const a = mean(times.withPlugin);
  const b = mean(times.without);
  console.log(`Q1 executed in-process, 3,000 times each, alternately: with the cache-control plugin ${a.toFixed(0)} µs, without ${b.toFixed(0)} µs: the plugin costs ${(((a - b) / b) * 100).toFixed(1)}%`);
  await Promise.all([withPlugin.stop(), without.stop()]);
  await dataSource.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
