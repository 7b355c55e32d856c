import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { PageArgs } from './connection';
import { BadUserInputError } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
/** Hits a search returns when `first` is not given. */
export const DEFAULT_SEARCH_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

/** One column of a keyset ordering; the last key must be unique (the primary key). */
export interface SortKey {
  /** SQL expression in the query being paged: alias-qualified in a query builder (`event.date`), a column in plain SQL (`"date"`). */
  expression: string;
  /** Property of the loaded row holding the same value. */
  property: string;
  direction: 'ASC' | 'DESC';
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  totalCount: number;
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * The one cursor codec: a JSON value in base64url. A keyset cursor holds its item's sort-key values;
 * any other list's cursor holds what that list needs to continue (a search: its offset).
 */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** What a cursor written by encodeCursor holds; undefined for a string that is not one. */
export function decodeCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The sort-key values of a keyset cursor; a cursor of another list or ordering is refused, naming the argument. */
function keysetValues(cursor: string, keys: SortKey[], name: 'after' | 'before'): unknown[] {
  const values = decodeCursor(cursor);
  if (Array.isArray(values) && values.length === keys.length && values.every((v) => ['string', 'number'].includes(typeof v) || v === null)) {
    return values;
  }
  throw new BadUserInputError(`"${name}" is not a cursor from this list`, name);
}

function tupleOf(row: object, keys: SortKey[]): unknown[] {
  return keys.map((k) => (row as Record<string, unknown>)[k.property] ?? null);
}

/**
 * One page of a keyset ordering as pieces any SQL statement takes, so that a query builder (paginate)
 * and a hand-written statement (a page per manager) page alike and read each other's cursors.
 */
export interface KeysetPage {
  /** False for a `last` page, which is read backwards from `before` and then put back in list order. */
  forward: boolean;
  size: number;
  /** Rows to read: one more than the page holds, to learn whether more lie beyond it. */
  limit: number;
  /** The reading order: the list's order, or its reverse for a `last` page. */
  order: { expression: string; direction: 'ASC' | 'DESC' }[];
  /**
   * The rows strictly between the cursors as an SQL condition, null without cursors; `param` takes each
   * value and returns its placeholder (`:name` for a query builder, `?` for plain SQL), in text order.
   */
  condition(param: (value: unknown) => string): string | null;
  /** The page out of the rows read (at most `limit`, in reading order): in list order, and whether more lie beyond it. */
  pageOf<T>(rows: readonly T[]): { nodes: T[]; hasMore: boolean };
}

/** Rows beyond `values` in the ordering, read forwards (`after`) or backwards (`before`), expanded for portability. */
function beyond(keys: SortKey[], values: unknown[], forward: boolean, param: (value: unknown) => string): string {
  const branches = keys.map((key, i) => {
    const equal = keys.slice(0, i).map((k, j) => `${k.expression} = ${param(values[j])}`);
    const ascending = (key.direction === 'ASC') === forward;
    return `(${[...equal, `${key.expression} ${ascending ? '>' : '<'} ${param(values[i])}`].join(' AND ')})`;
  });
  return `(${branches.join(' OR ')})`;
}

/**
 * Which way a page runs, how many items it holds and where its cursors put it. Sizes come checked by
 * PageArgs' decorators; `first` with `last` is refused here, since no page runs both ways.
 */
export function keysetPage(args: PageArgs, keys: SortKey[]): KeysetPage {
  const hasFirst = args.first !== null && args.first !== undefined;
  const hasLast = args.last !== null && args.last !== undefined;
  if (hasFirst && hasLast) throw new BadUserInputError('Pass "first" or "last", not both', 'last');
  const forward = !hasLast;
  const size = (hasLast ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
  const after = args.after ? keysetValues(args.after, keys, 'after') : null;
  const before = args.before ? keysetValues(args.before, keys, 'before') : null;
  const flip = (direction: 'ASC' | 'DESC') => (direction === 'ASC' ? 'DESC' : 'ASC');
  return {
    forward,
    size,
    limit: size + 1,
    order: keys.map((key) => ({ expression: key.expression, direction: forward ? key.direction : flip(key.direction) })),
    condition(param) {
      const parts = [after && beyond(keys, after, true, param), before && beyond(keys, before, false, param)].filter((p): p is string => Boolean(p));
      return parts.length > 0 ? parts.join(' AND ') : null;
    },
    pageOf(rows) {
      const nodes = rows.slice(0, size);
      if (!forward) nodes.reverse();
      return { nodes, hasMore: rows.length > size };
    },
  };
}

/** A page of `nodes` (already in list order) as a connection; `hasMore` says items lie beyond it in its direction. */
export function toConnection<T extends object>(nodes: T[], hasMore: boolean, totalCount: number, args: PageArgs, keys: SortKey[]): Connection<T> {
  const forward = args.last === undefined || args.last === null;
  const edges = nodes.map((node) => ({ node, cursor: encodeCursor(tupleOf(node, keys)) }));
  return {
    totalCount,
    edges,
    nodes,
    pageInfo: {
      hasNextPage: forward ? hasMore : Boolean(args.before),
      hasPreviousPage: forward ? Boolean(args.after) : hasMore,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

/**
 * Pages a filtered query as a Relay connection with keyset cursors: stable under inserts, no OFFSET scans.
 * Issues two queries: the count and the page.
 */
export async function paginate<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, args: PageArgs, keys: SortKey[]): Promise<Connection<T>> {
  const keyset = keysetPage(args, keys);
  const totalCount = await query.clone().getCount();
  const page = query.clone();
  const params: Record<string, unknown> = {};
  const condition = keyset.condition((value) => {
    const name = `keyset${Object.keys(params).length}`;
    params[name] = value;
    return `:${name}`;
  });
  if (condition) page.andWhere(condition, params);
  keyset.order.forEach(({ expression, direction }, i) => (i === 0 ? page.orderBy(expression, direction) : page.addOrderBy(expression, direction)));
  const { nodes, hasMore } = keyset.pageOf(await page.take(keyset.limit).getMany());
  return toConnection(nodes, hasMore, totalCount, args, keys);
}
