import { ASTVisitor, FieldNode, GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { measureShape } from './query-analysis';

/**
 * The limits every query is held to before it runs, each a named setting with a default. A query
 * over a limit is rejected with HTTP 400 and an `extensions.code` naming the limit, with the limit
 * and the measured value.
 */
export interface QueryLimits {
  maxTokens: number;
  maxAliases: number;
  maxDepth: number;
  maxDirectives: number;
  /**
   * Field selections once every fragment spread is replaced by its fragment: a 1 kB fragment bomb
   * expands to millions. The default is the token limit, what a query without fragments could select.
   */
  maxExpandedFields: number;
  maxNodes: number;
  maxCost: number;
  maxBodyBytes: number;
  executionTimeoutMs: number;
  rateLimitPointsPerMinute: number;
  /** Cost points executing at once in the process; a query that would pass it waits its turn (memory stays bounded). */
  maxInflightCost: number;
}

export const DEFAULT_LIMITS: QueryLimits = {
  maxTokens: 2000,
  maxAliases: 30,
  maxDepth: 12,
  maxDirectives: 50,
  maxExpandedFields: 2000,
  maxNodes: 50_000,
  maxCost: 10_000,
  maxBodyBytes: 100_000,
  executionTimeoutMs: 10_000,
  rateLimitPointsPerMinute: 20_000,
  maxInflightCost: 10_000,
};

/** An error for a query over a limit: formatError keeps `limitCode` as the client-facing code. */
export function limitError(limitCode: string, message: string, limit: number, measured: number, node?: FieldNode): GraphQLError {
  return new GraphQLError(message, { nodes: node ? [node] : undefined, extensions: { limitCode, limit, measured, http: { status: 400 } } });
}

/**
 * Aliases, directives, depth and expanded size, refused during validation, before anything runs. Depth
 * and expanded size are measured with each fragment once (measureShape), in time proportional to the
 * document's length however its fragments nest. Introspection counts like any other field.
 */
export function structureLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    let directives = 0;
    return {
      Field(node) {
        if (node.alias) aliases += 1;
      },
      Directive() {
        directives += 1;
      },
      Document: {
        leave(document) {
          if (aliases > limits.maxAliases)
            context.reportError(
              limitError('TOO_MANY_ALIASES', `The query uses ${aliases} aliases; at most ${limits.maxAliases} are allowed`, limits.maxAliases, aliases),
            );
          if (directives > limits.maxDirectives)
            context.reportError(
              limitError(
                'TOO_MANY_DIRECTIVES',
                `The query uses ${directives} directives; at most ${limits.maxDirectives} are allowed`,
                limits.maxDirectives,
                directives,
              ),
            );
          const { depth, fields } = measureShape(context.getSchema(), document);
          if (depth > limits.maxDepth)
            context.reportError(
              limitError(
                'QUERY_TOO_DEEP',
                `The query is ${depth} levels deep; at most ${limits.maxDepth} are allowed (ofType in introspection adds no level)`,
                limits.maxDepth,
                depth,
              ),
            );
          if (fields > limits.maxExpandedFields)
            context.reportError(
              limitError(
                'TOO_MANY_FIELDS',
                `The query selects ${fields} fields once its fragments are expanded; at most ${limits.maxExpandedFields} are allowed`,
                limits.maxExpandedFields,
                fields,
              ),
            );
        },
      },
    };
  };
}

export { measureQuery } from './query-analysis';
export type { QueryCost } from './query-analysis';
