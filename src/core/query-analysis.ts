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
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  return root ?? undefined;
}

/** Page sizes assumed when a list is asked for without a size argument. */
const CONNECTION_DEFAULT = 20;
const SEARCH_DEFAULT = 10;
const TIMELINE_DEFAULT = 200;
const PLAIN_LIST_SIZE = 10;
const PAGE_FIELDS = ['nodes', 'edges', 'hits'];

export interface QueryCost {
  /** Objects the query can return at most, as GitHub counts them: each list's page size times the page sizes above it. */
  nodes: number;
  /** Fetches the query can cause at most, as GitHub counts requests: 1, plus each list or connection times the page sizes above it. */
  cost: number;
}

const NO_COST: QueryCost = { nodes: 0, cost: 0 };

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
  const withFields = types.filter((t) => isObjectType(t) || isInterfaceType(t)) as { getFields(): Record<string, GraphQLField<unknown, unknown>>; getInterfaces(): readonly unknown[] }[];
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

/**
 * The node budget and cost of an operation, computed from the query and its size arguments (`first`,
 * `last`, `limit`, the length of `ids`; variables included) before any resolver runs. A connection or a
 * search result is one object whose `nodes`, `edges` or `hits` hold a page; introspection lists have
 * the sizes of introspectionListSizes.
 *
 * A selection set is measured as if asked for once; the list above multiplies the measure (every term
 * is a product of page sizes, so the measure under m items is m times the measure under one). A
 * fragment's measure depends only on the fragment (its type condition fixes the type) and on the page
 * size it is spread under, so it is computed once per (fragment, page).
 */
export function measureQuery(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>, tally: AnalysisTally = { visits: 0 }): QueryCost {
  const fragments = fragmentsOf(document);
  const listSizes = introspectionListSizes(schema);
  const measured = new Map<string, QueryCost>();
  const sizeArgument = (field: FieldNode): number | undefined => {
    for (const arg of field.arguments ?? []) {
      const value = valueFromASTUntyped(arg.value, variables);
      if (['first', 'last', 'limit'].includes(arg.name.value) && typeof value === 'number' && Number.isFinite(value)) return Math.min(MEASURE_CEILING, Math.max(0, value));
      if (arg.name.value === 'ids' && Array.isArray(value)) return value.length;
    }
    return undefined;
  };
  const listSize = (field: FieldNode, parent: GraphQLNamedType, page: number | undefined): number => {
    const name = field.name.value;
    if (page !== undefined && PAGE_FIELDS.includes(name)) return page;
    if (parent.name.startsWith('__')) return listSizes.get(`${parent.name}.${name}`) ?? PLAIN_LIST_SIZE;
    return sizeArgument(field) ?? (name === 'timeline' ? TIMELINE_DEFAULT : PLAIN_LIST_SIZE);
  };
  const fieldCost = (field: FieldNode, parent: Parent, page: number | undefined): QueryCost => {
    const definition = parent && fieldDefinition(schema, parent, field.name.value);
    if (!parent || !definition) return NO_COST;
    const named = getNamedType(definition.type);
    const below = (page?: number) => (field.selectionSet ? costOf(field.selectionSet, named, page) : NO_COST);
    if (named.name.endsWith('Connection') || named.name === 'SearchResults') {
      const inner = below(sizeArgument(field) ?? (named.name === 'SearchResults' ? SEARCH_DEFAULT : CONNECTION_DEFAULT));
      return { nodes: inner.nodes, cost: add(1, inner.cost) };
    }
    if (!isListType(getNullableType(definition.type))) return below();
    const size = listSize(field, parent, page);
    const inner = below();
    const items = Math.max(1, size);
    return { nodes: add(size, times(items, inner.nodes)), cost: add(page === undefined ? 1 : 0, times(items, inner.cost)) };
  };
  const costOf = (set: SelectionSetNode, parent: Parent, page: number | undefined): QueryCost => {
    let nodes = 0;
    let cost = 0;
    for (const selection of set.selections) {
      tally.visits += 1;
      let inner: QueryCost;
      if (selection.kind === Kind.FIELD) inner = fieldCost(selection, parent, page);
      else if (selection.kind === Kind.INLINE_FRAGMENT) inner = costOf(selection.selectionSet, selection.typeCondition ? namedType(schema, selection.typeCondition.name.value) : parent, page);
      else inner = fragmentCost(selection.name.value, page);
      nodes = add(nodes, inner.nodes);
      cost = add(cost, inner.cost);
    }
    return { nodes, cost };
  };
  const fragmentCost = (name: string, page: number | undefined): QueryCost => {
    const key = `${name}\u0000${page ?? ''}`;
    const known = measured.get(key);
    if (known) return known;
    measured.set(key, NO_COST); // while it is being measured: a cycle back to it counts nothing
    const fragment = fragments.get(name);
    const cost = fragment ? costOf(fragment.selectionSet, namedType(schema, fragment.typeCondition.name.value), page) : NO_COST;
    measured.set(key, cost);
    return cost;
  };
  const measure = costOf(operation.selectionSet, rootType(schema, operation), undefined);
  return { nodes: measure.nodes, cost: add(1, measure.cost) };
}
