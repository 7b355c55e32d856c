import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { toGlobalId } from '../core/global-id';
import { Node } from '../core/node';
import { EventType } from '../events/event.enums';

@ObjectType({
  implements: Node,
  description:
    'An entry of the bilingual glossary: the English and the Chinese for one term of the field, and the kinds of event it names; its sources say where each comes from.',
})
@Entity('glossary_term')
export class GlossaryTerm implements Node {
  @Field(() => ID, { description: 'Opaque global id.' })
  get id(): string {
    return toGlobalId('GlossaryTerm', this.key);
  }

  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  @Field({ description: 'URL-safe stable name, e.g. public-reprimand.' })
  get slug(): string {
    return this.key;
  }

  @Field(() => [String], { description: 'The English terms, the preferred one first, e.g. ["public reprimand"]; lower case but for names and acronyms.' })
  @Column({ type: 'simple-json' })
  english: string[];

  @Field(() => [String], { description: 'The Chinese terms, e.g. ["公开谴责"].' })
  @Column({ type: 'simple-json' })
  chinese: string[];

  @Field(() => [EventType], {
    description:
      'The kinds of event the term names (公开谴责: EXCHANGE_PENALTY and REGULATORY_MEASURE); empty for a term that is not a kind of event (杠杆, 基差).',
  })
  @Column({ type: 'simple-json' })
  eventTypes: EventType[];

  /** Where the entry stands in its filing: the glossary's order. */
  @Column({ type: 'integer' })
  position: number;
}
