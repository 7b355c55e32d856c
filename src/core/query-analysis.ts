import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SchemaMetaFieldDef,
  SelectionSetNode,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  valueFromASTUntyped,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, DEFAULT_SEARCH_SIZE } from './pagination';

/*
 * Every measure here is computed once per fragment and reused wherever the fragment is spread, so the
 * work is proportional to the document's length however deeply fragments spread fragments (a "fragment
 * bomb", each fragment spreading the next twice, expands to 2^levels selections in a few hundred bytes).
 * Sums and products saturate at MEASURE_CEILING: a bomb measures a huge finite number, never Infinity
 * or NaN, and is refused by whichever limit it passes first.
 */

export const MEASURE_CEILING = Number.MAX_SAFE_INTEGER;
const add = (a: number, b: number) => Math.min(MEASURE_CEILING, a + b);
const times = (a: number, b: number) => Math.min(MEASURE_CEILING, a * b);

/** Selections an analysis looked at: what shows, in tests, that the work is linear in the document. */
export interface AnalysisTally {
  visits: number;
}

type Parent = GraphQLNamedType | undefined;

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}

function operationsOf(document: DocumentNode): OperationDefinitionNode[] {
  return document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
}

/** A field's definition, introspection's meta-fields (`__schema`, `__type`, `__typename`) included. */
function fieldDefinition(schema: GraphQLSchema, parent: Parent, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parent && parent === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}

const namedType = (schema: GraphQLSchema, name: string): Parent => schema.getType(name) ?? undefined;

/** Depth and expanded size of an operation (or a fragment, or a selection set). */
export interface QueryShape {
  /** Levels of fields, the deepest path; a `__Type.ofType` link adds none (see isTypeChainLink). */
  depth: number;
  /** Field selections once every fragment spread is replaced by its fragment. */
  fields: number;
}

const NO_SHAPE: QueryShape = { depth: 0, fields: 0 };

/**
 * `ofType` walks a type reference's wrappers (NonNull, List): a single object, null past the schema's
 * deepest wrapping, so a chain of it cannot multiply an answer. It adds no depth level, which lets the
 * introspection query's TypeRef fragment (nine ofType levels) pass the depth limit; it still counts as
 * a field, toward the expanded size and the token limit.
 */
function isTypeChainLink(parent: Parent, field: FieldNode): boolean {
  return parent?.name === '__Type' && field.name.value === 'ofType';
}

/**
 * The depth and the expanded size of the document's largest operation, fragments measured once each.
 * Works on documents not yet validated: an unknown field or fragment counts what its text holds, and a
 * spread of a fragment being measured (a cycle, refused by the NoFragmentCycles rule) counts nothing.
 */
export function measureShape(schema: GraphQLSchema, document: DocumentNode, tally: AnalysisTally = { visits: 0 }): QueryShape {
  const fragments = fragmentsOf(document);
  const measured = new Map<string, QueryShape>();
  const shapeOf = (set: SelectionSetNode, parent: Parent): QueryShape => {
    let depth = 0;
    let fields = 0;
    for (const selection of set.selections) {
      tally.visits += 1;
      let inner: QueryShape;
      if (selection.kind === Kind.FIELD) {
        const definition = fieldDefinition(schema, parent, selection.name.value);
        const below = selection.selectionSet ? shapeOf(selection.selectionSet, definition && getNamedType(definition.type)) : NO_SHAPE;
        inner = { depth: (isTypeChainLink(parent, selection) ? 0 : 1) + below.depth, fields: add(1, below.fields) };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = shapeOf(selection.selectionSet, selection.typeCondition ? namedType(schema, selection.typeCondition.name.value) : parent);
      } else {
        inner = fragmentShape(selection.name.value);
      }
      depth = Math.max(depth, inner.depth);
      fields = add(fields, inner.fields);
    }
    return { depth, fields };
  };
  const fragmentShape = (name: string): QueryShape => {
    const known = measured.get(name);
    if (known) return known;
    measured.set(name, NO_SHAPE); // while it is being measured: a cycle back to it counts nothing
    const fragment = fragments.get(name);
    const shape = fragment ? shapeOf(fragment.selectionSet, namedType(schema, fragment.typeCondition.name.value)) : NO_SHAPE;
    measured.set(name, shape);
    return shape;
  };
  let largest = NO_SHAPE;
  for (const operation of operationsOf(document)) {
    const shape = shapeOf(operation.selectionSet, rootType(schema, operation));
    largest = { depth: Math.max(largest.depth, shape.depth), fields: Math.max(largest.fields, shape.fields) };
  }
  return largest;
}

