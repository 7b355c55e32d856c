import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { str } from './helpers';

/**
 * A document's number as its issuer gives it (文号, e.g. an exchange's decision number), when the
 * curators record one: citations carry it (CSL number, RIS SV, BibLaTeX number). Null for most documents.
 */
export class DocumentNumber1763900000010 implements MigrationInterface {
  name = 'DocumentNumber1763900000010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('announcement', new TableColumn(str('documentNumber', 100, true)));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // DROP COLUMN itself, on both dialects: TypeORM's dropColumn on SQLite copies the table into a new
    // one, which the foreign keys of citations to announcements refuse while they have rows.
    await queryRunner.query('ALTER TABLE announcement DROP COLUMN "documentNumber"');
  }
}
