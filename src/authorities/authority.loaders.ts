import { oneLoader } from '../core/loaders';
import { AuthorityService } from './authority.service';

/** Authorities by code, batched per request. */
export function authorityLoaders(authorities: AuthorityService) {
  return {
    authorityByCode: oneLoader(
      (codes: readonly string[]) => authorities.findByCodes(codes),
      (a) => a.code,
    ),
  };
}
