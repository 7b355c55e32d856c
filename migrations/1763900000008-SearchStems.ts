import { MigrationInterface, QueryRunner } from 'typeorm';
import { dialectOf } from './helpers';
import { FTS_TOKENIZER } from './1763900000001-SearchIndex';

const isSqlite = (queryRunner: QueryRunner) => dialectOf(queryRunner) === 'sqlite';

/**
 * English analysis in the search index: each document's English keys (stems of its Latin words, with
 * British spellings folded), in columns of their own on SQLite's FTS5 (title_stem, body_stem) and as
 * marked lexemes in PostgreSQL's tsvector. Concepts become search documents too. The index's size
 * (documents, tokens, highest id) is kept in search_stats, written with the index, instead of being
 * counted by the first search after each load.
 *
 * The table also gets prefix indexes for prefixes of 3 to 8 characters: the last word of a query
 * matches as a prefix (lingj finds Lingjun), and without them FTS5 merges the list of every token
 * with that prefix and cannot stop at the window (a Latin word took 15 ms at 200,000 passages, 4 with
 * them). Shorter words are not read as prefixes (src/search/query-syntax.ts).
 *
 * FTS5 cannot add a column, so search_fts is made again, empty. Every document is marked stale (an
 * empty hash): the next open of the database rebuilds the index from the knowledge base with the
 * indexer of the day (src/search/search-indexer.ts, rebuildStaleSearchDocuments).
 */
export class SearchStems1763900000008 implements MigrationInterface {
  name = 'SearchStems1763900000008';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE search_stats ("documents" bigint NOT NULL, "tokens" bigint NOT NULL, "maxId" bigint NOT NULL)');
    if (isSqlite(queryRunner)) await this.makeFts(queryRunner, "title_bi, title_uni, title_stem, body_bi, body_uni, body_stem, prefix = '3 4 5 6 7 8'");
    await queryRunner.query(`UPDATE search_document SET "hash" = ''`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE search_stats');
    if (isSqlite(queryRunner)) await this.makeFts(queryRunner, 'title_bi, title_uni, body_bi, body_uni');
    await queryRunner.query(`UPDATE search_document SET "hash" = ''`);
  }

  private async makeFts(queryRunner: QueryRunner, columns: string): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS search_fts');
    await queryRunner.query(`CREATE VIRTUAL TABLE search_fts USING fts5(${columns}, content = '', contentless_delete = 1, tokenize = "${FTS_TOKENIZER}")`);
  }
}
