import { oneLoader } from '../core/loaders';
import { ManagerService } from './manager.service';

/** Managers by key and by slug, batched per request. */
export function managerLoaders(managers: ManagerService) {
  return {
    managerByKey: oneLoader(
      (keys: readonly string[]) => managers.findByKeys(keys),
      (m) => m.key,
    ),
    managerBySlug: oneLoader(
      (slugs: readonly string[]) => managers.findBySlugs(slugs),
      (m) => m.slug,
    ),
  };
}
