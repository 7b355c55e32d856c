import { Announcement, Citation } from '../src/announcements/announcement.entity';
import { Authority } from '../src/authorities/authority.entity';
import { MarketClosure, TradingCalendarYear } from '../src/calendar/calendar.entity';
import { Concept } from '../src/concepts/concept.entity';
import { GlossaryTerm } from '../src/glossary/glossary.entity';
import { EventEpisode, EventManager, EventProduct, EventRecord, RumorDenial } from '../src/events/event.entity';
import { Manager } from '../src/managers/manager.entity';
import { Instrument, MarketDataWindow, TradingEpisode } from '../src/market/market.entity';
import { Person, PersonRole } from '../src/people/person.entity';
import { PerformanceFigure } from '../src/performance/performance-figure.entity';
import { Product } from '../src/products/product.entity';

/** One thing wrong with the curated filings: which file, which field, why. */
export interface SeedProblem {
  file: string;
  path: string;
  message: string;
}

/** A filing and the file it was read from (as problems name it). */
export interface Located<T> {
  file: string;
  filing: T;
}

/** The rows of every table, as the filings define them. */
export interface SeedRows {
  authorities: Authority[];
  managers: Manager[];
  products: Product[];
  people: Person[];
  personRoles: PersonRole[];
  announcements: Announcement[];
  citations: Citation[];
  instruments: Instrument[];
  windows: MarketDataWindow[];
  episodes: TradingEpisode[];
  events: EventRecord[];
  eventManagers: EventManager[];
  eventProducts: EventProduct[];
  eventEpisodes: EventEpisode[];
  denials: RumorDenial[];
  figures: PerformanceFigure[];
  calendarYears: TradingCalendarYear[];
  closures: MarketClosure[];
  concepts: Concept[];
  glossaryTerms: GlossaryTerm[];
}

/** What a load changed, table by table. */
export type SeedChanges = Record<string, { inserted: number; updated: number; deleted: number }>;

export function emptySeedRows(): SeedRows {
  return {
    authorities: [],
    managers: [],
    products: [],
    people: [],
    personRoles: [],
    announcements: [],
    citations: [],
    instruments: [],
    windows: [],
    episodes: [],
    events: [],
    eventManagers: [],
    eventProducts: [],
    eventEpisodes: [],
    denials: [],
    figures: [],
    calendarYears: [],
    closures: [],
    concepts: [],
    glossaryTerms: [],
  };
}
