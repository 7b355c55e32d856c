import { ApolloServer } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import { Context, createContext, RequestOutcome } from '../../api/context';
import { Services } from '../../api/services';
import { eventsToCsv, Execute, exportEvents, exportManager, filterFromQuery, inUrlTerms } from '../../exports/exports';
import { HttpError, sendError, sendJson } from '../http-error';
import { clientOf, RateLimiter } from '../rate-limiter';
import { Route, RouteRequest } from '../router';

const EVENTS = /^\/export\/events\.(csv|json)$/;
const MANAGER = /^\/export\/manager\/([a-z0-9-]+)\.json$/;

/** Runs a GraphQL operation in-process, as a client would over HTTP, with a fresh request context. */
function inProcess(apollo: ApolloServer<Context>, services: Services) {
  return async (query: string, variables: Record<string, unknown>, outcome: RequestOutcome): Promise<Record<string, any>> => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: createContext(services, randomUUID(), outcome) });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    const { data, errors } = response.body.singleResult;
    if (errors?.length) {
      const code = errors[0].extensions?.code;
      if (code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED') throw new HttpError(400, inUrlTerms(errors[0].message), 'BAD_USER_INPUT');
      throw new Error(errors[0].message);
    }
    return data as Record<string, any>;
  };
}

/**
 * Downloads built from the API's own queries: /export/events.csv and .json (the events query's
 * filters as URL parameters) and /export/manager/<slug>.json. Each operation (an events export runs
 * one per page) is admitted while the client has points left and charged its cost.
 */
export function exportsRoute(apollo: ApolloServer<Context>, services: Services, rateLimiter: RateLimiter): Route {
  const execute = inProcess(apollo, services);
  return {
    matches: (req, url) => req.method === 'GET' && url.pathname.startsWith('/export/'),
    readsDatabase: true,
    async handle(request) {
      const client = clientOf(request.req);
      const charged: Execute = (query, variables) => {
        const outcome: RequestOutcome = {};
        return rateLimiter.charged(
          client,
          () => execute(query, variables, outcome),
          () => outcome.actual?.cost ?? outcome.cost?.cost ?? 1,
        );
      };
      const attachment = async (name: string) => ({
        'content-disposition': `attachment; filename="${name}"`,
        'x-request-id': request.requestId,
        ...(await rateLimiter.headers(client)),
      });
      const events = EVENTS.exec(request.url.pathname);
      const manager = MANAGER.exec(request.url.pathname);
      if (events) await sendEvents(request, charged, events[1] as 'csv' | 'json', attachment);
      else if (manager) await sendManager(request, charged, manager[1], attachment);
      else
        sendError(
          request.res,
          404,
          `No export at ${request.url.pathname}; exports are /export/events.csv, /export/events.json and /export/manager/<slug>.json`,
          'NOT_FOUND',
          request.requestId,
        );
    },
  };
}

type Attachment = (name: string) => Promise<Record<string, string>>;

async function sendEvents({ res, url }: RouteRequest, execute: Execute, format: 'csv' | 'json', attachment: Attachment): Promise<void> {
  const filter = filterFromQuery(url.searchParams);
  const rows = await exportEvents(execute, filter);
  const headers = await attachment(`fundwatch-events.${format}`);
  if (format === 'json') {
    sendJson(res, 200, { filter, count: rows.length, events: rows }, headers);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', ...headers });
  res.end(eventsToCsv(rows));
}

async function sendManager({ res, requestId }: RouteRequest, execute: Execute, slug: string, attachment: Attachment): Promise<void> {
  const data = await exportManager(execute, slug);
  if (!data) {
    sendError(res, 404, `There is no manager "${slug}"; the managers query lists every slug`, 'NOT_FOUND', requestId);
    return;
  }
  sendJson(res, 200, data, await attachment(`fundwatch-${slug}.json`));
}
