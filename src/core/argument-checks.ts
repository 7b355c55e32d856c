import { getMetadataStorage as validationMetadata } from 'class-validator';
import { DocumentNode, GraphQLError, GraphQLInt, valueFromASTUntyped, visit } from 'graphql';
import { getMetadataStorage as schemaMetadata } from 'type-graphql';
import { characterCount } from './characters';

/** The most entries `timeline(limit:)` returns. */
export const MAX_TIMELINE_LIMIT = 1000;
/** The most ids `nodes(ids:)` looks up. */
export const MAX_NODE_IDS = 100;
/** The longest string any argument takes: slugs, codes, dates, cursors and ids are far shorter, a search query at most 200. */
export const MAX_ARGUMENT_STRING = 1000;
/** The most items of any list in an argument (authorities, types, slugs, ids). */
export const MAX_ARGUMENT_LIST = 100;

/**
 * How a size out of its range is refused, as a class-validator message for the @Min and @Max that declare
 * the range (`$property` and `$value` are its tokens): `"first" must be an integer from 1 to 100; got 0`.
 */
export function rangeMessage(min: number, max: number): string {
  return `"$property" must be an integer from ${min} to ${max}; got $value`;
}

interface Range {
  min: number;
  max: number;
}

/**
 * The range of every Int argument an @ArgsType declares with @Min and @Max (PageArgs' first and last,
 * timeline's limit, addTradingDays' days), by its name in the schema: the decorators are the one place a
 * range is written. A name with different ranges in several ArgsTypes gets the widest of them here, so that
 * this check refuses nothing a resolver takes; the resolver's own decorators hold the narrower one.
 */
function declaredRanges(): Map<string, Range> {
  const ranges = new Map<string, Range>();
  const { argumentTypes, fields } = schemaMetadata();
  for (const { target } of argumentTypes) {
    const bounds = new Map<string, Partial<Range>>();
    for (const rule of validationMetadata().getTargetValidationMetadatas(target, '', true, false)) {
      if (rule.name === 'min' || rule.name === 'max')
        bounds.set(rule.propertyName, { ...bounds.get(rule.propertyName), [rule.name]: rule.constraints[0] as number });
    }
    for (const field of fields) {
      const { min, max } = bounds.get(field.name) ?? {};
      if (field.target !== target || min === undefined || max === undefined || field.getType() !== GraphQLInt) continue;
      const known = ranges.get(field.schemaName);
      ranges.set(field.schemaName, known ? { min: Math.min(known.min, min), max: Math.max(known.max, max) } : { min, max });
    }
  }
  return ranges;
}

let declared: { argumentTypes: number; ranges: Map<string, Range> } | undefined;

/** declaredRanges, read again whenever an ArgsType has been declared since: a check made before every resolver module is loaded keeps no partial table. */
function sizeRanges(): Map<string, Range> {
  const count = schemaMetadata().argumentTypes.length;
  if (declared?.argumentTypes !== count) declared = { argumentTypes: count, ranges: declaredRanges() };
  return declared.ranges;
}

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

/** One argument's value checked against its declared range (sizes) or the general bounds (strings and lists). */
function checkArgument(field: string, name: string, value: unknown, stringLimits: StringLimits): GraphQLError | null {
  const range = sizeRanges().get(name);
  if (range && (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max)) {
    return refusal(`"${name}" of ${field} must be an integer from ${range.min} to ${range.max}; got ${JSON.stringify(value).slice(0, 40)}`, name);
  }
  if (name === 'ids' && Array.isArray(value) && value.length > MAX_NODE_IDS)
    return refusal(`${field} takes at most ${MAX_NODE_IDS} ids; got ${value.length}`, name);
  const own = stringLimits[`${field}.${name}`];
  // Characters, not UTF-16 units: an emoji is one character, as the search's own parser counts it.
  const characters = own !== undefined && typeof value === 'string' && value.length > own ? characterCount(value) : 0;
  if (own !== undefined && characters > own) {
    return refusal(`The argument "${name}" of ${field} is ${characters} characters long; at most ${own} are taken`, name);
  }
  return oversizedPart(value, `The argument "${name}" of ${field}`);
}

/**
 * Arguments a resolver would refuse for their size, found before anything runs: sizes out of the range
 * their ArgsType's @Min and @Max declare (`first: 1000`, `limit: 0`, `days: 0`), 101 ids, `first` with
 * `last`, and strings or lists longer than any argument takes (a 90 kB filter value). A bad argument is
 * then a request error (HTTP 400, no data) naming the argument, like every other bad input, and never
 * reaches SQL. Visits each field once.
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
