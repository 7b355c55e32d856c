import { DataSource } from 'typeorm';
import { findIn } from '../core/find-in';
import { PerformanceFigure } from './performance-figure.entity';

/** Reads performance figures by disclosure, manager or product. */
export class PerformanceService {
  constructor(private readonly dataSource: DataSource) {}

  byKeys(keys: readonly string[]): Promise<PerformanceFigure[]> {
    return findIn(this.dataSource, PerformanceFigure, 'key', keys);
  }

  byEventKeys(keys: readonly string[]): Promise<PerformanceFigure[]> {
    return findIn(this.dataSource, PerformanceFigure, 'eventKey', keys, { position: 'ASC' });
  }

  byManagerKeys(keys: readonly string[]): Promise<PerformanceFigure[]> {
    return findIn(this.dataSource, PerformanceFigure, 'managerKey', keys, { asOf: 'DESC', key: 'ASC' });
  }

  byProductKeys(keys: readonly string[]): Promise<PerformanceFigure[]> {
    return findIn(this.dataSource, PerformanceFigure, 'productKey', keys, { asOf: 'DESC', key: 'ASC' });
  }
}
