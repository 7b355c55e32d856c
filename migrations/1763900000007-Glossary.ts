import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { int, key, text } from './helpers';

/**
 * The bilingual glossary (seed/filings/glossary.yaml): one row per entry, its English and Chinese terms
 * and the kinds of event it names as JSON lists, and its place in the filing. Its sources are citations
 * of subject type GlossaryTerm.
 */
export class Glossary1763900000007 implements MigrationInterface {
  name = 'Glossary1763900000007';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'glossary_term',
        columns: [key('key', 100), text('english', false), text('chinese', false), text('eventTypes', false), int('position')],
      }),
      false,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('glossary_term');
  }
}
