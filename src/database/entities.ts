import { Announcement, Citation } from '../announcements/announcement.entity';
import { DataVersion } from './data-version';
import { Concept } from '../concepts/concept.entity';
import { Authority } from '../authorities/authority.entity';
import { MarketClosure, TradingCalendarYear } from '../calendar/calendar.entity';
import { EventEpisode, EventManager, EventProduct, EventRecord, RumorDenial } from '../events/event.entity';
import { GlossaryTerm } from '../glossary/glossary.entity';
import { Manager } from '../managers/manager.entity';
import { Instrument, MarketDataWindow, TradingEpisode } from '../market/market.entity';
import { MarketBar } from '../market/market-bar.entity';
import { Person, PersonRole } from '../people/person.entity';
import { PerformanceFigure } from '../performance/performance-figure.entity';
import { Product } from '../products/product.entity';
import { SearchAlias, SearchDocument } from '../search/search.entity';

/** Every entity the DataSource maps. */
export const entities = [
  Authority,
  Manager,
  Product,
  Person,
  PersonRole,
  Announcement,
  Citation,
  Instrument,
  MarketDataWindow,
  TradingEpisode,
  EventRecord,
  EventManager,
  EventProduct,
  EventEpisode,
  RumorDenial,
  PerformanceFigure,
  TradingCalendarYear,
  MarketClosure,
  Concept,
  GlossaryTerm,
  SearchDocument,
  SearchAlias,
  MarketBar,
  DataVersion,
];
