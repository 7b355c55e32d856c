import {
  ASTVisitor,
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLSchema,
  isListType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
  valueFromASTUntyped,
} from 'graphql';

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

/** Aliases, depth (introspection exempt) and directives, counted in one pass over the document. */
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
          if (aliases > limits.maxAliases) context.reportError(limitError('TOO_MANY_ALIASES', `The query uses ${aliases} aliases; at most ${limits.maxAliases} are allowed`, limits.maxAliases, aliases));
          if (directives > limits.maxDirectives) context.reportError(limitError('TOO_MANY_DIRECTIVES', `The query uses ${directives} directives; at most ${limits.maxDirectives} are allowed`, limits.maxDirectives, directives));
          const depth = maxDepth(document);
          if (depth > limits.maxDepth) context.reportError(limitError('QUERY_TOO_DEEP', `The query is ${depth} levels deep; at most ${limits.maxDepth} are allowed (introspection is exempt)`, limits.maxDepth, depth));
        },
      },
    };
  };
}

function maxDepth(document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, seen));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
      } else {
        const name = selection.name.value;
        // Cycles are reported by the specified NoFragmentCycles rule; here they only must not loop.
        if (seen.has(name) || !fragments.has(name)) continue;
        deepest = Math.max(deepest, depthOf(fragments.get(name)!.selectionSet, new Set([...seen, name])));
      }
    }
    return deepest;
  };
  return Math.max(0, ...document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION).map((op) => depthOf(op.selectionSet, new Set())));
}

/** Page sizes assumed when a list is asked for without a size argument. */
const CONNECTION_DEFAULT = 20;
const SEARCH_DEFAULT = 10;
const TIMELINE_DEFAULT = 200;
const PLAIN_LIST_SIZE = 10;

export interface QueryCost {
  /** Objects the query can return at most, as GitHub counts them: each list's page size times the page sizes above it. */
  nodes: number;
  /** Fetches the query can cause at most, as GitHub counts requests: 1, plus each list or connection times the page sizes above it. */
  cost: number;
}

type Composite = { getFields(): Record<string, { type: Parameters<typeof getNamedType>[0] }> };

/**
 * The node budget and cost of an operation, computed from the query and its size arguments (`first`,
 * `last`, `limit`, the length of `ids`; variables included) before any resolver runs. A connection or a
 * search result is one object whose `nodes`, `edges` or `hits` hold a page.
 */
export function measureQuery(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): QueryCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let nodes = 0;
  let cost = 1;
  const sizeArgument = (field: FieldNode): number | undefined => {
    for (const arg of field.arguments ?? []) {
      const value = valueFromASTUntyped(arg.value, variables);
      if (['first', 'last', 'limit'].includes(arg.name.value) && typeof value === 'number' && Number.isFinite(value)) return Math.max(0, value);
      if (arg.name.value === 'ids' && Array.isArray(value)) return value.length;
    }
    return undefined;
  };
  const walk = (set: SelectionSetNode | undefined, parentType: Composite | null, multiplier: number, page: number | undefined, seen: Set<string>) => {
    if (!set || !parentType) return;
    for (const selection of set.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as unknown as Composite) : parentType;
        walk(selection.selectionSet, type ?? parentType, multiplier, page, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) as unknown as Composite, multiplier, page, new Set([...seen, fragment.name.value]));
        continue;
      }
      const definition = selection.name.value.startsWith('__') ? undefined : parentType.getFields()[selection.name.value];
      if (!definition) continue;
      const named = getNamedType(definition.type)!;
      const child = 'getFields' in named ? (named as unknown as Composite) : null;
      if (named.name.endsWith('Connection') || named.name === 'SearchResults') {
        cost += multiplier;
        walk(selection.selectionSet, child, multiplier, sizeArgument(selection) ?? (named.name === 'SearchResults' ? SEARCH_DEFAULT : CONNECTION_DEFAULT), seen);
      } else if (isListType(getNullableType(definition.type))) {
        const size = page !== undefined && ['nodes', 'edges', 'hits'].includes(selection.name.value) ? page : sizeArgument(selection) ?? (selection.name.value === 'timeline' ? TIMELINE_DEFAULT : PLAIN_LIST_SIZE);
        nodes += multiplier * size;
        if (page === undefined) cost += multiplier;
        walk(selection.selectionSet, child, multiplier * Math.max(1, size), undefined, seen);
      } else {
        walk(selection.selectionSet, child, multiplier, undefined, seen);
      }
    }
  };
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  walk(operation.selectionSet, (root ?? null) as unknown as Composite | null, 1, undefined, new Set());
  return { nodes, cost };
}
