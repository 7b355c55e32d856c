import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One searchable document: an announcement passage, an event, a manager or a product. */
@Entity('search_document')
export class SearchDocument {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  /** Stable: "<kind>:<node key>[:<passage>]". */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'varchar', length: 20 })
  kind: string;

  /** GraphQL type of the node the hit resolves to. */
  @Column({ type: 'varchar', length: 40 })
  nodeType: string;

  @Column({ type: 'varchar', length: 140 })
  nodeKey: string;

  @Column({ type: 'integer', nullable: true })
  passageIndex: number | null;

  @Column({ type: 'text' })
  title: string;

  /** Indexed with the title but not shown: English names, aliases, pinyin. */
  @Column({ type: 'text', default: '' })
  titleExtra: string;

  /** The original text, as shown in snippets. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  date: string | null;

  @Column({ type: 'integer', nullable: true })
  year: number | null;

  /** Authority codes the document concerns, space-separated with a space at each end (" SSE SZSE "), for LIKE filters. */
  @Column({ type: 'varchar', length: 400 })
  authorities: string;

  /** Manager slugs the document concerns, in the same form. */
  @Column({ type: 'text' })
  managers: string;

  /** Of everything indexed for the document: a re-index rewrites only documents whose hash changed. */
  @Column({ type: 'varchar', length: 64 })
  hash: string;

  /** How many index tokens the document has (title and body, words, bigrams and characters): its length for BM25. */
  @Column({ type: 'integer', default: 0 })
  tokens: number;
}

/** A name or alias of an entity, in exact form: a query equal to it ranks the entity first. */
@Entity('search_alias')
export class SearchAlias {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  alias: string;

  @PrimaryColumn({ type: 'integer' })
  @Index()
  documentId: number;
}
