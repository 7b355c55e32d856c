import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AnnouncementResolver, CitationResolver } from '../announcements/announcement.resolver';
import { AuthorityResolver } from '../authorities/authority.resolver';
import { CalendarResolver } from '../calendar/calendar.resolver';
import { ConceptResolver } from '../concepts/concept.resolver';
import { countAnswers } from '../core/answer-count';
import { NodeResolver } from './node.resolver';
import {
  EventResolver,
  ExchangePenaltyResolver,
  MarketRumorResolver,
  PerformanceDisclosureResolver,
  RumorDenialResolver,
  TradingSuspensionResolver,
} from '../events/event.resolver';
import { EVENT_OBJECT_TYPES } from '../events/event.types';
import { GlossaryResolver } from '../glossary/glossary.resolver';
import { ManagerResolver } from '../managers/manager.resolver';
import { InstrumentResolver, MarketDataWindowResolver, TradingEpisodeResolver } from '../market/market.resolver';
import { PersonResolver, PersonRoleResolver } from '../people/person.resolver';
import { PerformanceFigureResolver } from '../performance/performance.resolver';
import { ProductResolver } from '../products/product.resolver';
import { SearchResolver } from '../search/search.resolver';

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once per process from the resolvers' decorators. */
export function createSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [
      NodeResolver,
      AuthorityResolver,
      ManagerResolver,
      PersonResolver,
      PersonRoleResolver,
      ProductResolver,
      AnnouncementResolver,
      CitationResolver,
      EventResolver,
      ExchangePenaltyResolver,
      TradingSuspensionResolver,
      PerformanceDisclosureResolver,
      MarketRumorResolver,
      RumorDenialResolver,
      PerformanceFigureResolver,
      MarketDataWindowResolver,
      TradingEpisodeResolver,
      InstrumentResolver,
      ConceptResolver,
      GlossaryResolver,
      CalendarResolver,
      SearchResolver,
    ],
    orphanedTypes: EVENT_OBJECT_TYPES,
    scalarsMap: [],
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  }).then((schema) => {
    // type-graphql offers no option for the root type's description; the playground's docs pane opens on it.
    schema.getQueryType()!.description =
      "fundwatch: regulatory actions and fund events around China's quantitative private funds, every fact with its source document and verbatim quote. Start from events, managers or marketWindows.";
    return countAnswers(schema);
  });
  return built;
}

/** The SDL as checked in at schema/schema.graphql: sorted, so that diffs show real changes. */
export async function printSortedSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await createSchema()))}\n`;
}
