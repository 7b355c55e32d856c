import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { DocumentNode, ExecutionResult, GraphQLSchema, printSchema } from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

/** How operations are executed: graphql-js, or queries compiled once to JavaScript by graphql-jit. */
export type ExecutorName = 'graphql' | 'jit';

/**
 * graphql-jit behind Apollo Server, through Apollo's gateway interface (its one hook for another
 * executor): Apollo still parses, validates, runs every plugin (limits, cost, logging, the response
 * cache) and formats errors; only execution is replaced. Each document is compiled once, per operation
 * name, and kept as long as Apollo keeps the parsed document.
 */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
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
          if (!isCompiledQuery(query)) return query;
          return query.query(undefined, context, request.variables ?? {});
        },
      };
    },
    async stop() {
      // nothing to release
    },
  };
}
