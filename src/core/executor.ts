import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema, isAbstractType, printSchema } from 'graphql';
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

/**
 * graphql-jit behind Apollo Server, through Apollo's gateway interface (its one hook for another
 * executor): Apollo still parses, validates, runs every plugin (limits, cost, logging, the response
 * cache) and formats errors; only execution is replaced. Each document is compiled once, per operation
 * name, and kept as long as Apollo keeps the parsed document.
 */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  // graphql-jit calls resolveType synchronously; type-graphql wraps ours in an async function.
  for (const type of Object.values(schema.getTypeMap())) if (isAbstractType(type)) type.resolveType = resolveObjectType;
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | ExecutionResult>>();
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async load() {
      return {
        executor: async ({ document, operationName, request, context }) => {
          let byOperation = compiled.get(document);
          if (!byOperation) compiled.set(document, (byOperation = new Map()));
          let query = byOperation.get(operationName ?? '');
          if (!query) byOperation.set(operationName ?? '', (query = compileQuery(schema, document, operationName ?? undefined)));
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
