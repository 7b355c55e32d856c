import { DataSource } from 'typeorm';
import { perDataVersion } from '../database/data-version';
import { UnknownValuesError } from '../core/errors';
import { findIn } from '../core/find-in';
import { Authority } from './authority.entity';

/** The names an authority answers to in a filter: its code and the names its own record gives. */
export function namesOf(authority: Authority): string[] {
  return [authority.code, authority.nameZh, authority.shortNameZh, authority.nameEn].filter((name): name is string => Boolean(name));
}

interface AuthorityNames {
  /** Every code or name, to the codes of the authorities it names. */
  codesByName: Map<string, string[]>;
  /** The authorities with their names, for a message: `the authorities are SSE (上海证券交易所, 上交所, Shanghai Stock Exchange), …`. */
  described: string;
}

/** Reads authorities: exchanges, regulators, AMAC, local enforcement. */
export class AuthorityService {
  private readonly names: () => Promise<AuthorityNames>;

  constructor(private readonly dataSource: DataSource) {
    this.names = perDataVersion(dataSource, async () => {
      const authorities = await this.list();
      const codesByName = new Map<string, string[]>();
      for (const authority of authorities) {
        for (const name of new Set(namesOf(authority))) codesByName.set(name, [...(codesByName.get(name) ?? []), authority.code]);
      }
      const listed = authorities.map((a) => `${a.code} (${namesOf(a).slice(1).join(', ')})`).join(', ');
      return { codesByName, described: listed ? `the authorities are ${listed}` : 'there are no authorities' };
    });
  }

  list(): Promise<Authority[]> {
    return this.dataSource.getRepository(Authority).find({ order: { code: 'ASC' } });
  }

  findByCodes(codes: readonly string[]): Promise<Authority[]> {
    return findIn(this.dataSource, Authority, 'code', codes);
  }

  /**
   * The codes of the authorities a filter names, each value a code (SSE) or one of the names the
   * authority's own record gives (上海证券交易所, 上交所, Shanghai Stock Exchange); no other alias is
   * guessed. Undefined or empty stays so (no filter). Throws UnknownValuesError naming every value that
   * names no authority and listing the authorities with their names: the one check every filter by
   * authority goes through.
   */
  async resolveCodes(values: readonly string[] | undefined, argument = 'authorities'): Promise<string[] | undefined> {
    if (!values?.length) return values && [];
    const { codesByName, described } = await this.names();
    const unknown = values.filter((value) => !codesByName.has(value));
    if (unknown.length > 0) throw new UnknownValuesError(argument, unknown, 'the code or a name of an authority', described);
    return [...new Set(values.flatMap((value) => codesByName.get(value)!))];
  }
}
