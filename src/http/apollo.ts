import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { DocumentNode, GraphQLSchema } from 'graphql';
import { performance } from 'node:perf_hooks';
import { Context } from '../api/context';
import { limitsPlugin } from '../api/protection';
import { stringLiteralsRule } from '../core/characters';
import { formatError, isUnexpected } from '../core/error-format';
import { ExecutorName, jitGateway } from '../core/executor';
import { QueryLimits, structureLimitsRule } from '../core/limits';
import { Logger } from '../core/logger';
import { MAX_QUERY_LENGTH } from '../search/query-syntax';
import { protocolPlugin } from './graphql-protocol';
import { responseCachePlugin } from './response-cache';

/** Apollo's store of parsed documents, in bytes of their JSON (Apollo's own default is 30 MiB). */
const DOCUMENT_STORE_BYTES = 4 * 1024 * 1024;

export interface ApolloSettings {
  limits: QueryLimits;
  executor: ExecutorName;
  exposeStackTraces: boolean;
  logger: Logger;
}

/** One log line per operation; unexpected errors in full under the request id the client sees. */
function operationLogPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (isUnexpected(error))
              logger.error({ requestId: contextValue.requestId, path: error.path, err: error.originalError ?? error }, 'unexpected error');
          }
        },
        async willSendResponse({ operationName, response, errors }) {
          const { outcome, requestId } = contextValue;
          logger.info(
            {
              requestId,
              operationName: operationName ?? null,
              cost: outcome.cost?.cost ?? null,
              nodes: outcome.cost?.nodes ?? null,
              durationMs: Math.round((performance.now() - started) * 100) / 100,
              status: response.http.status ?? 200,
              errors: errors?.map((e) => e.extensions?.code ?? e.message) ?? [],
            },
            'graphql',
          );
        },
      };
    },
  };
}

/**
 * Apollo Server over the schema, driven directly by the GraphQL route (no framework integration):
 * parse and validation limits, the protocol, cost and cache plugins, errors formatted in one place.
 */
export async function startApollo(schema: GraphQLSchema, settings: ApolloSettings): Promise<ApolloServer<Context>> {
  const { limits, exposeStackTraces } = settings;
  const apollo = new ApolloServer<Context>({
    ...(settings.executor === 'jit' ? { gateway: jitGateway(schema) } : { schema }),
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
      operationLogPlugin(settings.logger),
    ],
    includeStacktraceInErrorResponses: exposeStackTraces,
    formatError: (formatted, error) => formatError(formatted, error, exposeStackTraces),
    csrfPrevention: true,
    // src/main.ts owns shutdown: stop accepting, finish in-flight requests, close the database, exit.
    stopOnTerminationSignals: false,
    introspection: true,
  });
  await apollo.start();
  return apollo;
}