function rootType(schema: GraphQLSchema, operation: OperationDefinitionNode): Parent {
  const root =
    operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  return root ?? undefined;
}

/** A plain list the bounds do not name (never in the schema: a spec checks every list is named). */
const UNBOUNDED_LIST_SIZE = 10;
/** The fields of a connection or a search that hold its page. */
export const PAGE_FIELDS = ['nodes', 'edges', 'hits'];

/**
 * A field that is no list but reads lists to answer (a citation reads its record's sources, their
 * documents and authorities) says so with the extension `{ fetches: true }` (type-graphql's
 * @Extensions): it costs a fetch, as a list does, in the estimate and in the count of the answer.
 */
export const fetches = (field: { extensions?: Readonly<Record<string, unknown>> | null }): boolean => field.extensions?.fetches === true;
/** The arguments that size a list. */
export const SIZE_ARGUMENTS = ['first', 'last', 'limit'];
/** Contributors kept per selection set, largest first: enough to name the top three, bounded for any document. */
const CONTRIBUTORS_KEPT = 16;

/**
 * What the data guarantees about plain lists (src/limits/list-bounds.service.ts): the longest list each
 * "Type.field" holds in the current data version (a field of an interface, "Event.sources", holds for
 * every type that implements it), and for a list whose size argument counts something else, the items
 * per unit of the argument (`Query.timeline`: its `limit` counts events, each making up to 3 entries).
 */
export interface ListBounds {
  largest: ReadonlyMap<string, number>;
  perArgumentUnit: ReadonlyMap<string, number>;
}

export interface QueryCost {
  /** Objects the query can return at most: each list's size times the sizes of the lists above it. */
  nodes: number;
  /** Fetches the query can cause at most, as GitHub counts requests: 1, plus each list or connection times the sizes above it. */
  cost: number;
}

/** A list's share of an estimate: what a refusal names, so the client knows what to lower. */
export interface CostContributor {
  /** The list's path in the answer, by response key: `manager.events.nodes.sources`. */
  path: string;
  /** What the list is counted at: its page size, its argument, or the data's bound. */
  multiplier: number;
  /** Objects it adds to the estimate: its multiplier times every multiplier above it. */
  nodes: number;
  /** The field whose `first`, `last` or `limit` sets its count: itself, or the nearest such field above it. */
  sizedBy: FieldNode | null;
  /** That field's path in the answer. */
  sizedAt: string | null;
}

export interface QueryMeasure extends QueryCost {
  /** The lists that add most to `nodes`, largest first. */
  contributors: CostContributor[];
  /** The part of the estimate under `__schema` and `__type`, which resolvers do not count as they run. */
  introspection: QueryCost;
}

interface Measure extends QueryCost {
  /** Relative to one instance of the selection set: paths from it, nodes for one of it. */
  contributors: Contributor[];
}

interface Contributor {
  path: string[];
  multiplier: number;
  nodes: number;
  sizedBy: FieldNode | null;
  sizedAt: string[] | null;
}

export interface MeasureOptions {
  bounds?: ListBounds;
  /** Sizes to assume for fields in place of their arguments: how the largest `first` that passes is found. */
  overrides?: ReadonlyMap<FieldNode, number>;
  tally?: AnalysisTally;
}

const NO_MEASURE: Measure = { nodes: 0, cost: 0, contributors: [] };

