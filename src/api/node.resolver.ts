import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { MAX_NODE_IDS } from '../core/argument-checks';
import { EVENT_TYPE_NAMES } from '../events/event.entity';
import { BARS_WINDOW_PREFIX } from '../market/market.entity';
import { Context } from './context';
import { BadUserInputError } from '../core/errors';
import { fromGlobalId } from '../core/global-id';
import { Node } from '../core/node';

const EVENT_TYPES = new Set(Object.values(EVENT_TYPE_NAMES));

/** Fetches any object by global id. */
function fetchNode(id: string, context: Context): Promise<object | null> {
  const { typeName, key } = fromGlobalId(id);
  return loadNode(typeName, key, context, id);
}

/** Loads an object by its GraphQL type name and stable key, through the request's loaders. */
export async function loadNode(typeName: string, key: string, { loaders, services }: Context, id = `${typeName}:${key}`): Promise<object | null> {
  if (EVENT_TYPES.has(typeName)) {
    const event = await loaders.eventByKey.load(key);
    return event && event.graphqlTypeName === typeName ? event : null;
  }
  switch (typeName) {
    case 'Manager':
      return loaders.managerByKey.load(key);
    case 'Product':
      return loaders.productByKey.load(key);
    case 'Person':
      return loaders.personByKey.load(key);
    case 'Authority':
      return loaders.authorityByCode.load(key);
    case 'Announcement':
      return loaders.announcementByKey.load(key);
    case 'MarketDataWindow':
      return key.startsWith(BARS_WINDOW_PREFIX) ? services.market.windowFromBarsKey(key) : loaders.windowByKey.load(key);
    case 'PerformanceFigure':
      return loaders.figureByKey.load(key);
    case 'TradingEpisode':
      return loaders.episodeByKey.load(key);
    case 'Concept':
      return (await loaders.conceptByKey.load(key)) ?? null;
    case 'GlossaryTerm':
      return loaders.glossaryTermByKey.load(key);
    default:
      throw new BadUserInputError(`"${id}" is not the id of any type in this API`, 'id');
  }
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when it no longer exists.' })
  node(@Arg('id', () => ID, { description: 'A global id from any `id` field.' }) id: string, @Ctx() context: Context): Promise<object | null> {
    return fetchNode(id, context);
  }

  @Query(() => [Node], { nullable: 'items', description: 'Several objects by global id, in the order given; null for each that does not exist. At most 100.' })
  nodes(@Arg('ids', () => [ID], { description: 'Global ids.' }) ids: string[], @Ctx() context: Context): Promise<(object | null)[]> {
    if (ids.length > MAX_NODE_IDS) throw new BadUserInputError(`At most ${MAX_NODE_IDS} ids; got ${ids.length}`, 'ids');
    return Promise.all(ids.map((id) => fetchNode(id, context)));
  }
}
