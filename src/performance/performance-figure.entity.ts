import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { Comparator, FigureBasis, PerformanceMetric, PerformanceSubjectKind } from './performance.enums';

/** One figure of a performance disclosure: a value, its period, as-of date and who compiled it. */
@Entity('performance_figure')
export class PerformanceFigureRecord {
  @PrimaryColumn({ type: 'varchar', length: 140 })
  key: string;

  @Index()
  @Column({ type: 'varchar', length: 120 })
  eventKey: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 20 })
  subjectKind: PerformanceSubjectKind;

  @Index()
  @Column({ type: 'varchar', length: 100, nullable: true })
  productKey: string | null;

  @Index()
  @Column({ type: 'varchar', length: 100, nullable: true })
  managerKey: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  cohort: string | null;

  @Column({ type: 'varchar', length: 40 })
  metric: PerformanceMetric;

  @Column({ type: 'varchar', length: 20 })
  comparator: Comparator;

  @Column({ type: 'double precision', nullable: true })
  valuePercent: number | null;

  @Column({ type: 'integer', nullable: true })
  count: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  countComparator: Comparator | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  periodStart: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  periodEnd: string | null;

  @Column({ type: 'varchar', length: 100 })
  periodLabel: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  asOf: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  dataVendor: string | null;

  @Column({ type: 'varchar', length: 40 })
  basis: FigureBasis;
}
