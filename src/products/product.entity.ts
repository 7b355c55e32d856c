import { Field, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../core/global-id';
import { Node } from '../core/node';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@ObjectType({ implements: Node, description: 'A fund product (私募基金产品) run by a manager.' })
@Entity('product')
export class Product implements Node {
  @Field(() => ID, { description: 'Opaque global id.' })
  get id(): string {
    return toGlobalId('Product', this.key);
  }

  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  @Field({ description: 'URL-safe stable name, e.g. lingjun-quant-long-short-multi-strategy.' })
  @Column({ type: 'varchar', length: 100, unique: true })
  slug: string;

  @Field({ description: 'The product name as the source writes it, e.g. 灵均量化多空多策略.' })
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index()
  @Column({ type: 'varchar', length: 100 })
  managerKey: string;

  @Field(() => [String], { description: 'Other names the sources use for the product.' })
  @Column({ type: 'simple-json' })
  aliases: string[];

  @Field({ description: "True when the source calls it the manager's flagship (旗舰产品)." })
  @Column({ type: 'boolean', default: false })
  isFlagship: boolean;

  @Field(() => String, { nullable: true, description: 'Strategy as the source describes it, e.g. 中证1000 指数增强.' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  strategy: string | null;
}
