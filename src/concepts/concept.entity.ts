import { Field, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../core/global-id';
import { Node } from '../core/node';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@ObjectType({ implements: Node, description: 'A term of the trade the sources explain (DMA, 雪球, 微盘股, 窗口指导), with the figures they give for it.' })
@Entity('concept')
export class Concept implements Node {
  @Field(() => ID, { description: 'Opaque global id.' })
  get id(): string {
    return toGlobalId('Concept', this.key);
  }

  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  @Field({ description: 'URL-safe stable name, e.g. dma.' })
  @Column({ type: 'varchar', length: 100, unique: true })
  slug: string;

  @Field({ description: 'The term as the sources write it, e.g. DMA or 雪球产品.' })
  @Column({ type: 'varchar', length: 100 })
  term: string;

  @Field(() => String, { nullable: true, description: 'The English term, e.g. snowball (autocallable) product.' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  termEn: string | null;

  @Field(() => [String], { description: 'Other ways the sources write the term.' })
  @Column({ type: 'simple-json' })
  aliases: string[];

  @Field({ description: 'What the sources say it is, with the figures they give (size, leverage).' })
  @Column({ type: 'text' })
  definition: string;
}
