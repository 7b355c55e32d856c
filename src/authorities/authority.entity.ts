import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../core/global-id';
import { Node } from '../core/node';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum AuthorityKind {
  EXCHANGE = 'EXCHANGE',
  REGULATOR = 'REGULATOR',
  SELF_REGULATORY_ORGANIZATION = 'SELF_REGULATORY_ORGANIZATION',
  LOCAL_ENFORCEMENT = 'LOCAL_ENFORCEMENT',
}
registerEnumType(AuthorityKind, {
  name: 'AuthorityKind',
  description: 'What kind of body an authority is.',
  valuesConfig: {
    EXCHANGE: { description: 'A stock exchange (上交所, 深交所): trading rules, disciplinary sanctions, trading suspensions.' },
    REGULATOR: { description: 'The CSRC or one of its local bureaus: administrative supervisory measures.' },
    SELF_REGULATORY_ORGANIZATION: { description: 'An industry association (基金业协会): registration, product filing, self-regulatory measures.' },
    LOCAL_ENFORCEMENT: { description: 'Local market-supervision enforcement (工商执法大队 / 市场监管).' },
  },
});

@ObjectType({ implements: Node, description: 'A body that acts on managers and markets: an exchange, the CSRC, a local bureau, AMAC, local enforcement.' })
@Entity('authority')
export class Authority implements Node {
  @Field(() => ID, { description: 'Opaque global id.' })
  get id(): string {
    return toGlobalId('Authority', this.code);
  }

  @Field({ description: 'Short code used throughout the API, e.g. SSE, SZSE, CSRC, CSRC_SH, AMAC, SAMR_LOCAL.' })
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Field({ description: 'Full Chinese name, e.g. 上海证券交易所.' })
  @Column({ type: 'varchar', length: 200 })
  nameZh: string;

  @Field(() => String, { nullable: true, description: 'Chinese short name as the press writes it, e.g. 上交所.' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  shortNameZh: string | null;

  @Field({ description: 'English name, e.g. Shanghai Stock Exchange.' })
  @Column({ type: 'varchar', length: 200 })
  nameEn: string;

  @Field(() => AuthorityKind, { description: 'What kind of body this is.' })
  @Column({ type: 'varchar', length: 40 })
  kind: AuthorityKind;
}
