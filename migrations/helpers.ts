import { TableColumnOptions, TableForeignKey, TableIndex } from 'typeorm';

/**
 * What migrations share: portable column types (see STYLE.md), so that one file runs on SQLite and on
 * PostgreSQL, and the one question a migration may ask of its database, its dialect.
 */
export { dialectOf } from '../src/core/dialect';

export const key = (name: string, length = 120): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isPrimary: true });
export const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
export const text = (name: string, nullable = true): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
export const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
export const bool = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'boolean', isNullable: nullable });
export const double = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'double precision', isNullable: nullable });
export const money = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'decimal', precision: 20, scale: 2, isNullable: nullable });
export const date = (name: string, nullable = true): TableColumnOptions => str(name, 10, nullable);
export const instant = (name: string): TableColumnOptions => str(name, 32);

export const fk = (column: string, table: string, referenced: string, onDelete: 'CASCADE' | 'RESTRICT' = 'RESTRICT') =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: [referenced], onDelete });
export const index = (table: string, columns: string[], unique = false) =>
  new TableIndex({ name: `IDX_${table}_${columns.join('_')}`, columnNames: columns, isUnique: unique });
