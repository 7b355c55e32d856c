/**
 * Domain errors. Services throw these; error-format.ts is the one place that maps them to
 * `extensions.code`. Anything else reaching the client is masked as INTERNAL_SERVER_ERROR.
 */
export type DomainErrorCode = 'BAD_USER_INPUT' | 'OUT_OF_RANGE';

export class DomainError extends Error {
  /** Read by graphql-js into the GraphQL error: the client's mistake is answered with HTTP 400. */
  readonly extensions = { http: { status: 400 } };

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class BadUserInputError extends DomainError {
  constructor(
    message: string,
    readonly argument?: string,
  ) {
    super('BAD_USER_INPUT', message, argument ? { argument } : {});
  }
}

/** How many unknown values a message names, and how long each may be: the message names them, it does not echo a list back. */
const NAMED_VALUES = 5;
const NAMED_LENGTH = 60;

/**
 * A filter value that names nothing in the knowledge base (an authority, a manager, an instrument):
 * the message names the values, says what they are not, and lists what there is, e.g.
 * `Unknown value in "authorities": "NOPE" is not the code or a name of an authority; the authorities are …`.
 */
/**
 * What there is, for an UnknownValuesError's message: `the slugs are a, b`, or, when only some are
 * listed, `the first 20 of 5000 slugs are …` and `rest` (where to find the others).
 */
export function listedKnown(listed: readonly string[], total: number, noun: string, none: string, rest = ''): string {
  if (total === 0) return none;
  return total > listed.length ? `the first ${listed.length} of ${total} ${noun} are ${listed.join(', ')}${rest}` : `the ${noun} are ${listed.join(', ')}`;
}

export class UnknownValuesError extends BadUserInputError {
  constructor(argument: string, unknown: readonly string[], isNot: string, known: string) {
    const named = unknown.slice(0, NAMED_VALUES).map((v) => JSON.stringify(v.length > NAMED_LENGTH ? `${v.slice(0, NAMED_LENGTH)}…` : v));
    const more = unknown.length > NAMED_VALUES ? ` and ${unknown.length - NAMED_VALUES} more` : '';
    const plural = unknown.length > 1;
    super(`Unknown value${plural ? 's' : ''} in "${argument}": ${named.join(', ')}${more} ${plural ? 'are' : 'is'} not ${isNot}; ${known}`, argument);
  }
}

/** A date outside the curated trading calendar: arithmetic there would be a guess. */
export class OutOfCalendarRangeError extends DomainError {
  constructor(message: string) {
    super('OUT_OF_RANGE', message);
  }
}
