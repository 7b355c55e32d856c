import { ApolloServer, HeaderMap, HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { DocumentNode } from 'graphql';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { Config, DEFAULT_EXECUTOR, DEFAULT_RESPONSE_CACHE } from './config/config';
import { ExecutorName, jitGateway } from './core/executor';
import { Context, createLoaders, RequestOutcome } from './core/context';
import { performance } from 'node:perf_hooks';
import { domainErrorCode, formatError, isUnexpected } from './core/error-format';
import { createLogger, Logger } from './core/logger';
import { DEFAULT_LIMITS, QueryLimits, structureLimitsRule } from './core/limits';
import { costReport, limitsPlugin, settle } from './core/protection';
import { clientOf, createRateLimiter } from './http/rate-limiter';
import { dataVersionReader, watchDataVersion } from './core/data-version';
import { answerBody, CachedResponse, cachedResponse, graphQLParams, matchesEtag, passesCsrfPrevention, perTurn, ResponseCache, responseCachePlugin } from './core/response-cache';
import { playgroundExamples, playgroundHtml, PLAYGROUND_ASSET_PREFIX, resolvePlaygroundAsset } from './playground/playground';
import { createSchema } from './schema';
import { decodeNodeId } from './core/global-id';
import { DomainError } from './core/errors';
import { eventsToCsv, Execute, exportEvents, exportManager, filterFromQuery, inUrlTerms } from './exports/exports';
import { SearchEngine } from './search/search-engine';
import { SearchService } from './search/search.service';
import { MAX_QUERY_LENGTH } from './search/analyzer';
import { createServices } from './services';
import { answerClientError } from './http/client-errors';
import { HttpError, sendError, sendJson } from './http/http-error';
import { checkVariables, queryTextChecker } from './http/request-checks';
import { trackRequest } from './http/request-scope';
import { checkRequestHead, parseRequestTarget } from './http/request-target';
import { DatabaseFileWatch, sqliteFileOf, watchDatabaseFile } from './core/database-file';
import { protocolPlugin } from './http/graphql-protocol';
import { stringLiteralsRule } from './core/characters';

export const GRAPHQL_PATH = '/graphql';
/** Apollo's store of parsed documents, in bytes of their JSON (Apollo's own default is 30 MiB). */
const DOCUMENT_STORE_BYTES = 4 * 1024 * 1024;

export interface RunningServer {
  server: http.Server;
  url: string;
  stop(): Promise<void>;
}

/**
 * Reads a request body up to `maxBytes`. Past the limit the rest is discarded as it arrives and the
 * request is refused with 413 and `connection: close` (the client reads the answer, then the
 * connection ends), whether the body was declared by Content-Length or sent in chunks.
 */
function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = (what: string) => new HttpError(413, `The request body is ${what}; at most ${maxBytes} bytes are allowed`, 'PAYLOAD_TOO_LARGE', { connection: 'close' });
    const declared = Number(req.headers['content-length']);
    if (declared > maxBytes) {
      req.resume();
      reject(tooLarge(`${declared} bytes`));
      return;
    }
    req.on('data', (chunk: Buffer) => {
      if (size > maxBytes) return;
      size += chunk.length;
      if (size > maxBytes) reject(tooLarge(`larger than ${maxBytes} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => reject(new HttpError(400, 'The request body could not be read', 'BAD_REQUEST', { connection: 'close' })));
  });
}

/** Ready: the database answers and its migrations are current; search reports its engine and whether it is degraded. */
async function readiness(dataSource: DataSource, search: SearchService, databaseFile: DatabaseFileWatch) {
  let database: 'ok' | 'unreachable' | 'damaged' = 'ok';
  let migrations: 'current' | 'pending' | 'unknown' = 'unknown';
  const problem = databaseFile.problem();
  if (problem) return { status: 'unavailable', database: 'damaged', reason: problem, migrations, search: await search.status() };
  try {
    await dataSource.query('SELECT 1');
    migrations = (await dataSource.showMigrations()) ? 'pending' : 'current';
  } catch {
    database = 'unreachable';
  }
  const searchStatus = await search.status();
  return { status: database === 'ok' && migrations === 'current' ? 'ready' : 'unavailable', database, migrations, search: searchStatus };
}

/** A POST body as JSON: application/json only, not empty, parseable. */
async function readGraphQLBody(req: http.IncomingMessage, maxBytes: number): Promise<unknown> {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (!/^application\/(json|graphql-response\+json)\b/.test(contentType)) {
    req.resume();
    throw new HttpError(415, `Send GraphQL requests as application/json; got ${contentType ? `"${contentType.slice(0, 100)}"` : 'no content type'}`, 'UNSUPPORTED_MEDIA_TYPE');
  }
  const text = await readBody(req, maxBytes);
  if (text.trim() === '') throw new HttpError(400, 'The request body is empty; send a JSON object with a "query"', 'BAD_REQUEST');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `The request body is not valid JSON: ${(error as Error).message.slice(0, 200)}`, 'BAD_REQUEST');
  }
}

/**
 * The same checks for a GET's URL parameters as for a POST's body: the query text, the operation name
 * and the variables hold no forbidden characters, and variables nest at most MAX_VARIABLE_DEPTH deep.
 */
function checkGraphQLParams(body: unknown, url: URL, checkQueryText: (query: unknown) => void): void {
  if (body === undefined) {
    for (const [name, value] of url.searchParams) {
      if (name === 'query') checkQueryText(value);
      else if (name !== 'variables') checkVariables(value, `the URL parameter ${name.slice(0, 64)}`);
    }
    const variables = url.searchParams.get('variables');
    if (variables) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(variables);
      } catch {
        return; // Apollo answers malformed variables with its own 400
      }
      checkVariables(parsed);
    }
    return;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  const { query, operationName, variables } = body as Record<string, unknown>;
  checkQueryText(query);
  checkVariables(operationName, 'operationName');
  checkVariables(variables);
}

/**
 * The one way a request that failed is answered: an HttpError with its status and code, a domain
 * error (a bad chart id, an export filter) as 400 with its code, anything else as a logged 500; a response already under way is cut off. Never throws.
 */
function answerFailure(res: http.ServerResponse, error: unknown, requestId: string, logger: Logger): void {
  try {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (error instanceof HttpError) {
      sendError(res, error.status, error.message, error.code, requestId, error.headers, error.extensions);
      return;
    }
    if (error instanceof DomainError) {
      sendError(res, 400, error.message, domainErrorCode(error), requestId);
      return;
    }
    logger.error({ requestId, err: error }, 'unexpected error');
    sendError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR', requestId);
  } catch (failure) {
    logger.error({ requestId, err: failure }, 'could not answer a failed request');
    res.destroy();
  }
}

function wantsHtml(req: http.IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept.includes('text/html') && !accept.startsWith('application/json');
}

/**
 * The HTTP server: GraphQL at /graphql (Apollo Server, driven directly over node:http), the GraphiQL
 * playground for browsers at the same address, its assets under /playground/, and /healthz.
 */
export async function startServer(
  dataSource: DataSource,
  config: Pick<Config, 'port' | 'host' | 'exposeStackTraces'> & { limits?: QueryLimits; responseCache?: Config['responseCache']; executor?: ExecutorName },
  externalSearch: SearchEngine | null = null,
  logger: Logger = createLogger(),
): Promise<RunningServer> {
  const services = createServices(dataSource, externalSearch, logger);
  const limits = config.limits ?? DEFAULT_LIMITS;
  const rateLimiter = createRateLimiter(dataSource, limits.rateLimitPointsPerMinute, logger);
  const cacheSettings = config.responseCache ?? DEFAULT_RESPONSE_CACHE;
  const cache = cacheSettings.maxBytes > 0 ? new ResponseCache(cacheSettings.maxBytes) : null;
  await watchDataVersion(dataSource);
  // The data's list bounds are computed before the first query needs them (a second or more on a large database).
  await services.listBounds.current();
  const dataVersion = dataVersionReader(dataSource);
  const versionThisTurn = perTurn(dataVersion);
  const checkQueryText = queryTextChecker();
  const databaseFile = watchDatabaseFile(sqliteFileOf(dataSource));
  /** Routes that read the database answer 503 once its file is gone or replaced: never stale data or 500s. */
  const requireDatabase = () => {
    const problem = databaseFile.problem();
    if (problem) throw new HttpError(503, `The database is unavailable: ${problem}; the server needs its operator`, 'DATABASE_UNAVAILABLE', { 'retry-after': '60' });
  };
  const publicCaching = `public, max-age=${cacheSettings.maxAgeSeconds}`;
  const schema = await createSchema();
  const apollo = new ApolloServer<Context>({
    ...((config.executor ?? DEFAULT_EXECUTOR) === 'jit' ? { gateway: jitGateway(schema) } : { schema }),
    parseOptions: { maxTokens: limits.maxTokens },
    // Parsed and validated documents, by query text: bounded by their JSON size (a parsed document holds
    // several times that in memory), so distinct queries cannot fill the heap.
    documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: DOCUMENT_STORE_BYTES, sizeCalculation: InMemoryLRUCache.sizeCalculation }),
    validationRules: [structureLimitsRule(limits), stringLiteralsRule()],
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      // Per-field cache hints are not used: whole answers are cached by data version (see ResponseCache).
      ApolloServerPluginCacheControlDisabled(),
      protocolPlugin({ 'search.query': MAX_QUERY_LENGTH }),
      limitsPlugin(limits),
      responseCachePlugin(),
      {
        // One log line per operation; unexpected errors in full under the request id the client sees.
        async requestDidStart({ contextValue }) {
          const started = performance.now();
          return {
            async didEncounterErrors({ errors }) {
              for (const error of errors) {
                if (isUnexpected(error)) logger.error({ requestId: contextValue.requestId, path: error.path, err: error.originalError ?? error }, 'unexpected error');
              }
            },
            async willSendResponse({ operationName, response, errors }) {
              logger.info(
                {
                  requestId: contextValue.requestId,
                  operationName: operationName ?? null,
                  cost: contextValue.outcome.cost?.cost ?? null,
                  nodes: contextValue.outcome.cost?.nodes ?? null,
                  durationMs: Math.round((performance.now() - started) * 100) / 100,
                  status: response.http.status ?? 200,
                  errors: errors?.map((e) => e.extensions?.code ?? e.message) ?? [],
                },
                'graphql',
              );
            },
          };
        },
      },
    ],
    includeStacktraceInErrorResponses: config.exposeStackTraces,
    formatError: (formatted, error) => formatError(formatted, error, config.exposeStackTraces),
    csrfPrevention: true,
    // main.ts owns shutdown: stop accepting, finish in-flight requests, close the database, exit.
    stopOnTerminationSignals: false,
    introspection: true,
  });
  await apollo.start();
  const page = playgroundHtml({ endpoint: GRAPHQL_PATH, assetPrefix: PLAYGROUND_ASSET_PREFIX, examples: playgroundExamples });

  async function handleGraphQL(req: http.IncomingMessage, res: http.ServerResponse, url: URL, requestId: string) {
    const client = clientOf(req);
    // A client with no points left is refused before its body is read.
    await rateLimiter.admit(client);
    const body = req.method === 'POST' ? await readGraphQLBody(req, limits.maxBodyBytes) : undefined;
    checkGraphQLParams(body, url, checkQueryText);

    // A repeated query is answered from the cache before Apollo's pipeline runs.
    const params = cache ? graphQLParams(req.method, body, url) : null;
    const cacheKey = params ? cache!.key(params, req.headers.accept) : null;
    const version = cacheKey ? await versionThisTurn() : 0;
    if (cacheKey && passesCsrfPrevention(req)) {
      const hit = cache!.get(cacheKey, version);
      if (hit) {
        const after = await rateLimiter.spend(client, 1);
        sendGraphQL(req, res, hit, { 'x-request-id': requestId, ...rateLimiter.headersOf(after) }, costReport(hit.estimated, { nodes: 0, cost: 1 }, after.remaining, limits, true));
        logger.debug({ requestId, cache: 'hit', cost: 1 }, 'graphql');
        return;
      }
    }

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers, search: url.search, body };
    const outcome: RequestOutcome = {};
    const budget = rateLimiter.budgetOf(client);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), limits.executionTimeoutMs)));
    const response = await Promise.race([
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => ({ services, loaders: createLoaders(services), requestId, outcome, budget }),
      }),
      timedOut,
    ]).finally(() => clearTimeout(timer));
    // The reservation is settled once: by the limits plugin as the answer goes out, or here for a query that timed out.
    await settle(budget, outcome);
    if (response === 'timeout') {
      // The request is answered and its connection freed; the abandoned execution finishes on its own.
      sendError(res, 503, `The query did not finish within ${limits.executionTimeoutMs} ms`, 'EXECUTION_TIMEOUT', requestId);
      return;
    }
    const perRequest = { 'x-request-id': requestId, ...rateLimiter.headersOf(await budget.state()) };
    const answerHeaders: Record<string, string> = {};
    for (const [name, value] of response.headers) answerHeaders[name] = value;
    if (response.body.kind === 'complete' && (response.status ?? 200) === 200 && outcome.cacheable && outcome.cost && outcome.report) {
      const answer = cachedResponse(answerHeaders, response.body.string, version, outcome.cost);
      // Kept only if no load changed the data while the answer was being built.
      if (cacheKey && (await dataVersion()) === version) cache!.set(cacheKey, version, answer);
      sendGraphQL(req, res, answer, perRequest, outcome.report);
      return;
    }
    res.writeHead(response.status ?? 200, { ...perRequest, ...answerHeaders, 'cache-control': 'no-store' });
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  /**
   * Sends a successful answer with its entity tag. A GET is a CDN-cacheable read: it may be kept for
   * HTTP_CACHE_MAX_AGE_SECONDS and revalidated with If-None-Match, which a matching tag answers 304.
   */
  function sendGraphQL(req: http.IncomingMessage, res: http.ServerResponse, answer: CachedResponse, perRequest: Record<string, string>, cost: object) {
    const get = req.method === 'GET';
    const head: string[] = [];
    for (const name in perRequest) head.push(name, perRequest[name]);
    head.push('etag', answer.etag, 'cache-control', get ? publicCaching : 'no-store');
    if (get) head.push('vary', 'accept');
    if (get && matchesEtag(req.headers['if-none-match'], answer.etag)) {
      res.writeHead(304, head);
      res.end();
      return;
    }
    const { chunks, length } = answerBody(answer, cost);
    res.writeHead(answer.status, head.concat(answer.head, 'content-length', String(length)));
    res.write(chunks[0]);
    res.end(chunks[1]);
  }

  /** Runs a GraphQL operation in-process, as a client would over HTTP, with a fresh request context. */
  const execute = async (query: string, variables: Record<string, unknown>, outcome: RequestOutcome = {}): Promise<Record<string, any>> => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: { services, loaders: createLoaders(services), requestId: randomUUID(), outcome } });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const { data, errors } = response.body.singleResult;
    if (errors?.length) {
      const code = errors[0].extensions?.code;
      if (code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED') throw new HttpError(400, inUrlTerms(errors[0].message), 'BAD_USER_INPUT');
      throw new Error(errors[0].message);
    }
    return data as Record<string, any>;
  };

  async function handleChart(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, requestId: string) {
    const manager = /^\/charts\/manager\/([a-z0-9-]+)\/timeline\.svg$/.exec(pathname);
    const window = /^\/charts\/window\/([A-Za-z0-9_-]+)\.svg$/.exec(pathname);
    const draw = async () => {
      if (manager) return services.charts.managerTimeline(manager[1]);
      const id = window ? decodeNodeId(window[1]) : null;
      return id?.typeName === 'MarketDataWindow' ? services.charts.window(id.key) : null;
    };
    const client = clientOf(req);
    const chart = await rateLimiter.charged(client, draw, (drawn) => drawn?.objects ?? 1);
    if (chart === null) {
      sendError(res, 404, `No chart at ${pathname}; charts are at the chartUrl of a Manager or a MarketDataWindow`, 'NOT_FOUND', requestId);
      return;
    }
    res.writeHead(200, { 'content-type': 'image/svg+xml; charset=utf-8', 'x-request-id': requestId, ...(await rateLimiter.headers(client)) });
    res.end(chart.svg);
  }

  async function handleExport(req: http.IncomingMessage, res: http.ServerResponse, url: URL, requestId: string) {
    const events = /^\/export\/events\.(csv|json)$/.exec(url.pathname);
    const manager = /^\/export\/manager\/([a-z0-9-]+)\.json$/.exec(url.pathname);
    const client = clientOf(req);
    // Each operation (an events export runs one per page) is admitted while the client has points left and charged its cost.
    const charged: Execute = (query, variables) => {
      const outcome: RequestOutcome = {};
      return rateLimiter.charged(client, () => execute(query, variables, outcome), () => outcome.actual?.cost ?? outcome.cost?.cost ?? 1);
    };
    if (events) {
      const filter = filterFromQuery(url.searchParams);
      const rows = await exportEvents(charged, filter);
      const name = `fundwatch-events.${events[1]}`;
      const disposition = { 'content-disposition': `attachment; filename="${name}"`, 'x-request-id': requestId, ...(await rateLimiter.headers(client)) };
      if (events[1] === 'csv') {
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', ...disposition });
        res.end(eventsToCsv(rows));
      } else {
        sendJson(res, 200, { filter, count: rows.length, events: rows }, disposition);
      }
      return;
    }
    if (manager) {
      const data = await exportManager(charged, manager[1]);
      if (data) {
        sendJson(res, 200, data, { 'content-disposition': `attachment; filename="fundwatch-${manager[1]}.json"`, 'x-request-id': requestId, ...(await rateLimiter.headers(client)) });
        return;
      }
      sendError(res, 404, `There is no manager "${manager[1]}"; the managers query lists every slug`, 'NOT_FOUND', requestId);
      return;
    }
    sendError(res, 404, `No export at ${url.pathname}; exports are /export/events.csv, /export/events.json and /export/manager/<slug>.json`, 'NOT_FOUND', requestId);
  }

  // Node would answer a missing Host header itself, with an empty 400: checkRequestHead answers in JSON.
  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    const requestId = randomUUID();
    const route = async () => {
      checkRequestHead(req);
      const url = parseRequestTarget(req.url);
      if (url.pathname === GRAPHQL_PATH) {
        if (!(req.method === 'GET' && wantsHtml(req))) requireDatabase();
        if (req.method === 'GET' && wantsHtml(req)) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'x-request-id': requestId });
          res.end(page);
          return;
        }
        await handleGraphQL(req, res, url, requestId);
        return;
      }
      if (url.pathname.startsWith(`${PLAYGROUND_ASSET_PREFIX}/`) && req.method === 'GET') {
        const asset = resolvePlaygroundAsset(url.pathname);
        if (asset) {
          res.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'public, max-age=86400' });
          fs.createReadStream(asset.file).pipe(res);
          return;
        }
      }
      if (req.method === 'GET' && url.pathname.startsWith('/charts/')) {
        requireDatabase();
        await handleChart(req, res, url.pathname, requestId);
        return;
      }
      if (req.method === 'GET' && url.pathname.startsWith('/export/')) {
        requireDatabase();
        await handleExport(req, res, url, requestId);
        return;
      }
      if (url.pathname === '/healthz') {
        sendJson(res, 200, { status: 'ok' });
        return;
      }
      if (url.pathname === '/readyz') {
        const report = await readiness(dataSource, services.search, databaseFile);
        sendJson(res, report.status === 'ready' ? 200 : 503, report);
        return;
      }
      if (url.pathname === '/' && req.method === 'GET') {
        res.writeHead(302, { location: GRAPHQL_PATH });
        res.end();
        return;
      }
      sendError(res, 404, `Nothing at ${url.pathname}; the API is at ${GRAPHQL_PATH}`, 'NOT_FOUND', requestId);
    };
    trackRequest(requestId, res);
    route().catch((error: unknown) => answerFailure(res, error, requestId, logger));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => answerClientError(error, socket, logger));
  // An Expect header other than 100-continue (which Node answers itself): 417, in JSON.
  server.on('checkExpectation', (req: http.IncomingMessage, res: http.ServerResponse) => {
    sendError(res, 417, `The expectation ${JSON.stringify(String(req.headers.expect).slice(0, 100))} cannot be met; only 100-continue is`, 'EXPECTATION_FAILED', randomUUID(), { connection: 'close' });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return {
    server,
    url: `http://${host}:${address.port}`,
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
