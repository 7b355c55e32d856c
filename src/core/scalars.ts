import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD (rejects 2024-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export function isPartialDate(value: string): boolean {
  const m = PARTIAL_DATE.exec(value);
  if (!m) return false;
  if (m[3]) return isCalendarDate(value);
  if (m[2]) return Number(m[2]) >= 1 && Number(m[2]) <= 12;
  return true;
}

/** True for ISO 8601 with an explicit offset; exchange times are written +08:00. */
export function isDateTimeWithOffset(value: string): boolean {
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) && isCalendarDate(value.slice(0, 10));
}

/**
 * Why a value written in the right shape is still no day: `2024-02-30` is told that February 2024 has
 * 29 days rather than that it must be written YYYY-MM-DD. Null when the shape itself is wrong or the day exists.
 */
function notACalendarDay(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m || !(DATE.test(value) || DATE_TIME.test(value))) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `${m[0]} is not a calendar day: there is no month ${m[2]}`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days)
    return `${m[0]} is not a calendar day: ${new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' })} ${year} has ${days} days`;
  return null;
}

function stringScalar(name: string, description: string, valid: (v: string) => boolean, expected: string) {
  const check = (value: unknown): string => {
    if (typeof value !== 'string' || !valid(value)) {
      const reason = typeof value === 'string' ? notACalendarDay(value) : null;
      const message = reason ? `${name} must be a real day; ${reason}` : `${name} must be ${expected}; got ${JSON.stringify(value)}`;
      throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: check,
    parseValue: check,
    parseLiteral(ast) {
      if (ast.kind !== Kind.STRING) {
        throw new GraphQLError(`${name} must be a string, ${expected}`, { nodes: ast, extensions: { code: 'BAD_USER_INPUT' } });
      }
      return check(ast.value);
    },
  });
}

export const DateScalar = stringScalar(
  'Date',
  'A calendar day, YYYY-MM-DD, as dated in China (Asia/Shanghai).',
  isCalendarDate,
  'a calendar day written YYYY-MM-DD',
);

export const PartialDateScalar = stringScalar(
  'PartialDate',
  'A date known only to the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD.',
  isPartialDate,
  'YYYY, YYYY-MM or YYYY-MM-DD',
);

export const DateTimeScalar = stringScalar(
  'DateTime',
  'An instant in ISO 8601 with its UTC offset; exchange times are given in +08:00 (Asia/Shanghai), e.g. 2024-02-19T09:30:00+08:00.',
  isDateTimeWithOffset,
  'an ISO 8601 date-time with an offset, e.g. 2024-02-19T09:30:00+08:00',
);
