import http from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createSchema } from '../api/schema';
import { createServices } from '../api/services';
import { Config, DEFAULT_EXECUTOR, DEFAULT_RESPONSE_CACHE } from '../config/config';
import { sqliteFileOf } from '../core/dialect';
import { ExecutorName } from '../core/executor';
import { DEFAULT_LIMITS, QueryLimits } from '../core/limits';
import { createLogger, Logger } from '../core/logger';
import { watchDatabaseFile } from '../database/database-file';
import { dataVersionReader, watchDataVersion } from '../database/data-version';
import { SearchEngine } from '../search/search-engine';
import { startApollo } from './apollo';
import { createRateLimiter } from './rate-limiter';
import { ResponseCache } from './response-cache';
import { createHttpServer } from './router';
import { chartsRoute } from './routes/charts';
import { citationsRoute } from './routes/citations';
import { exportsRoute } from './routes/exports';
import { GraphQLRoute } from './routes/graphql';
import { healthRoutes } from './routes/health';
import { playgroundRoutes } from './routes/playground';

export { GRAPHQL_PATH } from './router';

export interface RunningServer {
  server: http.Server;
  url: string;
  stop(): Promise<void>;
}

export type ServerSettings = Pick<Config, 'port' | 'host' | 'exposeStackTraces'> & {
  /** The origin of permalinks (PUBLIC_URL); unset, the address the server listens on. */
  publicUrl?: string | null;
  limits?: QueryLimits;
  responseCache?: Config['responseCache'];
  executor?: ExecutorName;
};

/**
 * The HTTP server: GraphQL at /graphql (Apollo Server, driven directly over node:http), the GraphiQL
 * playground for browsers at the same address and its assets under /playground/, charts, exports,
 * /healthz and /readyz. It only wires: each route family is a module of src/http/routes/.
 */
export async function startServer(
  dataSource: DataSource,
  settings: ServerSettings,
  externalSearch: SearchEngine | null = null,
  logger: Logger = createLogger(),
): Promise<RunningServer> {
  const services = createServices(dataSource, externalSearch, logger);
  const limits = settings.limits ?? DEFAULT_LIMITS;
  const responseCache = settings.responseCache ?? DEFAULT_RESPONSE_CACHE;
  const rateLimiter = createRateLimiter(dataSource, limits.rateLimitPointsPerMinute, logger);
  await watchDataVersion(dataSource);
  // The data's list bounds are computed before the first query needs them (a second or more on a large database).
  await services.listBounds.current();
  // And the search engine's facets in memory (two seconds at 425,000 documents; after a load of new data they reload in the background).
  await services.search.warm();
  const apollo = await startApollo(await createSchema(), {
    limits,
    executor: settings.executor ?? DEFAULT_EXECUTOR,
    exposeStackTraces: settings.exposeStackTraces,
    logger,
  });
  const databaseFile = watchDatabaseFile(sqliteFileOf(dataSource));
  const dataVersion = dataVersionReader(dataSource);
  const graphql = new GraphQLRoute({
    apollo,
    services,
    rateLimiter,
    limits,
    cache: responseCache.maxBytes > 0 ? new ResponseCache(responseCache.maxBytes) : null,
    dataVersion,
    maxAgeSeconds: responseCache.maxAgeSeconds,
    logger,
  });
  const routes = [
    ...playgroundRoutes(),
    graphql,
    chartsRoute(services.charts, rateLimiter),
    citationsRoute(apollo, services, rateLimiter),
    exportsRoute(apollo, services, rateLimiter, dataVersion),
    ...healthRoutes(dataSource, services.search, databaseFile),
  ];
  const server = createHttpServer(routes, databaseFile, logger);
  const url = await listen(server, settings.port, settings.host);
  // Before the first request is read: permalinks never take their origin from a request's Host header.
  services.citations.useOrigin(settings.publicUrl ?? url);
  return {
    server,
    url,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
      await rateLimiter.close();
    },
  };
}

/** Listens on host:port (0 for any free port) and gives the URL clients reach it at. */
async function listen(server: http.Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${address.port}`;
}
