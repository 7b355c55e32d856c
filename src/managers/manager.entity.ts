import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../core/global-id';
import { Node } from '../core/node';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { PartialDateScalar } from '../core/scalars';

export enum AumBand {
  UNDER_500M = 'UNDER_500M',
  OVER_10B = 'OVER_10B',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(AumBand, {
  name: 'AumBand',
  description: 'Assets under management, in the bands the press uses.',
  valuesConfig: {
    UNDER_500M: { description: 'Under 500 million CNY (规模不足 5 亿元).' },
    OVER_10B: { description: '10 billion CNY or more (百亿级).' },
    UNKNOWN: { description: 'The sources give no figure.' },
  },
});

export enum ManagerStatus {
  ACTIVE = 'ACTIVE',
  DISSOLVING = 'DISSOLVING',
  DEREGISTERED = 'DEREGISTERED',
}
registerEnumType(ManagerStatus, {
  name: 'ManagerStatus',
  description: 'Where a manager stands, as of its latest cited event.',
  valuesConfig: {
    ACTIVE: { description: 'Operating; no dissolution reported.' },
    DISSOLVING: { description: 'Resolved to dissolve (解散) and liquidating its funds; not yet deregistered.' },
    DEREGISTERED: { description: 'Its registration as a private fund manager has been cancelled (注销).' },
  },
});

@ObjectType({ implements: Node, description: 'A private fund manager (私募基金管理人).' })
@Entity('manager')
export class Manager implements Node {
  @Field(() => ID, { description: 'Opaque global id.' })
  get id(): string {
    return toGlobalId('Manager', this.key);
  }

  /** Stable key from the curated filing; the global id is derived from it. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  @Field({ description: 'URL-safe stable name, e.g. ningbo-lingjun.' })
  @Column({ type: 'varchar', length: 100, unique: true })
  slug: string;

  @Field(() => String, {
    nullable: true,
    description: 'Registered legal name in Chinese, when a source gives it (宁波灵均投资管理合伙企业（有限合伙））; null rather than guessed.',
  })
  @Column({ type: 'varchar', length: 200, nullable: true })
  legalName: string | null;

  @Field({ description: 'The short name the press uses, e.g. 宁波灵均.' })
  @Column({ type: 'varchar', length: 100 })
  shortName: string;

  @Field(() => String, { nullable: true, description: "English name in common use (cited as a curator's note when the source does not give it)." })
  @Column({ type: 'varchar', length: 200, nullable: true })
  englishName: string | null;

  @Field(() => [String], { description: 'Other names, short names and labels the sources use, e.g. 灵均投资, 灵均, Lingjun.' })
  @Column({ type: 'simple-json' })
  aliases: string[];

  @Field(() => PartialDateScalar, { nullable: true, description: 'When the manager was founded, to the precision the source gives (2014-06).' })
  @Column({ type: 'varchar', length: 10, nullable: true })
  foundedOn: string | null;

  @Field(() => String, { nullable: true, description: 'City of registration or office named by the source, e.g. 宁波.' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  city: string | null;

  @Field(() => AumBand, { description: 'Assets under management band.' })
  @Column({ type: 'varchar', length: 20 })
  aumBand: AumBand;

  @Field(() => ManagerStatus, { description: 'Operating, dissolving or deregistered.' })
  @Column({ type: 'varchar', length: 20 })
  status: ManagerStatus;

  @Field(() => String, { nullable: true, description: 'What the sources say the manager is, in a sentence or two.' })
  @Column({ type: 'text', nullable: true })
  description: string | null;
}
