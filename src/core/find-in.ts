import { DataSource, EntityTarget, FindOptionsOrder, In, ObjectLiteral } from 'typeorm';

/** Rows whose `column` is one of `keys`: the one batch query behind a DataLoader. */
export function findIn<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  column: keyof T & string,
  keys: readonly unknown[],
  order?: FindOptionsOrder<T>,
): Promise<T[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return dataSource.getRepository(target).find({ where: { [column]: In([...new Set(keys)]) } as never, order });
}
