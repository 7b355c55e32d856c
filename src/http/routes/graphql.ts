import { ApolloServer, HeaderMap, HTTPGraphQLRequest, HTTPGraphQLResponse } from '@apollo/server';
import http from 'node:http';
import { Context, createContext, RequestOutcome } from '../../api/context';
import { costReport, settle } from '../../api/protection';
import { Services } from '../../api/services';
import { QueryLimits } from '../../core/limits';
import { Logger } from '../../core/logger';
import { readJsonBody } from '../body';
import { sendError } from '../http-error';
import { clientOf, RateLimiter } from '../rate-limiter';
import { checkVariables, queryTextChecker } from '../request-checks';
import { answerBody, CachedResponse, cachedResponse, graphQLParams, matchesEtag, passesCsrfPrevention, perTurn, ResponseCache } from '../response-cache';
import { GRAPHQL_PATH, Route, RouteRequest } from '../router';

export interface GraphQLRouteOptions {
  apollo: ApolloServer<Context>;
  services: Services;
  rateLimiter: RateLimiter;
  limits: QueryLimits;
  /** Whole answers by data version, or null when RESPONSE_CACHE_MAX_BYTES is 0. */
  cache: ResponseCache | null;
  dataVersion: () => number | Promise<number>;
  /** How long a GET's answer may be kept by a CDN (HTTP_CACHE_MAX_AGE_SECONDS). */
  maxAgeSeconds: number;
  logger: Logger;
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
    if (!variables) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(variables);
    } catch {
      return; // Apollo answers malformed variables with its own 400
    }
    checkVariables(parsed);
    return;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  const { query, operationName, variables } = body as Record<string, unknown>;
  checkQueryText(query);
  checkVariables(operationName, 'operationName');
  checkVariables(variables);
}

function headerMapOf(req: http.IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * GraphQL over HTTP at /graphql, GET and POST, driven into Apollo directly: the client admitted by
 * its rate limit before its body is read, a repeated query answered from the response cache before
 * Apollo's pipeline runs, an execution cut off after executionTimeoutMs, its cost settled once.
 */
export class GraphQLRoute implements Route {
  readonly readsDatabase = true;
  private readonly checkQueryText = queryTextChecker();
  private readonly versionThisTurn: () => Promise<number>;
  private readonly publicCaching: string;

  constructor(private readonly options: GraphQLRouteOptions) {
    this.versionThisTurn = perTurn(options.dataVersion);
    this.publicCaching = `public, max-age=${options.maxAgeSeconds}`;
  }

  matches(_req: http.IncomingMessage, url: URL): boolean {
    return url.pathname === GRAPHQL_PATH;
  }

  async handle(request: RouteRequest): Promise<void> {
    const { req, url } = request;
    const client = clientOf(req);
    // A client with no points left is refused before its body is read.
    await this.options.rateLimiter.admit(client);
    const body = req.method === 'POST' ? await readJsonBody(req, this.options.limits.maxBodyBytes) : undefined;
    checkGraphQLParams(body, url, this.checkQueryText);
    const { cache } = this.options;
    const params = cache ? graphQLParams(req.method, body, url) : null;
    const cacheKey = params ? cache!.key(params, req.headers.accept) : null;
    const version = cacheKey ? await this.versionThisTurn() : 0;
    if (cacheKey && passesCsrfPrevention(req) && (await this.answerFromCache(request, client, cacheKey, version))) return;
    await this.execute(request, client, body, cacheKey, version);
  }

  /** Sends a cached answer, charged 1 point; false when there is none for this data version. */
  private async answerFromCache({ req, res, requestId }: RouteRequest, client: string, cacheKey: string, version: number): Promise<boolean> {
    const { cache, rateLimiter, limits, logger } = this.options;
    const hit = cache!.get(cacheKey, version);
    if (!hit) return false;
    const after = await rateLimiter.spend(client, 1);
    this.send(
      req,
      res,
      hit,
      { 'x-request-id': requestId, ...rateLimiter.headersOf(after) },
      costReport(hit.estimated, { nodes: 0, cost: 1 }, after.remaining, limits, true),
    );
    logger.debug({ requestId, cache: 'hit', cost: 1 }, 'graphql');
    return true;
  }

  /** Runs the request through Apollo, within the execution timeout; the reservation is settled once either way. */
  private async execute(request: RouteRequest, client: string, body: unknown, cacheKey: string | null, version: number): Promise<void> {
    const { req, res, url, requestId } = request;
    const { apollo, services, rateLimiter, limits } = this.options;
    const httpGraphQLRequest: HTTPGraphQLRequest = { method: req.method ?? 'GET', headers: headerMapOf(req), search: url.search, body };
    const outcome: RequestOutcome = {};
    const budget = rateLimiter.budgetOf(client);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), limits.executionTimeoutMs)));
    const response = await Promise.race([
      apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => createContext(services, requestId, outcome, budget) }),
      timedOut,
    ]).finally(() => clearTimeout(timer));
    // Settled by the limits plugin as the answer goes out, or here for a query that timed out.
    await settle(budget, outcome);
    if (response === 'timeout') {
      // The request is answered and its connection freed; the abandoned execution finishes on its own.
      sendError(res, 503, `The query did not finish within ${limits.executionTimeoutMs} ms`, 'EXECUTION_TIMEOUT', requestId);
      return;
    }
    const perRequest = { 'x-request-id': requestId, ...rateLimiter.headersOf(await budget.state()) };
    await this.sendExecuted(request, response, outcome, perRequest, cacheKey, version);
  }

  private async sendExecuted(
    { req, res }: RouteRequest,
    response: HTTPGraphQLResponse,
    outcome: RequestOutcome,
    perRequest: Record<string, string>,
    cacheKey: string | null,
    version: number,
  ) {
    const answerHeaders: Record<string, string> = {};
    for (const [name, value] of response.headers) answerHeaders[name] = value;
    if (response.body.kind === 'complete' && (response.status ?? 200) === 200 && outcome.cacheable && outcome.cost && outcome.report) {
      const answer = cachedResponse(answerHeaders, response.body.string, version, outcome.cost);
      // Kept only if no load changed the data while the answer was being built.
      if (cacheKey && (await this.options.dataVersion()) === version) this.options.cache!.set(cacheKey, version, answer);
      this.send(req, res, answer, perRequest, outcome.report);
      return;
    }
    res.writeHead(response.status ?? 200, { ...perRequest, ...answerHeaders, 'cache-control': 'no-store' });
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  /**
   * Sends a successful answer with its entity tag. A GET is a CDN-cacheable read: it may be kept for
   * HTTP_CACHE_MAX_AGE_SECONDS and revalidated with If-None-Match, which a matching tag answers 304.
   */
  private send(req: http.IncomingMessage, res: http.ServerResponse, answer: CachedResponse, perRequest: Record<string, string>, cost: object) {
    const get = req.method === 'GET';
    const head: string[] = [];
    for (const name in perRequest) head.push(name, perRequest[name]);
    head.push('etag', answer.etag, 'cache-control', get ? this.publicCaching : 'no-store');
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
}
