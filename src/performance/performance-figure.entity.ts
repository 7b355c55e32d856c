import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { toGlobalId } from '../core/global-id';
import { Node } from '../core/node';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateScalar } from '../core/scalars';
import { Comparator, FigureBasis, PerformanceMetric, PerformanceSubjectKind } from './performance.enums';

@ObjectType({
  implements: Node,
  description: 'One performance figure: a value for a product, a manager or a cohort, over a period, as of a date, per a data vendor or a statement.',
})
@Entity('performance_figure')
export class PerformanceFigure implements Node {
  @Field(() => ID, { description: 'Opaque global id: a figure can be fetched with node(id:) and cited by its permalink.' })
  get id(): string {
    return toGlobalId('PerformanceFigure', this.key);
  }

  @PrimaryColumn({ type: 'varchar', length: 140 })
  key: string;

  @Index()
  @Column({ type: 'varchar', length: 120 })
  eventKey: string;

  @Column({ type: 'integer' })
  position: number;

  @Field(() => PerformanceSubjectKind, { description: 'Whether the figure describes a product, a manager or a cohort.' })
  @Column({ type: 'varchar', length: 20 })
  subjectKind: PerformanceSubjectKind;

  @Index()
  @Column({ type: 'varchar', length: 100, nullable: true })
  productKey: string | null;

  @Index()
  @Column({ type: 'varchar', length: 100, nullable: true })
  managerKey: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The group described, in the words of the source, when the subject is a cohort (32 家百亿级量化私募); a quote, unless curatorsWords lists it.',
  })
  @Column({ type: 'varchar', length: 200, nullable: true })
  cohort: string | null;

  @Field(() => PerformanceMetric, { description: 'Which measure: return, average return, drawdown, loss …' })
  @Column({ type: 'varchar', length: 40 })
  metric: PerformanceMetric;

  @Field(() => Comparator, { description: 'EQUAL for an exact figure; ABOVE, BELOW or APPROXIMATELY for a bound (超过, 以下, 左右).' })
  @Column({ type: 'varchar', length: 20 })
  comparator: Comparator;

  @Field(() => Float, { nullable: true, description: 'The value in percent (-11.74 means -11.74%); null when the source gives only a count.' })
  @Column({ type: 'double precision', nullable: true })
  valuePercent: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'How many products or managers meet the figure (有 5 只产品 … 在 -20% 以下), when the source gives a count.',
  })
  @Column({ type: 'integer', nullable: true })
  count: number | null;

  @Field(() => Comparator, { nullable: true, description: 'ABOVE when the count is a lower bound (20 多只).' })
  @Column({ type: 'varchar', length: 20, nullable: true })
  countComparator: Comparator | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day of the period measured.' })
  @Column({ type: 'varchar', length: 10, nullable: true })
  periodStart: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Last day of the period measured, when known.' })
  @Column({ type: 'varchar', length: 10, nullable: true })
  periodEnd: string | null;

  @Field({ description: 'The period in the words of the source, e.g. 2024 年以来截至 2 月 2 日 (a quote, unless curatorsWords lists it).' })
  @Column({ type: 'varchar', length: 100 })
  periodLabel: string;

  @Field(() => [String], {
    description:
      "periodLabel or cohort when they hold the curators' words (a label such as 今年以来（至 2 月 20 日）) instead of the source's; empty when both are quotes from a cited document.",
  })
  @Column({ type: 'simple-json' })
  curatorsWords: string[];

  @Field(() => DateScalar, { nullable: true, description: 'The date the data is as of, when the source gives it.' })
  @Column({ type: 'varchar', length: 10, nullable: true })
  asOf: string | null;

  @Field(() => String, { nullable: true, description: 'The data vendor, e.g. 私募排排网 or 好买基金网; null when the figure comes from a statement.' })
  @Column({ type: 'varchar', length: 100, nullable: true })
  dataVendor: string | null;

  @Field(() => FigureBasis, { description: 'Who stands behind the figure: a data vendor, the manager, industry people, unattributed statistics.' })
  @Column({ type: 'varchar', length: 40 })
  basis: FigureBasis;
}
