import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { DomainError } from '../core/errors';
import { domainErrorCode } from '../core/error-format';
import { Logger } from '../core/logger';
import { DatabaseFileWatch } from '../database/database-file';
import { answerClientError } from './client-errors';
import { HttpError, sendError } from './http-error';
import { trackRequest } from './request-scope';
import { checkRequestHead, parseRequestTarget } from './request-target';

/** Where the API answers, and the playground opens in a browser. */
export const GRAPHQL_PATH = '/graphql';

/** One request as a route sees it: the parsed URL and the id every answer and log line carries. */
export interface RouteRequest {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  requestId: string;
}

/** One family of addresses (src/http/routes/): the first route that matches a request answers it. */
export interface Route {
  matches(req: http.IncomingMessage, url: URL): boolean;
  /** Answered 503 instead once the database file is gone or replaced: never stale data or 500s. */
  readsDatabase: boolean;
  /** The methods the route answers; another is answered 405 naming them. Absent: the route answers methods itself. */
  methods?: readonly string[];
  handle(request: RouteRequest): Promise<void> | void;
}

/** What the read-only routes (charts, exports, citations, permalinks) answer: GET and HEAD alike, Node leaving a HEAD's body out. */
export const READ_ONLY: readonly string[] = ['GET', 'HEAD'];

/**
 * The node:http server over `routes`: request heads and targets checked first, every failure answered
 * in JSON (answerFailure), a malformed request line or an unmet Expect answered without a route.
 */
export function createHttpServer(routes: Route[], databaseFile: DatabaseFileWatch, logger: Logger): http.Server {
  // Node would answer a missing Host header itself, with an empty 400: checkRequestHead answers in JSON.
  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    const requestId = randomUUID();
    trackRequest(requestId, res);
    dispatch(routes, databaseFile, req, res, requestId).catch((error: unknown) => answerFailure(res, error, requestId, logger));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => answerClientError(error, socket, logger));
  // An Expect header other than 100-continue (which Node answers itself): 417, in JSON.
  server.on('checkExpectation', (req: http.IncomingMessage, res: http.ServerResponse) => {
    sendError(
      res,
      417,
      `The expectation ${JSON.stringify(String(req.headers.expect).slice(0, 100))} cannot be met; only 100-continue is`,
      'EXPECTATION_FAILED',
      randomUUID(),
      { connection: 'close' },
    );
  });
  return server;
}

async function dispatch(
  routes: Route[],
  databaseFile: DatabaseFileWatch,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  requestId: string,
): Promise<void> {
  checkRequestHead(req);
  const url = parseRequestTarget(req.url);
  const route = routes.find((r) => r.matches(req, url));
  if (!route) {
    sendError(res, 404, `Nothing at ${url.pathname}; the API is at ${GRAPHQL_PATH}`, 'NOT_FOUND', requestId);
    return;
  }
  if (route.methods && !route.methods.includes(req.method ?? '')) {
    const allowed = route.methods.join(' and ');
    sendError(res, 405, `${url.pathname.slice(0, 200)} answers ${allowed}, not ${String(req.method).slice(0, 20)}`, 'METHOD_NOT_ALLOWED', requestId, {
      allow: route.methods.join(', '),
    });
    return;
  }
  if (route.readsDatabase) {
    const problem = databaseFile.problem();
    if (problem)
      throw new HttpError(503, `The database is unavailable: ${problem}; the server needs its operator`, 'DATABASE_UNAVAILABLE', { 'retry-after': '60' });
  }
  await route.handle({ req, res, url, requestId });
}

/**
 * The one way a request that failed is answered: an HttpError with its status and code, a domain
 * error (a bad chart id, an export filter) as 400 with its code, anything else as a logged 500; a
 * response already under way is cut off. Never throws.
 */
export function answerFailure(res: http.ServerResponse, error: unknown, requestId: string, logger: Logger): void {
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
