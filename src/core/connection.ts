import { IsOptional, Max, Min } from 'class-validator';
import { ArgsType, ClassType, Field, Int, ObjectType } from 'type-graphql';
import { rangeMessage } from './argument-checks';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination';

const PAGE_SIZE = rangeMessage(1, MAX_PAGE_SIZE);

@ObjectType({ description: 'Where a page sits in its list (Relay).' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage: boolean;

  @Field({ description: 'True when items precede this page.' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item on the page.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item on the page; pass it as `after` for the next page.' })
  endCursor: string | null;
}

/**
 * Relay page arguments, the one shape every connection takes. Their sizes are held to their range by the
 * decorators: class-validator before the resolver runs, and checkArguments (which reads them) before a query runs.
 */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Items after \`after\`: 1 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when neither first nor last is given.` })
  @IsOptional()
  @Min(1, { message: PAGE_SIZE })
  @Max(MAX_PAGE_SIZE, { message: PAGE_SIZE })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor to start after (an endCursor or edge cursor from this list).' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Items before \`before\`: 1 to ${MAX_PAGE_SIZE}.` })
  @IsOptional()
  @Min(1, { message: PAGE_SIZE })
  @Max(MAX_PAGE_SIZE, { message: PAGE_SIZE })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor to end before (a startCursor or edge cursor from this list).' })
  before?: string | null;
}

/** Builds the Relay connection and edge types for a node type: `XConnection { totalCount edges nodes pageInfo }`. */
export function ConnectionType<T extends object>(nodeType: ClassType<T> | (abstract new () => T), name: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a list, with its cursor.` })
  class Edge {
    @Field({ description: 'Opaque cursor of this item; pass it as `after` or `before`.' })
    cursor: string;

    @Field(() => nodeType, { description: `The ${name}.` })
    node: T;
  }

  @ObjectType(`${name}ConnectionBase`, { description: `A page of ${name} items (base type, not exposed).` })
  abstract class Connection {
    @Field(() => Int, { description: 'Number of items in the whole list, across all pages.' })
    totalCount: number;

    @Field(() => [Edge], { description: 'The items on this page with their cursors.' })
    edges: Edge[];

    @Field(() => [nodeType], { description: 'The items on this page, without cursors.' })
    nodes: T[];

    @Field(() => PageInfo, { description: 'Where this page sits in the list.' })
    pageInfo: PageInfo;
  }

  return Connection;
}
