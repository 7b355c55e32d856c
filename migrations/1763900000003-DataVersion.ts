import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * One row counting the loads that changed data. Every load that writes bumps it in its own transaction;
 * the response cache keys its answers by it, so an answer never outlives the data it was built from.
 */
export class DataVersion1763900000003 implements MigrationInterface {
  name = 'DataVersion1763900000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'data_version',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true },
          { name: 'version', type: 'integer' },
          { name: 'changedAt', type: 'varchar', length: '32', isNullable: true },
        ],
      }),
      false,
    );
    await queryRunner.query('INSERT INTO data_version ("id", "version", "changedAt") VALUES (1, 1, NULL)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('data_version');
  }
}
