import { Field, ID, InterfaceType } from 'type-graphql';

/** The object type of a value of an interface (Node, Event): its `graphqlTypeName`, or its class's name. */
export function resolveObjectType(value: { graphqlTypeName?: string; constructor: { name: string } }): string {
  return value.graphqlTypeName ?? value.constructor.name;
}

/** Anything with a global id that `node(id:)` can fetch. The id survives a re-seed. */
@InterfaceType({
  description: 'An object with an opaque global id, fetchable with `node(id:)`. Ids are stable across re-loads of the curated data.',
  resolveType: resolveObjectType,
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id.' })
  id: string;
}
