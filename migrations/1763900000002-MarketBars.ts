import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';

/** Intraday bars (minute or second) of an instrument, imported from market-data exports. */
export class MarketBars1763900000002 implements MigrationInterface {
  name = 'MarketBars1763900000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'market_bar',
        columns: [
          { name: 'instrumentCode', type: 'varchar', length: '20', isPrimary: true },
          { name: 'time', type: 'varchar', length: '32', isPrimary: true },
          { name: 'intervalSeconds', type: 'integer' },
          { name: 'open', type: 'double precision' },
          { name: 'high', type: 'double precision' },
          { name: 'low', type: 'double precision' },
          { name: 'close', type: 'double precision' },
          { name: 'volume', type: 'decimal', precision: 24, scale: 2 },
          { name: 'turnoverCny', type: 'decimal', precision: 20, scale: 2 },
        ],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['instrumentCode'], referencedTableName: 'instrument', referencedColumnNames: ['code'], onDelete: 'CASCADE' }),
        ],
      }),
      false,
      true,
      true,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('market_bar');
  }
}
