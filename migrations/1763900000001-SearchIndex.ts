import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { dialectOf } from './helpers';

/** Tokenizer of the FTS5 index: the analyzer pre-tokenizes, so FTS5 only splits on spaces and keeps "11.95" whole. */
export const FTS_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '.'";

function isSqlite(queryRunner: QueryRunner): boolean {
  return dialectOf(queryRunner) === 'sqlite';
}

/**
 * The search index: one row per searchable document (an announcement passage, an event, a manager,
 * a product) with its facet values, and the exact-match aliases. On SQLite, a contentless FTS5 table
 * indexes the analyzed text (the text itself is kept once, in search_document); that part is raw SQL
 * behind a driver check, as FTS5 exists only there.
 */
export class SearchIndex1763900000001 implements MigrationInterface {
  name = 'SearchIndex1763900000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'search_document',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'key', type: 'varchar', length: '200' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'nodeType', type: 'varchar', length: '40' },
          { name: 'nodeKey', type: 'varchar', length: '140' },
          { name: 'passageIndex', type: 'integer', isNullable: true },
          { name: 'title', type: 'text' },
          { name: 'body', type: 'text' },
          { name: 'date', type: 'varchar', length: '10', isNullable: true },
          { name: 'year', type: 'integer', isNullable: true },
          { name: 'authorities', type: 'varchar', length: '400' },
          { name: 'managers', type: 'text' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        indices: [
          new TableIndex({ name: 'IDX_search_document_key', columnNames: ['key'], isUnique: true }),
          new TableIndex({ name: 'IDX_search_document_kind', columnNames: ['kind'] }),
        ],
      }),
      false,
      true,
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'search_alias',
        columns: [
          { name: 'alias', type: 'varchar', length: '200', isPrimary: true },
          { name: 'documentId', type: 'integer', isPrimary: true },
        ],
        indices: [new TableIndex({ name: 'IDX_search_alias_document', columnNames: ['documentId'] })],
        foreignKeys: [
          new TableForeignKey({ columnNames: ['documentId'], referencedTableName: 'search_document', referencedColumnNames: ['id'], onDelete: 'CASCADE' }),
        ],
      }),
      false,
      true,
      true,
    );
    if (isSqlite(queryRunner)) {
      await queryRunner.query(
        `CREATE VIRTUAL TABLE search_fts USING fts5(title_bi, title_uni, body_bi, body_uni, content = '', contentless_delete = 1, tokenize = "${FTS_TOKENIZER}")`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (isSqlite(queryRunner)) await queryRunner.query('DROP TABLE IF EXISTS search_fts');
    await queryRunner.dropTable('search_alias');
    await queryRunner.dropTable('search_document');
  }
}
