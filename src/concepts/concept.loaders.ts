import { oneLoader } from '../core/loaders';
import { ConceptService } from './concept.service';

/** Concepts by key, batched per request. */
export function conceptLoaders(concepts: ConceptService) {
  return {
    conceptByKey: oneLoader(
      (keys: readonly string[]) => concepts.findByKeys(keys),
      (c) => c.key,
    ),
  };
}
