/**
 * Fragment bombs: documents of a few kilobytes whose fragments, expanded, select exponentially many
 * fields. Every variant is small as text; what differs is how the fan-out is spelled (named spreads,
 * inline fragments, spreads across an interface and its types, aliases, lists, the Query type).
 */
export interface Bomb {
  name: string;
  levels: number;
  query: string;
}

/** Scalar fields of Manager: what the innermost fragment selects. */
const MANAGER_LEAF = 'slug shortName legalName englishName city description chartUrl status aumBand aliases id';
const MINGHONG = 'TWFuYWdlcjptaW5naG9uZw';

function chain(levels: number, header: (i: number) => string, body: (next: string, i: number) => string, leaf: string): string {
  const fragments: string[] = [];
  for (let i = 0; i < levels; i += 1) fragments.push(`fragment F${i} on ${header(i)} { ${body(`F${i + 1}`, i)} }`);
  fragments.push(`fragment F${levels} on ${header(levels)} { ${leaf} }`);
  return fragments.join('\n');
}

const spreads = (n: number) => (next: string) => Array.from({ length: n }, () => `...${next}`).join(' ');
const onManager = () => 'Manager';

export const BOMB_VARIANTS: Record<string, (levels: number) => string> = {
  'two spreads': (l) => `query Bomb { manager(slug: "minghong") { ...F0 } }\n${chain(l, onManager, spreads(2), MANAGER_LEAF)}`,
  'three spreads': (l) => `query Bomb { manager(slug: "minghong") { ...F0 } }\n${chain(l, onManager, spreads(3), MANAGER_LEAF)}`,
  'nested inline fragments': (l) =>
    `query Bomb { manager(slug: "minghong") { ...F0 } }\n${chain(l, onManager, (next) => `... on Manager { ...${next} } ... on Node { ... on Manager { ... { ...${next} } } }`, MANAGER_LEAF)}`,
  'spreads across an interface and its type': (l) =>
    `query Bomb { node(id: "${MINGHONG}") { ...F0 } }\n${chain(l, (i) => (i % 2 === 0 ? 'Node' : 'Manager'), spreads(2), '... on Manager { slug shortName } id')}`,
  'aliased fields between spreads': (l) =>
    `query Bomb { manager(slug: "minghong") { ...F0 } }\n${chain(l, onManager, (next, i) => `a${i}: slug ...${next} b${i}: shortName ...${next}`, MANAGER_LEAF)}`,
  'spreads under a list': (l) =>
    `query Bomb { manager(slug: "minghong") { ...F0 } }\n${chain(l, onManager, (next) => `products { manager { ...${next} ...${next} } }`, MANAGER_LEAF)}`,
  'spreads on the Query type': (l) => `query Bomb { ...F0 }\n${chain(l, () => 'Query', spreads(2), '__typename authorities { code } concepts { slug }')}`,
  'several roots spreading the same bomb': (l) =>
    `query Bomb { a: manager(slug: "minghong") { ...F0 } b: manager(slug: "ubiquant") { ...F0 } c: node(id: "${MINGHONG}") { ...on Manager { ...F0 } } }\n${chain(l, onManager, spreads(2), MANAGER_LEAF)}`,
};

/** The two-spread bomb at every depth from 10 to 40 in steps, every other variant at 10, 20, 30 and 40. */
export function bombs(): Bomb[] {
  const list: Bomb[] = [10, 15, 20, 22, 24, 30, 40].map((levels) => ({ name: 'two spreads', levels, query: BOMB_VARIANTS['two spreads'](levels) }));
  for (const [name, build] of Object.entries(BOMB_VARIANTS)) {
    if (name === 'two spreads') continue;
    for (const levels of [10, 20, 30, 40]) list.push({ name, levels, query: build(levels) });
  }
  return list;
}

/** `count` aliased copies of the `__schema` selection of graphql's own introspection query. */
export function aliasedSchemaBlocks(introspection: string, count: number): string {
  const start = introspection.indexOf('__schema');
  let depth = 0;
  let end = introspection.indexOf('{', start);
  for (let i = end; i < introspection.length; i += 1) {
    if (introspection[i] === '{') depth += 1;
    if (introspection[i] === '}') depth -= 1;
    if (depth === 0) {
      end = i + 1;
      break;
    }
  }
  const block = introspection.slice(start, end);
  const fragments = introspection.slice(introspection.indexOf('fragment '));
  return `query Aliased { ${Array.from({ length: count }, (_, i) => `s${i}: ${block}`).join('\n')} }\n${fragments}`;
}