/** Contributors with the same path merged, largest first, at most CONTRIBUTORS_KEPT. */
function strongest(contributors: Contributor[]): Contributor[] {
  if (contributors.length <= 1) return contributors;
  const byPath = new Map<string, Contributor>();
  for (const c of contributors) {
    const key = c.path.join('.');
    const known = byPath.get(key);
    byPath.set(key, known ? { ...known, nodes: add(known.nodes, c.nodes), multiplier: Math.max(known.multiplier, c.multiplier) } : c);
  }
  return [...byPath.values()].sort((a, b) => b.nodes - a.nodes).slice(0, CONTRIBUTORS_KEPT);
}

const sum = (a: Measure, b: Measure): Measure => ({
  nodes: add(a.nodes, b.nodes),
  cost: add(a.cost, b.cost),
  contributors: a.contributors.concat(b.contributors),
});

/** Measures of selections on different concrete types: an object has one type, so the largest counts. */
function widest(measures: Iterable<Measure>): Measure {
  let nodes = 0;
  let cost = 0;
  let largest = NO_MEASURE;
  for (const m of measures) {
    if (m.nodes > largest.nodes || largest === NO_MEASURE) largest = m;
    nodes = Math.max(nodes, m.nodes);
    cost = Math.max(cost, m.cost);
  }
  return { nodes, cost, contributors: largest.contributors };
}

const introspectionSizes = new WeakMap<GraphQLSchema, Map<string, number>>();
const longest = (lengths: number[]) => lengths.reduce((a, b) => Math.max(a, b), 0);

/**
 * The longest each introspection list is in this schema (`__Schema.types` is the number of types,
 * `__Type.fields` the most fields any type has, and so on): the page sizes of introspection, so that
 * it counts toward the node budget and cost like any other query. Computed once per schema.
 */
function introspectionListSizes(schema: GraphQLSchema): Map<string, number> {
  const known = introspectionSizes.get(schema);
  if (known) return known;
  const types = Object.values(schema.getTypeMap());
  const withFields = types.filter((t) => isObjectType(t) || isInterfaceType(t)) as {
    getFields(): Record<string, GraphQLField<unknown, unknown>>;
    getInterfaces(): readonly unknown[];
  }[];
  const directives = schema.getDirectives();
  const sizes = new Map<string, number>([
    ['__Schema.types', types.length],
    ['__Schema.directives', directives.length],
    ['__Type.fields', longest(withFields.map((t) => Object.keys(t.getFields()).length))],
    ['__Type.interfaces', longest(withFields.map((t) => t.getInterfaces().length))],
    ['__Type.possibleTypes', longest(types.filter(isAbstractType).map((t) => schema.getPossibleTypes(t).length))],
    ['__Type.enumValues', longest(types.filter(isEnumType).map((t) => t.getValues().length))],
    ['__Type.inputFields', longest(types.filter(isInputObjectType).map((t) => Object.keys(t.getFields()).length))],
    ['__Field.args', longest(withFields.flatMap((t) => Object.values(t.getFields()).map((f) => f.args.length)))],
    ['__Directive.args', longest(directives.map((d) => d.args.length))],
    ['__Directive.locations', longest(directives.map((d) => d.locations.length))],
  ]);
  introspectionSizes.set(schema, sizes);
  return sizes;
}

/** A connection or a search: one object whose `nodes`, `edges` or `hits` hold a page. */
export const isPagedType = (type: GraphQLNamedType) => type.name.endsWith('Connection') || type.name === 'SearchResults';

/** The data's bound of a list field, looked up on the type, then on each interface it implements. */
function boundOf(bounds: ListBounds | undefined, parent: GraphQLNamedType, name: string): number | undefined {
  if (!bounds) return undefined;
  const own = bounds.largest.get(`${parent.name}.${name}`);
  if (own !== undefined || !isObjectType(parent)) return own;
  for (const face of parent.getInterfaces()) {
    const inherited = bounds.largest.get(`${face.name}.${name}`);
    if (inherited !== undefined) return inherited;
  }
  return undefined;
}

