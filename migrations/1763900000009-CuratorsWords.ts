import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['event', 'performance_figure', 'rumor_denial'];

/**
 * Which of a record's fields that the API serves as the source's words (a rumour's claim and
 * assessment, a denial's statement, a figure's cohort and period) hold the curators' words instead:
 * a JSON list of field names, empty for a record whose every such field is a quote.
 */
export class CuratorsWords1763900000009 implements MigrationInterface {
  name = 'CuratorsWords1763900000009';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN "curatorsWords" text NOT NULL DEFAULT '[]'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN "curatorsWords"`);
  }
}
