import { Authority } from '../../src/authorities/authority.entity';
import { create, CompileContext } from '../compile-context';
import { AuthoritiesFiling } from '../filing-schema';
import { Located } from '../seed-types';

/** The authorities (exchanges, regulators) that documents and events name by code. */
export function compileAuthorities({ define, cite, rows }: CompileContext, { file, filing }: Located<AuthoritiesFiling>): void {
  filing.authorities.forEach((a, i) => {
    define('authority', a.code, file, `authorities[${i}].code`);
    rows.authorities.push(create(Authority, { code: a.code, nameZh: a.nameZh, shortNameZh: a.shortNameZh ?? null, nameEn: a.nameEn, kind: a.kind }));
    cite('Authority', a.code, a.sources, file, `authorities[${i}].sources`);
  });
}
