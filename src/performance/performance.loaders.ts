import { manyLoader, oneLoader } from '../core/loaders';
import { PerformanceService } from './performance.service';

/** The performance figures of an event, a manager or a product, batched per request. */
export function performanceLoaders(performance: PerformanceService) {
  return {
    figureByKey: oneLoader(
      (keys: readonly string[]) => performance.byKeys(keys),
      (f) => f.key,
    ),
    figuresOfEvent: manyLoader(
      (keys: readonly string[]) => performance.byEventKeys(keys),
      (f) => f.eventKey,
    ),
    figuresOfManager: manyLoader(
      (keys: readonly string[]) => performance.byManagerKeys(keys),
      (f) => f.managerKey!,
    ),
    figuresOfProduct: manyLoader(
      (keys: readonly string[]) => performance.byProductKeys(keys),
      (f) => f.productKey!,
    ),
  };
}
