import { oneLoader } from '../core/loaders';
import { GlossaryService } from './glossary.service';

/** Glossary entries by key, batched per request: what node(id:) reads. */
export function glossaryLoaders(glossary: GlossaryService) {
  return {
    glossaryTermByKey: oneLoader(
      (keys: readonly string[]) => glossary.findByKeys(keys),
      (t) => t.key,
    ),
  };
}
