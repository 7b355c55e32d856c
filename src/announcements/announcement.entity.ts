import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../core/global-id';
import { Node } from '../core/node';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateScalar } from '../core/scalars';

export enum AnnouncementKind {
  ARTICLE = 'ARTICLE',
  AUTHORITY_STATEMENT = 'AUTHORITY_STATEMENT',
  MANAGER_DISCLOSURE = 'MANAGER_DISCLOSURE',
  CURATOR_NOTE = 'CURATOR_NOTE',
}
registerEnumType(AnnouncementKind, {
  name: 'AnnouncementKind',
  description: 'What kind of source document an announcement is.',
  valuesConfig: {
    ARTICLE: { description: 'A news article or feature.' },
    AUTHORITY_STATEMENT: { description: 'What an exchange or regulator said; here usually only the passages an article quotes.' },
    MANAGER_DISCLOSURE: { description: 'A disclosure published by a fund manager.' },
    CURATOR_NOTE: { description: "A curator's note: a fact from outside the sources (English names, the exchange calendar), stated as such." },
  },
});

@ObjectType({ implements: Node, description: 'A source document: every fact in the knowledge base cites one with a verbatim quote.' })
@Entity('announcement')
export class Announcement implements Node {
  @Field(() => ID, { description: 'Opaque global id.' })
  get id(): string {
    return toGlobalId('Announcement', this.key);
  }

  @PrimaryColumn({ type: 'varchar', length: 120 })
  key: string;

  @Field({ description: 'URL-safe stable name of the document.' })
  @Column({ type: 'varchar', length: 120, unique: true })
  slug: string;

  @Field(() => AnnouncementKind, { description: "Article, authority statement, manager disclosure or curator's note." })
  @Column({ type: 'varchar', length: 40 })
  kind: AnnouncementKind;

  @Field({ description: 'Title as published, or a descriptive title for a statement or note.' })
  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Field({ description: 'Language of the body: zh or en.' })
  @Column({ type: 'varchar', length: 8 })
  language: string;

  @Field(() => DateScalar, { nullable: true, description: 'Publication day, when the document states it; null otherwise (see dateNote).' })
  @Column({ type: 'varchar', length: 10, nullable: true })
  publishedOn: string | null;

  @Field(() => String, { nullable: true, description: 'What is known of the date when it is not stated exactly.' })
  @Column({ type: 'text', nullable: true })
  dateNote: string | null;

  @Field(() => String, { nullable: true, description: 'Address of the original, when the source gives one. Never guessed.' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  url: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The document's number as its issuer gives it (文号), e.g. an exchange's decision number, when the curators record one; null otherwise. Never guessed.",
  })
  @Column({ type: 'varchar', length: 100, nullable: true })
  documentNumber: string | null;

  @Index()
  @Column({ type: 'varchar', length: 32, nullable: true })
  authorityCode: string | null;

  @Index()
  @Column({ type: 'varchar', length: 100, nullable: true })
  managerKey: string | null;

  @Index()
  @Column({ type: 'varchar', length: 120, nullable: true })
  quotedInKey: string | null;

  /** The text (GraphQL: AnnouncementResolver.body); unset when the row was read without it. */
  @Column({ type: 'text' })
  body: string;

  /** The raw extracted text (GraphQL: AnnouncementResolver.rawBody); unset when the row was read without it. */
  @Column({ type: 'text', nullable: true })
  rawBody: string | null;
}

@ObjectType({ description: 'Where a fact comes from: a document and the verbatim passage that states it.' })
@Entity('citation')
@Index(['subjectType', 'subjectKey'])
export class Citation {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'varchar', length: 40 })
  subjectType: string;

  @Column({ type: 'varchar', length: 140 })
  subjectKey: string;

  @Column({ type: 'integer' })
  position: number;

  @Index()
  @Column({ type: 'varchar', length: 120 })
  announcementKey: string;

  @Field({ description: 'The passage, copied verbatim from the document (whitespace aside).' })
  @Column({ type: 'text' })
  quote: string;

  @Field(() => String, { nullable: true, description: 'What the curator draws from the quote, when it is not obvious.' })
  @Column({ type: 'text', nullable: true })
  note: string | null;
}
