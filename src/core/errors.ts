/**
 * Domain errors. Services throw these; error-format.ts is the one place that maps them to
 * `extensions.code`. Anything else reaching the client is masked as INTERNAL_SERVER_ERROR.
 */
export type DomainErrorCode = 'BAD_USER_INPUT' | 'OUT_OF_RANGE';

export class DomainError extends Error {
  /** Read by graphql-js into the GraphQL error: the client's mistake is answered with HTTP 400. */
  readonly extensions = { http: { status: 400 } };

  constructor(readonly code: DomainErrorCode, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
  }
}

export class BadUserInputError extends DomainError {
  constructor(message: string, readonly argument?: string) {
    super('BAD_USER_INPUT', message, argument ? { argument } : {});
  }
}

/** A date outside the curated trading calendar: arithmetic there would be a guess. */
export class OutOfCalendarRangeError extends DomainError {
  constructor(message: string) {
    super('OUT_OF_RANGE', message);
  }
}
