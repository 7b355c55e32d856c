import { Field, ID, InterfaceType } from 'type-graphql';

/** Anything with a global id that `node(id:)` can fetch. The id survives a re-seed. */
@InterfaceType({
  description: 'An object with an opaque global id, fetchable with `node(id:)`. Ids are stable across re-loads of the curated data.',
  resolveType: (value: { graphqlTypeName?: string; constructor: { name: string } }) => value.graphqlTypeName ?? value.constructor.name,
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id.' })
  id: string;
}
