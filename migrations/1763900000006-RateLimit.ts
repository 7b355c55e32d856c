import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * The rate limit's counters on PostgreSQL, shared by every replica (src/http/rate-limiter.ts): one row
 * per client, the points spent in its current minute and when that minute ends (epoch milliseconds).
 * The columns and their order are rate-limiter-flexible's RateLimiterPostgres table, whose upsert
 * inserts `VALUES (key, points, expire)` by position; made here so that replicas starting together
 * never race on CREATE TABLE. SQLite keeps the counters in memory and leaves this table empty.
 */
export class RateLimit1763900000006 implements MigrationInterface {
  name = 'RateLimit1763900000006';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rate_limit',
        columns: [
          { name: 'key', type: 'varchar', length: '255', isPrimary: true },
          { name: 'points', type: 'integer', default: 0 },
          { name: 'expire', type: 'bigint', isNullable: true },
        ],
      }),
      false,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rate_limit');
  }
}
