import {
  getNamedType,
  GraphQLField,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isAbstractType,
  isEnumType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  isRequiredArgument,
} from 'graphql';

/** Values for the required arguments of root fields, read from the dataset the queries run against. */
export interface ArgumentValues {
  managerSlugs: string[];
  productSlugs: string[];
  announcementSlugs: string[];
  personSlugs: string[];
  conceptSlugs: string[];
  authorityCodes: string[];
  years: number[];
  ids: string[];
  words: string[];
}

const SKIPPED_ROOTS = new Set(['addTradingDays', 'countTradingDays', 'marketWindowFromBars', 'node']);

/**
 * Random queries that go after lists: every root that returns data, connections and nested lists at
 * random sizes, inline fragments on the concrete types behind every interface, aliases asking for a
 * list twice, named fragments. For the property that an estimate bounds what an answer holds.
 */
export class ListQueryGenerator {
  private fragments: string[] = [];
  private counter = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly values: ArgumentValues,
    private readonly random: () => number,
  ) {}

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  build(): string {
    this.fragments = [];
    this.counter = 0;
    const roots = Object.values(this.schema.getQueryType()!.getFields()).filter((f) => !SKIPPED_ROOTS.has(f.name));
    const chosen = Array.from({ length: 1 + Math.floor(this.random() * 3) }, () => this.pick(roots));
    const body = chosen.map((field) => this.field(field, this.schema.getQueryType()!, 0)).join(' ');
    return [`{ ${body} }`, ...this.fragments].join('\n');
  }

  private rootArguments(field: GraphQLField<unknown, unknown>): string {
    const v = this.values;
    const quoted = (s: string) => JSON.stringify(s);
    switch (field.name) {
      case 'manager':
        return `(slug: ${quoted(this.pick(v.managerSlugs))})`;
      case 'product':
        return `(slug: ${quoted(this.pick(v.productSlugs))})`;
      case 'announcement':
        return `(slug: ${quoted(this.pick(v.announcementSlugs))})`;
      case 'person':
        return `(slug: ${quoted(this.pick(v.personSlugs))})`;
      case 'concept':
        return `(slug: ${quoted(this.pick(v.conceptSlugs))})`;
      case 'authority':
        return `(code: ${quoted(this.pick(v.authorityCodes))})`;
      case 'tradingCalendar':
        return `(year: ${this.pick(v.years)})`;
      case 'nodes':
        return `(ids: [${Array.from({ length: 1 + Math.floor(this.random() * 20) }, () => quoted(this.pick(v.ids))).join(', ')}])`;
      case 'search':
        return `(query: ${quoted(this.pick(v.words))}, first: ${this.size()})`;
      case 'timeline':
        return `(limit: ${1 + Math.floor(this.random() * 1000)})`;
      default:
        return '';
    }
  }

  private size(): number {
    return this.pick([1, 2, 5, 10, 20, 50, 100, 1 + Math.floor(this.random() * 100)]);
  }

  private field(field: GraphQLField<unknown, unknown>, parent: GraphQLObjectType | GraphQLNamedType, depth: number): string {
    let args = parent === this.schema.getQueryType() ? this.rootArguments(field) : '';
    if (!args && field.args.some((a) => a.name === 'first') && !field.args.some(isRequiredArgument))
      args = this.chance(0.85) ? `(${this.chance(0.8) ? 'first' : 'last'}: ${this.size()})` : '';
    // Every field gets a key of its own: fields of one name on different types, or asked with different
    // arguments, may not share a key.
    const alias = `a${(this.counter += 1)}: `;
    const named = getNamedType(field.type);
    if (isLeafType(named)) return `${alias}${field.name}${args}`;
    return `${alias}${field.name}${args} { ${this.selection(named, depth + 1)} }`;
  }

  /** Fields of a type: some leaves, and lists and objects below, to `depth` 6. */
  private selection(type: GraphQLNamedType, depth: number): string {
    const parts: string[] = ['__typename'];
    if (isAbstractType(type)) {
      for (const possible of this.schema.getPossibleTypes(type)) {
        if (this.chance(0.6)) parts.push(`... on ${possible.name} { ${this.selection(possible, depth)} }`);
      }
      if (isInterfaceType(type)) parts.push(this.fields(type, depth));
      return parts.join(' ');
    }
    if (!isObjectType(type)) return parts.join(' ');
    if (this.chance(0.15)) {
      const name = `F${(this.counter += 1)}`;
      this.fragments.push(`fragment ${name} on ${type.name} { ${this.fields(type, depth)} }`);
      parts.push(`...${name}`);
    } else {
      parts.push(this.fields(type, depth));
    }
    return parts.join(' ');
  }

  private fields(type: GraphQLObjectType | GraphQLNamedType, depth: number): string {
    if (!(isObjectType(type) || isInterfaceType(type))) return '__typename';
    const all = Object.values(type.getFields()).filter((f) => !f.args.some(isRequiredArgument) || type === this.schema.getQueryType());
    const leaves = all.filter((f) => isLeafType(getNamedType(f.type)) || isEnumType(getNamedType(f.type)));
    const branches = all.filter((f) => !isLeafType(getNamedType(f.type)));
    const picked = leaves.filter(() => this.chance(0.3)).map((f) => `a${(this.counter += 1)}: ${f.name}`);
    if (depth < 6) for (const f of branches) if (this.chance(depth < 3 ? 0.5 : 0.3)) picked.push(this.field(f, type, depth));
    return picked.length ? picked.join(' ') : '__typename';
  }
}

/** Objects an answer holds as the estimate counts them: every item of every list. */
export function objectsIn(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + objectsIn(item), value.length);
  if (value && typeof value === 'object') return Object.values(value).reduce((n: number, item) => n + objectsIn(item), 0);
  return 0;
}
