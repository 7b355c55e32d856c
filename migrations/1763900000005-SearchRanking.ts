import { MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf } from './helpers';

function isPostgres(queryRunner: QueryRunner): boolean {
  return dialectOf(queryRunner) === 'postgres';
}

/**
 * What ranking needs besides FTS5: each search document's length in index tokens and the names indexed
 * with its title, so that BM25 can be computed outside SQLite exactly as FTS5 computes it; and on
 * PostgreSQL the index itself, a tsvector column of the same tokens under a GIN index.
 *
 * Existing documents are marked stale (an empty hash): the next open of the database rebuilds them from
 * the knowledge base (src/search/search-indexer.ts, rebuildStaleSearchDocuments), with the indexer
 * current then, rather than this migration carrying an indexer of its own.
 */
export class SearchRanking1763900000005 implements MigrationInterface {
  name = 'SearchRanking1763900000005';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE search_document ADD COLUMN "titleExtra" text NOT NULL DEFAULT ''`);
    await queryRunner.query('ALTER TABLE search_document ADD COLUMN "tokens" integer NOT NULL DEFAULT 0');
    if (isPostgres(queryRunner)) {
      await queryRunner.query('ALTER TABLE search_document ADD COLUMN "tsv" tsvector');
      await queryRunner.query('CREATE INDEX "IDX_search_document_tsv" ON search_document USING GIN ("tsv")');
    }
    await queryRunner.query(`UPDATE search_document SET "hash" = ''`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (isPostgres(queryRunner)) {
      await queryRunner.query('DROP INDEX "IDX_search_document_tsv"');
      await queryRunner.query('ALTER TABLE search_document DROP COLUMN "tsv"');
    }
    await queryRunner.query('ALTER TABLE search_document DROP COLUMN "tokens"');
    await queryRunner.query('ALTER TABLE search_document DROP COLUMN "titleExtra"');
  }
}
