import { GraphQLError, GraphQLFormattedError } from 'graphql';

/**
 * Domain errors. Services throw these; `toGraphQLError` is the one place that maps them to
 * `extensions.code`. Anything else reaching the client is masked as INTERNAL_SERVER_ERROR.
 */
export type DomainErrorCode = 'NOT_FOUND' | 'BAD_USER_INPUT' | 'OUT_OF_RANGE';

export class DomainError extends Error {
  constructor(readonly code: DomainErrorCode, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, key: string) {
    super('NOT_FOUND', `${what} "${key}" does not exist`, { what, key });
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

function codeOf(error: DomainError): string {
  switch (error.code) {
    case 'NOT_FOUND':
      return 'NOT_FOUND';
    case 'BAD_USER_INPUT':
      return 'BAD_USER_INPUT';
    case 'OUT_OF_RANGE':
      return 'OUT_OF_CALENDAR_RANGE';
    default: {
      const exhaustive: never = error.code;
      return exhaustive;
    }
  }
}

/** True for an error the client did not cause and no domain rule explains: masked for the client, logged in full. */
export function isUnexpected(error: GraphQLError): boolean {
  const original = error.originalError;
  if (original === undefined || original instanceof DomainError || original instanceof GraphQLError) return false;
  return original.name !== 'ArgumentValidationError';
}

/** Shapes an error for the client: domain errors keep their code; unknown errors lose their message and stack. */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  exposeStackTraces: boolean,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError ?? error : error;
  if (original instanceof DomainError) {
    return {
      ...formatted,
      message: original.message,
      extensions: { ...formatted.extensions, ...original.details, code: codeOf(original), stacktrace: undefined },
    };
  }
  const code = formatted.extensions?.code;
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
    // An argument validation failure from type-graphql is the caller's fault, not ours.
    if (original instanceof Error && original.name === 'ArgumentValidationError') {
      return {
        ...formatted,
        extensions: { code: 'BAD_USER_INPUT', validationErrors: (original as unknown as { extensions?: Record<string, unknown> }).extensions?.validationErrors },
      };
    }
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: {
        code: 'INTERNAL_SERVER_ERROR',
        ...(exposeStackTraces ? { stacktrace: formatted.extensions?.stacktrace, originalMessage: formatted.message } : {}),
      },
    };
  }
  if (!exposeStackTraces && formatted.extensions && 'stacktrace' in formatted.extensions) {
    const { stacktrace: _dropped, ...rest } = formatted.extensions;
    return { ...formatted, extensions: rest };
  }
  return formatted;
}
