import { Brackets, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from './errors';

/** Relay page arguments as the API receives them. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;
/** Hits a search returns when `first` is not given. */
export const DEFAULT_SEARCH_SIZE = 10;
export const MAX_PAGE_SIZE = 100;

/** One column of a keyset ordering; the last key must be unique (the primary key). */
export interface SortKey {
  /** SQL expression, alias-qualified: `event.date`. */
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

function checkSize(value: number | null | undefined, name: 'first' | 'last'): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`"${name}" must be an integer from 1 to ${MAX_PAGE_SIZE}; got ${value}`, name);
  }
  return value;
}

/** Which way a page runs and how many items it holds; rejects sizes out of range and first with last. */
export function pageSize(args: PageArgs): { forward: boolean; size: number } {
  const first = checkSize(args.first, 'first');
  const last = checkSize(args.last, 'last');
  if (first !== undefined && last !== undefined) throw new BadUserInputError('Pass "first" or "last", not both', 'last');
  return last === undefined ? { forward: true, size: first ?? DEFAULT_PAGE_SIZE } : { forward: false, size: last };
}

function tupleOf(row: object, keys: SortKey[]): unknown[] {
  return keys.map((k) => (row as Record<string, unknown>)[k.property] ?? null);
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

function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, keys: SortKey[], name: 'after' | 'before'): unknown[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === keys.length && values.every((v) => ['string', 'number'].includes(typeof v) || v === null)) {
      return values;
    }
  } catch {
    // fall through to the error below
  }
  throw new BadUserInputError(`"${name}" is not a cursor from this list`, name);
}

/** WHERE clause selecting rows strictly beyond `values` in the given ordering (expanded for portability). */
function beyond<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, keys: SortKey[], values: unknown[], forward: boolean, tag: string) {
  qb.andWhere(
    new Brackets((outer) => {
      keys.forEach((_, i) => {
        outer.orWhere(
          new Brackets((inner) => {
            for (let j = 0; j < i; j += 1) inner.andWhere(`${keys[j].expression} = :${tag}${j}`);
            const ascending = (keys[i].direction === 'ASC') === forward;
            inner.andWhere(`${keys[i].expression} ${ascending ? '>' : '<'} :${tag}${i}`);
          }),
        );
      });
    }),
  );
  qb.setParameters(Object.fromEntries(values.map((v, i) => [`${tag}${i}`, v])));
}

/**
 * Pages a filtered query as a Relay connection with keyset cursors: stable under inserts, no OFFSET scans.
 * Issues two queries: the count and the page.
 */
export async function paginate<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  args: PageArgs,
  keys: SortKey[],
): Promise<Connection<T>> {
  const { forward, size } = pageSize(args);
  const totalCount = await query.clone().getCount();
  const page = query.clone();
  if (args.after) beyond(page, keys, decodeCursor(args.after, keys, 'after'), true, 'afterKey');
  if (args.before) beyond(page, keys, decodeCursor(args.before, keys, 'before'), false, 'beforeKey');
  keys.forEach((key, i) => {
    const direction = forward ? key.direction : key.direction === 'ASC' ? 'DESC' : 'ASC';
    if (i === 0) page.orderBy(key.expression, direction);
    else page.addOrderBy(key.expression, direction);
  });
  const rows = await page.take(size + 1).getMany();
  const nodes = rows.slice(0, size);
  if (!forward) nodes.reverse();
  return toConnection(nodes, rows.length > size, totalCount, args, keys);
}
