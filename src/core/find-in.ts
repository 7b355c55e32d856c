import { DataSource, EntityTarget, FindOptionsOrder, ObjectLiteral } from 'typeorm';
import { sqlOf } from './sql';

/** SQLite allows 32,766 bound values a statement; larger key lists are read in parts. */
const MAX_KEYS = 10_000;

/** Rows whose `column` is one of `keys`: the one batch query behind a DataLoader, a prepared statement; `omit` columns are left unread. */
export async function findIn<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  column: keyof T & string,
  keys: readonly unknown[],
  order?: FindOptionsOrder<T>,
  omit: readonly (keyof T & string)[] = [],
): Promise<T[]> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return [];
  const metadata = dataSource.getMetadata(target);
  const escape = (property: string) => dataSource.driver.escape(metadata.findColumnWithPropertyName(property)!.databaseName);
  const orderBy = Object.entries(order ?? {})
    // Empty values where SQLite puts them on both databases (PostgreSQL's default is the other end).
    .map(([property, direction]) => `${escape(property)} ${direction === 'DESC' ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`)
    .join(', ');
  const rows: T[] = [];
  for (let i = 0; i < unique.length; i += MAX_KEYS) {
    const part = unique.slice(i, i + MAX_KEYS);
    rows.push(...(await sqlOf(dataSource).entities(target, `${escape(column)} IN (${part.map(() => '?').join(', ')})`, part, orderBy, omit)));
  }
  return rows;
}
