import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { sqliteHandle } from './dialect';

interface Statement {
  all(params: unknown[]): unknown[];
  raw(toggle: boolean): Statement;
}

/**
 * Lean reads for the request path: SQL written with `?` placeholders, run as prepared statements that
 * are kept and reused on SQLite (TypeORM prepares every statement anew), through `query` elsewhere with
 * the driver's placeholders. Every statement is reported to the DataSource's logger, as TypeORM's are.
 */
export class Sql {
  private readonly statements = new Map<string, Statement>();
  /** The same, returning each row as an array of its columns' values. */
  private readonly rawStatements = new Map<string, Statement>();
  private readonly prepare: ((sql: string) => Statement) | null;

  constructor(private readonly dataSource: DataSource) {
    const connection = sqliteHandle(dataSource);
    this.prepare = connection ? (sql) => connection.prepare(sql) : null;
  }

  /** The statement with the driver's placeholders in place of `?`. */
  private portable(sql: string): string {
    let index = 0;
    return sql.replace(/\?/g, () => this.dataSource.driver.createParameter('p', index++));
  }

  /**
   * Statements that must share one transaction (on PostgreSQL, one connection: settings made with SET
   * LOCAL hold for them), written with `?` placeholders as for all(); through TypeORM, which reports them.
   */
  transaction<T>(work: (all: <R>(sql: string, params?: unknown[]) => Promise<R[]>) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((em) => work((sql, params = []) => em.query(this.portable(sql), params)));
  }

  /** Every row of a query; placeholders are `?`, one per value. */
  async all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    // Through TypeORM, which reports the statement to the logger itself.
    if (!this.prepare) return this.dataSource.query(this.portable(sql), params);
    this.dataSource.logger.logQuery(sql, params);
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.prepare(sql);
      if (this.statements.size >= 2000) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement.all(params) as T[];
  }

  /**
   * Every row of a query as an array of its columns' values, in the order the query selects them:
   * for reads of many rows of a few columns, where building an object per row is most of the cost.
   */
  async arrays(sql: string, params: unknown[] = []): Promise<unknown[][]> {
    if (!this.prepare) return (await this.dataSource.query(this.portable(sql), params)).map((row: object) => Object.values(row));
    this.dataSource.logger.logQuery(sql, params);
    let statement = this.rawStatements.get(sql);
    if (!statement) {
      statement = this.prepare(sql).raw(true);
      if (this.rawStatements.size >= 2000) this.rawStatements.clear();
      this.rawStatements.set(sql, statement);
    }
    return statement.all(params) as unknown[][];
  }

  /**
   * Rows of an entity as entity instances, each column's value converted as TypeORM reads it; `omit`
   * leaves large columns unread (their field resolvers load them when a query asks).
   */
  async entities<T extends ObjectLiteral>(target: EntityTarget<T>, where: string, params: unknown[], orderBy = '', omit: readonly string[] = []): Promise<T[]> {
    const metadata = this.dataSource.getMetadata(target);
    const driver = this.dataSource.driver;
    const columns = metadata.columns.filter((c) => !c.isVirtual && !omit.includes(c.propertyName));
    const select = columns.map((c) => `${driver.escape(c.databaseName)} AS ${driver.escape(c.propertyName)}`).join(', ');
    const rows = await this.all<Record<string, unknown>>(
      `SELECT ${select} FROM ${driver.escape(metadata.tableName)} WHERE ${where}${orderBy ? ` ORDER BY ${orderBy}` : ''}`,
      params,
    );
    const prototype = (metadata.target as { prototype: object }).prototype;
    return rows.map((row) => {
      const entity = Object.create(prototype) as Record<string, unknown>;
      for (const column of columns) entity[column.propertyName] = driver.prepareHydratedValue(row[column.propertyName], column);
      return entity as T;
    });
  }
}

const runners = new WeakMap<DataSource, Sql>();

/** The one Sql of a DataSource (its prepared statements are shared by every request). */
export function sqlOf(dataSource: DataSource): Sql {
  let sql = runners.get(dataSource);
  if (!sql) runners.set(dataSource, (sql = new Sql(dataSource)));
  return sql;
}
