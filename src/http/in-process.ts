import { ApolloServer } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Context, createContext, RequestOutcome } from '../api/context';
import { Services } from '../api/services';
import { Execute, inUrlTerms } from '../exports/exports';
import { HttpError } from './http-error';
import { clientOf, RateLimiter } from './rate-limiter';

/** Runs a GraphQL operation in-process, as a client would over HTTP, with a fresh request context; a client's mistake is a 400 in the words of the URL. */
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
 * How the download routes (exports, citations, permalinks) run the API's own queries: in-process, each
 * operation admitted while the request's client has points left and charged what it cost, as if the
 * client had sent it over HTTP.
 */
export function chargedExecutor(apollo: ApolloServer<Context>, services: Services, rateLimiter: RateLimiter): (req: http.IncomingMessage) => Execute {
  const execute = inProcess(apollo, services);
  return (req) => {
    const client = clientOf(req);
    return (query, variables) => {
      const outcome: RequestOutcome = {};
      return rateLimiter.charged(
        client,
        () => execute(query, variables, outcome),
        () => outcome.actual?.cost ?? outcome.cost?.cost ?? 1,
      );
    };
  };
}
