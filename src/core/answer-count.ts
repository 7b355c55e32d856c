import { defaultFieldResolver, getNamedType, getNullableType, GraphQLField, GraphQLSchema, isListType, isObjectType } from 'graphql';
import { fetches, isPagedType, PAGE_FIELDS, QueryCost } from './query-analysis';

/** Where a request's count of what its answer took is kept while it executes. */
interface CountingContext {
  outcome?: { actual?: QueryCost };
}

type Counter = (value: unknown, count: QueryCost) => void;

/**
 * What a field adds to the count, as the estimate counts it (query-analysis.ts measureQuery): a list
 * its items as objects, and a fetch unless it is a connection's page; a connection, a search or a
 * field that fetches (query-analysis.ts `fetches`) one fetch. Null for fields that add nothing.
 */
function counterOf(field: GraphQLField<unknown, unknown>, parentIsPaged: boolean): Counter | null {
  if (isPagedType(getNamedType(field.type)) || fetches(field)) return (value, count) => void (value != null && (count.cost += 1));
  if (!isListType(getNullableType(field.type))) return null;
  const isPage = parentIsPaged && PAGE_FIELDS.includes(field.name);
  return (value, count) => {
    if (!Array.isArray(value)) return;
    count.nodes += value.length;
    if (!isPage) count.cost += 1;
  };
}

/**
 * Counts, as the query executes, the objects and fetches its answer took: every list and connection
 * field's resolver adds what it returned to `outcome.actual` of the request's context. The rate limit
 * charges this count (protection.ts). Introspection's types are graphql-js's own, shared by every
 * schema, and are not wrapped: their part is charged as estimated. Called once on the built schema.
 */
export function countAnswers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !isObjectType(type)) continue;
    const parentIsPaged = isPagedType(type);
    for (const field of Object.values(type.getFields())) {
      const counter = counterOf(field, parentIsPaged);
      if (!counter) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: CountingContext, info) => {
        const value = resolve(source, args, context, info);
        const count = context?.outcome?.actual;
        if (!count) return value;
        if (value instanceof Promise) return value.then((resolved) => (counter(resolved, count), resolved));
        counter(value, count);
        return value;
      };
    }
  }
  return schema;
}
