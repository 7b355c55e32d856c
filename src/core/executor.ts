import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { DocumentNode, execute, ExecutionResult, GraphQLError, GraphQLSchema, isAbstractType, printSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { resolveObjectType } from './node';

/** How operations are executed: graphql-js, or queries compiled once to JavaScript by graphql-jit. */
export type ExecutorName = 'graphql' | 'jit';

/** graphql-jit's errors as graphql-js's, which Apollo formats (code, originalError, path, locations). */
function asGraphQLError(error: GraphQLError, extensions?: Record<string, unknown>): GraphQLError {
  if (error instanceof GraphQLError && error.extensions && !extensions) return error;
  const converted = new GraphQLError(error.message, {
    path: error.path,
    originalError: (error as { originalError?: Error }).originalError ?? undefined,
    extensions: { ...(error as { extensions?: Record<string, unknown> }).extensions, ...extensions },
  });
  if (error.locations) Object.defineProperty(converted, 'locations', { value: error.locations, enumerable: true });
  return converted;
}

/** Compiled queries kept at most: each holds generated code and closures (about 100 kB for a large query). */
export const MAX_COMPILED_QUERIES = 256;

/**
 * graphql-jit behind Apollo Server, through Apollo's gateway interface (its one hook for another
 * executor): Apollo still parses, validates, runs every plugin (limits, cost, logging, the response
 * cache) and formats errors; only execution is replaced. A document is compiled from its second use
 * (Apollo hands back the same parsed document for a repeated query text), its first runs on
 * graphql-js; compiled queries are kept in an LRU of MAX_COMPILED_QUERIES documents, so a stream of
 * distinct queries costs bounded memory.
 */
export function jitGateway(schema: GraphQLSchema, maxCompiled = MAX_COMPILED_QUERIES): GatewayInterface {
  // graphql-jit calls resolveType synchronously; type-graphql wraps ours in an async function.
  for (const type of Object.values(schema.getTypeMap())) if (isAbstractType(type)) type.resolveType = resolveObjectType;
  const compiled = new LRUCache<DocumentNode, Map<string, CompiledQuery | ExecutionResult>>({ max: maxCompiled });
  const seenOnce = new WeakSet<DocumentNode>();
  const compiledFor = (document: DocumentNode, operationName: string | undefined) => {
    let byOperation = compiled.get(document);
    if (!byOperation) {
      if (!seenOnce.has(document)) {
        seenOnce.add(document);
        return null;
      }
      compiled.set(document, (byOperation = new Map()));
    }
    let query = byOperation.get(operationName ?? '');
    if (!query) byOperation.set(operationName ?? '', (query = compileQuery(schema, document, operationName)));
    return query;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async load() {
      return {
        executor: async ({ document, operationName, request, context }) => {
          const query = compiledFor(document, operationName ?? undefined);
          if (query === null) return execute({ schema, document, operationName, variableValues: request.variables, contextValue: context });
          const result = isCompiledQuery(query) ? await query.query(undefined, context, request.variables ?? {}) : query;
          if (!result.errors) return result;
          // Variables that do not coerce: graphql-jit answers with errors and no data, as graphql-js does,
          // but without the variable's node Apollo recognises them by; they are the client's mistake.
          const coercion = result.data === undefined || result.data === null ? result.errors.every((e) => e.message.startsWith('Variable "$')) : false;
          return { ...result, errors: result.errors.map((e) => asGraphQLError(e, coercion ? { code: 'BAD_USER_INPUT' } : undefined)) };
        },
      };
    },
    async stop() {
      // nothing to release
    },
  };
}
