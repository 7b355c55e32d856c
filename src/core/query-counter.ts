import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';

/**
 * Counts the SQL statements a DataSource sends. Tests read it to prove that nested lists are
 * batched (a bounded number of queries, not one per row).
 */
export class QueryCounter extends AbstractLogger {
  count = 0;

  constructor() {
    super(['query']);
  }

  override logQuery(): void {
    this.count += 1;
  }

  protected writeLog(_level: LogLevel, _message: LogMessage | LogMessage[], _queryRunner?: QueryRunner): void {
    // Counting only; query text is not logged.
  }
}
