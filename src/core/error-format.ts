import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { DomainError } from './errors';

/** Maps domain errors to `extensions.code` and masks everything unexpected. */
export function domainErrorCode(error: DomainError): string {
  switch (error.code) {
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
  return !(original === undefined || original instanceof DomainError || original instanceof GraphQLError);
}

function isRequestRefusal(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.originalError !== undefined || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: number } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** The values of an enum of the schema, by its GraphQL name, as registered with type-graphql; null for a name that is no enum. */
function enumValuesOf(name: string): string[] | null {
  const found = getMetadataStorage().enums.find((e) => e.name === name);
  return found ? Object.keys(found.enumObj).filter((key) => Number.isNaN(Number(key))) : null;
}

/**
 * A variable that does not coerce, worded as graphql-js words it, so that a query reads the same answer
 * whichever executor ran it (graphql-jit runs a query from its second use). graphql-jit says only
 * `Variable "$to" got invalid value "2024-13-01"; Expected type Date.` and keeps the scalar's reason as
 * the original error; graphql-js gives the reason (`…; 2024-13-01 is not a calendar day: …`), or for an
 * enum `…; Value "NOPE" does not exist in "Measure" enum.`
 */
function inGraphQLJsWords(message: string, original: unknown): string {
  const jit = /^(Variable "\$\w+" got invalid value (.*?)); Expected type (\w+)\.$/.exec(message);
  if (!jit) return message;
  const [, head, value, name] = jit;
  if (enumValuesOf(name))
    return value.startsWith('"')
      ? `${head}; Value ${value} does not exist in "${name}" enum.`
      : `${head}; Enum "${name}" cannot represent non-string value: ${value}.`;
  if (!(original instanceof Error) || original.message === message) return message;
  return original instanceof GraphQLError ? `${head}; ${original.message}` : `${head}; Expected type "${name}". ${original.message}`;
}

/** A value an enum refused (`Value "NOPE" does not exist in "Measure" enum.`, `Enum "Measure" cannot represent …`), followed by the enum's values. */
function withEnumValues(message: string): string {
  const name = /does not exist in "(\w+)" enum|Enum "(\w+)" cannot represent/.exec(message)?.slice(1).find(Boolean);
  const values = name ? enumValuesOf(name) : null;
  return values ? `${message} The values of ${name} are ${values.join(', ')}.` : message;
}

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

/** class-validator failures (type-graphql's ArgumentValidationError): say which input broke which rule, without echoing the input back. */
function describeValidationErrors(formatted: GraphQLFormattedError, failures: ValidationFailure[]): GraphQLFormattedError {
  const flat: { property: string; constraints: string[] }[] = [];
  const walk = (list: ValidationFailure[], prefix: string) => {
    for (const f of list) {
      const property = prefix ? `${prefix}.${f.property}` : f.property;
      if (f.constraints) flat.push({ property, constraints: Object.values(f.constraints) });
      if (f.children?.length) walk(f.children, property);
    }
  };
  walk(failures, '');
  return {
    message: `Invalid argument: ${flat.map((f) => `${f.property}: ${f.constraints.join('; ')}`).join(', ')}`,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'BAD_USER_INPUT', validationErrors: flat },
  };
}

/** Shapes an error for the client: domain errors keep their code; unknown errors lose their message and stack. */
export function formatError(formatted: GraphQLFormattedError, error: unknown, exposeStackTraces: boolean): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof DomainError) {
    return {
      ...formatted,
      message: original.message,
      extensions: { ...formatted.extensions, ...original.details, code: domainErrorCode(original), stacktrace: undefined },
    };
  }
  // A query over a limit: the code names the limit (Apollo files it under GRAPHQL_VALIDATION_FAILED).
  if (typeof formatted.extensions?.limitCode === 'string') {
    const { limitCode, limit, measured, contributors, largestPassing } = formatted.extensions;
    return {
      message: formatted.message,
      locations: formatted.locations,
      extensions: { code: limitCode, limit, measured, ...(contributors ? { contributors, largestPassing } : {}) },
    };
  }
  // graphql-js words it "more that" in some versions
  const tokens = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/.exec(formatted.message);
  if (tokens)
    return {
      message: `The query has more than ${tokens[1]} tokens; at most ${tokens[1]} are allowed`,
      extensions: { code: 'TOO_MANY_TOKENS', limit: Number(tokens[1]) },
    };
  // graphql-js stops coercing variables after 50 errors with an error of no code: still the client's input.
  if (formatted.message.startsWith('Too many errors processing variables')) return { message: formatted.message, extensions: { code: 'BAD_USER_INPUT' } };
  // A literal of the wrong value (first: 2147483648, from: "2024-02-30") is bad input like a bad variable, not a malformed query.
  if (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && /cannot represent|must be (a|an) |does not exist in ".*" enum/i.test(formatted.message)) {
    formatted = { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
  }
  if (!exposeStackTraces && ['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT'].includes(String(formatted.extensions?.code))) {
    // Field suggestions map the schema for a prober; the playground's docs pane serves people instead.
    formatted = { ...formatted, message: formatted.message.replace(/ Did you mean .*\?$/, '') };
  }
  if (formatted.extensions?.code === 'BAD_USER_INPUT') {
    const reason = error instanceof GraphQLError ? error.originalError : undefined;
    formatted = { ...formatted, message: withEnumValues(inGraphQLJsWords(formatted.message, reason)) };
  }
  const validationErrors = formatted.extensions?.validationErrors;
  if (Array.isArray(validationErrors)) return describeValidationErrors(formatted, validationErrors as ValidationFailure[]);
  const code = formatted.extensions?.code;
  // Apollo's own refusals of a request (a persisted-query hash that does not match its query) carry an
  // HTTP status of 4xx but no code: they are the client's, not an internal failure.
  if (code === 'INTERNAL_SERVER_ERROR' && isRequestRefusal(error)) return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
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