/**
 * The node budget and cost of an operation, computed from the query, its size arguments (`first`,
 * `last`, `limit`, the length of `ids`; variables included) and the data's list bounds before any
 * resolver runs. A connection or a search counts its page (`first`/`last`, 1 to 100); a plain list
 * counts the longest list its field holds in the data (ListBounds), or its argument if smaller;
 * introspection lists have the sizes of introspectionListSizes. Selections on different concrete types
 * (`... on ExchangePenalty`, `... on MarketRumor`) count the largest of them, not their sum.
 *
 * A selection set is measured as if asked for once; the list above multiplies the measure (every term
 * is a product of sizes, so the measure under m items is m times the measure under one). A fragment's
 * measure depends only on the fragment (its type condition fixes the type) and on the page size it is
 * spread under, so it is computed once per (fragment, page).
 */
export function measureQuery(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  options: MeasureOptions = {},
): QueryMeasure {
  const measurer = new QueryMeasurer(schema, document, variables, options);
  const root = rootType(schema, operation);
  const measure = measurer.costOf(operation.selectionSet, root, undefined);
  let introspection: QueryCost = { nodes: 0, cost: 0 };
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || !['__schema', '__type'].includes(selection.name.value)) continue;
    const part = measurer.fieldCost(selection, root, undefined);
    introspection = { nodes: add(introspection.nodes, part.nodes), cost: add(introspection.cost, part.cost) };
  }
  const contributors = measure.contributors.map((c) => ({
    path: c.path.join('.'),
    multiplier: c.multiplier,
    nodes: c.nodes,
    sizedBy: c.sizedBy,
    sizedAt: c.sizedAt?.join('.') ?? null,
  }));
  return { nodes: measure.nodes, cost: add(1, measure.cost), contributors, introspection };
}

