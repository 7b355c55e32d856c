import { manyLoader, oneLoader } from '../core/loaders';
import { PersonService } from './person.service';

/** People by key and the roles of a person or of a manager, batched per request. */
export function personLoaders(people: PersonService) {
  return {
    personByKey: oneLoader(
      (keys: readonly string[]) => people.findByKeys(keys),
      (p) => p.key,
    ),
    rolesByPerson: manyLoader(
      (keys: readonly string[]) => people.rolesByPersonKeys(keys),
      (r) => r.personKey,
    ),
    rolesByManager: manyLoader(
      (keys: readonly string[]) => people.rolesByManagerKeys(keys),
      (r) => r.managerKey!,
    ),
  };
}
