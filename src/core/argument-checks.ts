import { DocumentNode, GraphQLError, valueFromASTUntyped, visit } from 'graphql';
import { MAX_PAGE_SIZE } from './pagination';

/** The most entries `timeline(limit:)` returns. */
export const MAX_TIMELINE_LIMIT = 1000;
/** The most ids `nodes(ids:)` looks up. */
export const MAX_NODE_IDS = 100;
/** The longest string any argument takes: slugs, codes, dates, cursors and ids are far shorter, a search query at most 200. */
export const MAX_ARGUMENT_STRING = 1000;
/** The most items of any list in an argument (authorities, types, slugs, ids). */
export const MAX_ARGUMENT_LIST = 100;

/** Every size argument of the schema and its range: what the resolvers hold them to. */
const RANGES: Record<string, { min: number; max: number }> = {
  first: { min: 1, max: MAX_PAGE_SIZE },
  last: { min: 1, max: MAX_PAGE_SIZE },
  limit: { min: 1, max: MAX_TIMELINE_LIMIT },
};

function refusal(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument, http: { status: 400 } } });
}

/** A string longer than MAX_ARGUMENT_STRING or a list longer than MAX_ARGUMENT_LIST anywhere in a value, as a refusal. */
function oversizedPart(value: unknown, at: string): GraphQLError | null {
  const stack: { value: unknown; at: string }[] = [{ value, at }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (typeof next.value === 'string' && next.value.length > MAX_ARGUMENT_STRING) {
      return refusal(`${next.at} is ${next.value.length} characters long; at most ${MAX_ARGUMENT_STRING} are taken`, at);
    }
    if (Array.isArray(next.value)) {
      if (next.value.length > MAX_ARGUMENT_LIST) return refusal(`${next.at} holds ${next.value.length} items; at most ${MAX_ARGUMENT_LIST} are taken`, at);
      next.value.forEach((item, i) => stack.push({ value: item, at: `${next.at}[${i}]` }));
    } else if (next.value && typeof next.value === 'object') {
      for (const [key, item] of Object.entries(next.value)) stack.push({ value: item, at: `${next.at}.${key}` });
    }
  }
  return null;
}

/** Longer string limits than MAX_ARGUMENT_STRING do not exist; shorter ones, by `field.argument` (`search.query`). */
export type StringLimits = Record<string, number>;

/** One argument's value checked against its range (sizes) or the general bounds (strings and lists). */
function checkArgument(field: string, name: string, value: unknown, stringLimits: StringLimits): GraphQLError | null {
  const range = RANGES[name];
  if (range && (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max)) {
    return refusal(`"${name}" of ${field} must be an integer from ${range.min} to ${range.max}; got ${JSON.stringify(value).slice(0, 40)}`, name);
  }
  if (name === 'ids' && Array.isArray(value) && value.length > MAX_NODE_IDS) return refusal(`${field} takes at most ${MAX_NODE_IDS} ids; got ${value.length}`, name);
  const own = stringLimits[`${field}.${name}`];
  if (own !== undefined && typeof value === 'string' && value.length > own) {
    return refusal(`The argument "${name}" of ${field} is ${value.length} characters long; at most ${own} are taken`, name);
  }
  return oversizedPart(value, `The argument "${name}" of ${field}`);
}

/**
 * Arguments a resolver would refuse for their size, found before anything runs: sizes out of range
 * (`first: 1000`, `limit: 0`, 101 ids), `first` with `last`, and strings or lists longer than any
 * argument takes (a 90 kB filter value). A bad argument is then a request error (HTTP 400, no data)
 * naming the argument, like every other bad input, and never reaches SQL. Visits each field once.
 */
export function checkArguments(document: DocumentNode, variables: Record<string, unknown>, stringLimits: StringLimits = {}): GraphQLError | null {
  let found: GraphQLError | null = null;
  visit(document, {
    Field(node) {
      if (found) return false;
      let sizes = 0;
      for (const arg of node.arguments ?? []) {
        const value = valueFromASTUntyped(arg.value, variables);
        if (value === null || value === undefined) continue;
        if (arg.name.value === 'first' || arg.name.value === 'last') sizes += 1;
        found = checkArgument(node.name.value, arg.name.value, value, stringLimits);
        if (found) return false;
      }
      if (sizes > 1) found = refusal(`Pass "first" or "last" to ${node.name.value}, not both`, 'last');
      return found ? false : undefined;
    },
  });
  return found;
}