/** The walk behind measureQuery, over one operation's document and variables. */
class QueryMeasurer {
  private readonly fragments: Map<string, FragmentDefinitionNode>;
  private readonly listSizes: Map<string, number>;
  /** Fragment measures by (fragment, page). */
  private readonly measured = new Map<string, Measure>();
  private readonly tally: { visits: number };

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly variables: Record<string, unknown>,
    private readonly options: MeasureOptions,
  ) {
    this.fragments = fragmentsOf(document);
    this.listSizes = introspectionListSizes(schema);
    this.tally = options.tally ?? { visits: 0 };
  }

  /** The size a field's own argument asks for (`first`, `last`, `limit`, the length of `ids`, or the default), if any. */
  private sizeArgument(field: FieldNode, definition: GraphQLField<unknown, unknown>): number | undefined {
    const override = this.options.overrides?.get(field);
    if (override !== undefined) return override;
    for (const arg of field.arguments ?? []) {
      const value = valueFromASTUntyped(arg.value, this.variables);
      if (SIZE_ARGUMENTS.includes(arg.name.value) && typeof value === 'number' && Number.isFinite(value)) return Math.min(MEASURE_CEILING, Math.max(0, value));
      if (arg.name.value === 'ids' && Array.isArray(value)) return value.length;
    }
    const fallback = definition.args.find((a) => SIZE_ARGUMENTS.includes(a.name) && typeof a.defaultValue === 'number');
    return fallback?.defaultValue as number | undefined;
  }

  private sizer(field: FieldNode, definition: GraphQLField<unknown, unknown>): FieldNode | null {
    return definition.args.some((a) => SIZE_ARGUMENTS.includes(a.name)) ? field : null;
  }

  private listSize(field: FieldNode, definition: GraphQLField<unknown, unknown>, parent: GraphQLNamedType, page: number | undefined): number {
    const name = field.name.value;
    if (page !== undefined && PAGE_FIELDS.includes(name)) return page;
    if (parent.name.startsWith('__')) return this.listSizes.get(`${parent.name}.${name}`) ?? UNBOUNDED_LIST_SIZE;
    const { bounds } = this.options;
    const bound = boundOf(bounds, parent, name);
    const argument = this.sizeArgument(field, definition);
    if (argument === undefined) return bound ?? UNBOUNDED_LIST_SIZE;
    const asked = times(argument, bounds?.perArgumentUnit.get(`${parent.name}.${name}`) ?? 1);
    return bound === undefined ? asked : Math.min(asked, bound);
  }

  fieldCost(field: FieldNode, parent: Parent, page: number | undefined): Measure {
    const definition = parent && fieldDefinition(this.schema, parent, field.name.value);
    if (!parent || !definition) return NO_MEASURE;
    const named = getNamedType(definition.type);
    const key = field.alias?.value ?? field.name.value;
    const below = (innerPage?: number) => (field.selectionSet ? this.costOf(field.selectionSet, named, innerPage) : NO_MEASURE);
    if (isPagedType(named)) {
      const inner = below(this.sizeArgument(field, definition) ?? (named.name === 'SearchResults' ? DEFAULT_SEARCH_SIZE : DEFAULT_PAGE_SIZE));
      return { nodes: inner.nodes, cost: add(1, inner.cost), contributors: lift(key, inner.contributors, 1, field) };
    }
    if (!isListType(getNullableType(definition.type))) {
      const inner = below();
      return { ...inner, cost: add(fetches(definition) ? 1 : 0, inner.cost), contributors: lift(key, inner.contributors, 1, null) };
    }
    const size = this.listSize(field, definition, parent, page);
    const items = Math.max(1, size);
    const inner = below();
    const isPage = page !== undefined && PAGE_FIELDS.includes(field.name.value);
    const ownSizer = isPage ? null : this.sizer(field, definition);
    const own: Contributor = { path: [key], multiplier: size, nodes: size, sizedBy: ownSizer, sizedAt: ownSizer ? [key] : null };
    return {
      nodes: add(size, times(items, inner.nodes)),
      cost: add(isPage ? 0 : 1, times(items, inner.cost)),
      contributors: strongest([own, ...lift(key, inner.contributors, items, this.sizer(field, definition))]),
    };
  }

  costOf(set: SelectionSetNode, parent: Parent, page: number | undefined): Measure {
    let common = NO_MEASURE;
    const byType = new Map<string, Measure>();
    for (const selection of set.selections) {
      this.tally.visits += 1;
      let inner: Measure;
      let condition: string | undefined;
      if (selection.kind === Kind.FIELD) inner = this.fieldCost(selection, parent, page);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        condition = selection.typeCondition?.name.value;
        inner = this.costOf(selection.selectionSet, condition ? namedType(this.schema, condition) : parent, page);
      } else {
        condition = this.fragments.get(selection.name.value)?.typeCondition.name.value;
        inner = this.fragmentCost(selection.name.value, page);
      }
      const type = condition === undefined ? undefined : namedType(this.schema, condition);
      if (type && isObjectType(type) && type !== parent) byType.set(type.name, sum(byType.get(type.name) ?? NO_MEASURE, inner));
      else common = sum(common, inner);
    }
    const result = byType.size ? sum(common, widest(byType.values())) : common;
    return { ...result, contributors: strongest(result.contributors) };
  }

  private fragmentCost(name: string, page: number | undefined): Measure {
    const key = `${name}\u0000${page ?? ''}`;
    const known = this.measured.get(key);
    if (known) return known;
    this.measured.set(key, NO_MEASURE); // while it is being measured: a cycle back to it counts nothing
    const fragment = this.fragments.get(name);
    const cost = fragment ? this.costOf(fragment.selectionSet, namedType(this.schema, fragment.typeCondition.name.value), page) : NO_MEASURE;
    this.measured.set(key, cost);
    return cost;
  }
}

/** The contributors measured under a field, seen from above it: its name prefixed, multiplied by its items. */
function lift(key: string, inner: Contributor[], items: number, sizedBy: FieldNode | null): Contributor[] {
  return inner.map((c) => ({
    path: [key, ...c.path],
    multiplier: c.multiplier,
    nodes: times(items, c.nodes),
    sizedBy: c.sizedBy ?? sizedBy,
    sizedAt: c.sizedBy ? [key, ...c.sizedAt!] : sizedBy ? [key] : null,
  }));
}
