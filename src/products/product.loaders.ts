import { manyLoader, oneLoader } from '../core/loaders';
import { ProductService } from './product.service';

/** Products by key and a manager's products, batched per request. */
export function productLoaders(products: ProductService) {
  return {
    productByKey: oneLoader(
      (keys: readonly string[]) => products.findByKeys(keys),
      (p) => p.key,
    ),
    productsByManager: manyLoader(
      (keys: readonly string[]) => products.findByManagerKeys(keys),
      (p) => p.managerKey,
    ),
  };
}
