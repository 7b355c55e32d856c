import { Field, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../core/global-id';
import { Node } from '../core/node';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@ObjectType({ implements: Node, description: 'A person named in the sources: an executive, founder or investment officer.' })
@Entity('person')
export class Person implements Node {
  @Field(() => ID, { description: 'Opaque global id.' })
  get id(): string {
    return toGlobalId('Person', this.key);
  }

  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  @Field({ description: 'URL-safe stable name, e.g. ma-zhiyu.' })
  @Column({ type: 'varchar', length: 100, unique: true })
  slug: string;

  @Field({ description: 'Name in Chinese as the source writes it.' })
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => String, { nullable: true, description: 'Education as the source gives it.' })
  @Column({ type: 'text', nullable: true })
  education: string | null;
}

@ObjectType({ description: 'A position a person holds or held, at a manager in the knowledge base or at another organisation.' })
@Entity('person_role')
export class PersonRole {
  @PrimaryColumn({ type: 'varchar', length: 140 })
  key: string;

  @Index()
  @Column({ type: 'varchar', length: 100 })
  personKey: string;

  @Index()
  @Column({ type: 'varchar', length: 100, nullable: true })
  managerKey: string | null;

  @Field({ description: 'The organisation as the source names it, e.g. 灵均投资 or 中金公司.' })
  @Column({ type: 'varchar', length: 200 })
  organization: string;

  @Field(() => String, {
    nullable: true,
    description: 'Title as the source gives it, e.g. 首席投资官 (chief investment officer); null when the source names no title.',
  })
  @Column({ type: 'varchar', length: 100, nullable: true })
  title: string | null;

  @Field({ description: 'True for a position held when the source was written; false for a former one (曾就职于).' })
  @Column({ type: 'boolean' })
  current: boolean;

  @Column({ type: 'integer' })
  position: number;
}
